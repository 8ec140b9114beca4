import { Command, Option } from 'commander';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import {
  chooseFormat,
  findUploadKind,
  UPLOAD_KINDS,
} from '../upload/evidenceKinds';
import { uploadEvidence } from '../upload/uploadEvidence';
import {
  addConnectionOptions,
  ConnectionFlags,
  resolveUploadSettings,
} from './connectionOptions';

/** Options that only some kinds take (stress-run's k6 parameters). */
const KIND_OPTIONS = [
  ...new Set(UPLOAD_KINDS.flatMap(k => Object.keys(k.params ?? {}))),
];

/** Bytes read from the start of a file to tell its format. */
const HEAD_BYTES = 64 * 1024;

type UploadFlags = ConnectionFlags & {
  format?: string;
  id?: string;
  scenario?: string;
  target?: string;
  startedAt?: string;
  finishedAt?: string;
  maxErrorRate?: string;
  p95Ms?: string;
};

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function fileSize(path: string, shown: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(`${shown} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

async function runUpload(
  kindName: string,
  file: string,
  flags: UploadFlags,
  io: CliIo,
): Promise<number> {
  const kind = findUploadKind(kindName);
  if (!kind) {
    throw new CliError(
      `unknown evidence kind "${kindName}"; one of: ${UPLOAD_KINDS.map(
        k => k.kind,
      ).join(', ')}`,
    );
  }
  const settings = resolveUploadSettings(flags, io);
  const path = resolve(io.cwd, file);
  const size = await fileSize(path, file);
  const chosen = chooseFormat(kind, file, await readHead(path), flags.format);
  if ('error' in chosen) throw new CliError(chosen.error);

  const params: Record<string, string> = {};
  const misplaced: string[] = [];
  for (const option of KIND_OPTIONS) {
    const value = flags[option as keyof UploadFlags];
    if (typeof value !== 'string') continue;
    const query = kind.params?.[option];
    if (query) params[query] = value;
    else
      misplaced.push(
        `--${option.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`,
      );
  }
  if (misplaced.length > 0) {
    throw new CliError(
      `${misplaced.join(', ')} do not apply to ${kind.kind} uploads`,
    );
  }
  let itemId: string | undefined;
  if (kind.itemId) {
    itemId =
      flags.id ??
      basename(file)
        .replace(/\.[^.]*$/, '')
        .toLowerCase();
    if (!kind.itemId.pattern.test(itemId)) {
      throw new CliError(
        `${kind.kind} id "${itemId}" is not valid (${kind.itemId.description}); pass --id`,
      );
    }
  } else if (flags.id !== undefined) {
    throw new CliError(`--id does not apply to ${kind.kind} uploads`);
  }
  await uploadEvidence(
    {
      kind,
      format: chosen.format,
      formatQuery: chosen.query,
      params,
      itemId,
      body: { size, open: () => createReadStream(path) },
      label: basename(file),
    },
    settings,
    io,
  );
  return EXIT.OK;
}

/** `hardening upload <kind> <file>` */
export function uploadCommand(
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const kinds = UPLOAD_KINDS.map(
    k => `  ${k.kind.padEnd(17)} ${k.description}`,
  ).join('\n');
  const command = new Command('upload')
    .description('upload a piece of evidence to the Hardening backend')
    .argument('<kind>', 'evidence kind (listed below)')
    .argument('<file>', 'the file to upload')
    .addOption(
      new Option('--format <format>', 'body format (default: from the file)'),
    )
    .option('--id <id>', 'runbook only: its id (default: the file name)')
    .option('--scenario <name>', 'stress-run, k6 only: what was stressed')
    .option('--target <url>', 'stress-run, k6 only: where the run went')
    .option('--started-at <iso>', 'stress-run, k6 only: start of the run')
    .option('--finished-at <iso>', 'stress-run, k6 only: end of the run')
    .option(
      '--max-error-rate <rate>',
      'stress-run, k6 only: failures / requests must stay below (default 0.01)',
    )
    .option(
      '--p95-ms <ms>',
      'stress-run, k6 only: p95 must stay below, in ms (default 500)',
    )
    .addHelpText(
      'after',
      `\nEvidence kinds:\n${kinds}\n\nFormats: test-report junit|ctrf, contract-results native|sarif, stress-run native|k6.`,
    );
  addConnectionOptions(command);
  return command.action(
    async (kind: string, file: string, flags: UploadFlags) =>
      setExitCode(await runUpload(kind, file, flags, io)),
  );
}
