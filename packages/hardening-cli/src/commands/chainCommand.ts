import {
  auditChainActionSchema,
  describePortalWrittenAction,
  isPortalWrittenAuditChainAction,
} from '@hardening/backstage-plugin-hardening-common';
import { Command } from 'commander';
import { resolve } from 'node:path';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import { appendChainEntry } from '../chain/appendChainEntry';
import { pullChain } from '../chain/pullChain';
import { storedChainPages } from '../chain/storedChainPages';
import { verifyChainFile } from '../chain/verifyChainFile';
import {
  addBackendOptions,
  BackendFlags,
  resolveBackendConnection,
} from './connectionOptions';
import { collect } from './optionParsers';
import {
  addTransparencyVerifyOptions,
  TransparencyVerifyFlags,
  verifyTransparency,
  wantsTransparencyCheck,
} from './transparencyVerify';
import { witnessCommand } from './witnessCommand';

/**
 * `--detail key=value` (a string) or `--detail key:=<json>` (a JSON value, e.g.
 * `durationMs:=84000`), as one object; a key given twice is an error.
 */
export function parseDetails(
  pairs: readonly string[],
): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new CliError(
        `--detail "${pair}" is not key=value (or key:=json for a number, boolean, list or object)`,
      );
    }
    const json = pair[eq - 1] === ':';
    const key = pair.slice(0, json ? eq - 1 : eq);
    const raw = pair.slice(eq + 1);
    if (!key) throw new CliError(`--detail "${pair}" has no key`);
    if (Object.prototype.hasOwnProperty.call(details, key)) {
      throw new CliError(`--detail ${key} is given more than once`);
    }
    if (!json) {
      details[key] = raw;
      continue;
    }
    try {
      details[key] = JSON.parse(raw);
    } catch (error) {
      throw new CliError(
        `--detail ${key}:= needs a JSON value: ${(error as Error).message}`,
      );
    }
  }
  return details;
}

/** The actions a release script appends: every one but those only the portal writes. */
const SCRIPT_ACTIONS = auditChainActionSchema.options.filter(
  action => !isPortalWrittenAuditChainAction(action),
);

type AppendFlags = {
  file: string;
  action: string;
  actor?: string;
  detail: string[];
  timestamp?: string;
};

/** `hardening chain pull`: the entity's stored chain into a local file. */
function pullCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('pull')
    .description(
      "write the entity's stored audit chain to a JSONL file, to continue it (e.g. after the portal appended a freeze entry)",
    )
    .requiredOption(
      '--file <chain.jsonl>',
      'the chain file (replaced as a whole once the stored chain is read and verified)',
    )
    .option(
      '--force',
      'replace the file even when it is not a prefix of the stored chain (its extra entries are lost)',
    );
  addBackendOptions(command);
  return command.action(
    async (flags: BackendFlags & { file: string; force?: boolean }) => {
      const connection = resolveBackendConnection(flags, io);
      const { entityRef } = connection.target;
      const pulled = await pullChain(storedChainPages(connection, io), {
        path: resolve(io.cwd, flags.file),
        shown: flags.file,
        force: flags.force === true,
        entityRef,
      });
      const head = pulled.head
        ? `head seq ${pulled.head.seq} hash ${pulled.head.hash}`
        : 'no entries';
      const kept =
        pulled.kept > 0 ? ` (the file had the first ${pulled.kept})` : '';
      io.stdout.write(
        `${flags.file}: ${pulled.length} entries of the stored chain of ${entityRef}${kept}, ${head}\n`,
      );
      setExitCode(EXIT.OK);
    },
  );
}

/** `hardening chain verify <file>`: a JSONL chain file, offline. */
async function verifyFile(
  file: string,
  json: boolean,
  io: CliIo,
): Promise<number> {
  let verdict;
  try {
    verdict = await verifyChainFile(resolve(io.cwd, file));
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  if (json) {
    io.stdout.write(`${JSON.stringify({ file, ...verdict })}\n`);
  } else if (verdict.ok) {
    io.stdout.write(
      verdict.head
        ? `${file}: intact, ${verdict.length} entries, head seq ${verdict.head.seq} hash ${verdict.head.hash}\n`
        : `${file}: intact, no entries\n`,
    );
  } else {
    io.stdout.write(
      `${file}:${verdict.line}: broken at line ${verdict.line}${
        verdict.seq === undefined ? '' : ` (seq ${verdict.seq})`
      }: ${verdict.reason}: ${verdict.message}\n`,
    );
  }
  return verdict.ok ? EXIT.OK : EXIT.CHECK_FAILED;
}

/** `hardening chain append`, `verify`, `pull` and `witness` */
export function chainCommand(
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const append = new Command('append')
    .description(
      'append a release step to a JSONL audit chain, hashed as the backend hashes it',
    )
    .requiredOption(
      '--file <chain.jsonl>',
      'the chain file (created when missing)',
    )
    .requiredOption('--action <action>', SCRIPT_ACTIONS.join(', '))
    .option('--actor <name>', 'who or what ran the step')
    .option(
      '--detail <key=value>',
      'a detail of the step (repeatable); key:=<json> for a number, boolean, list or object',
      collect,
      [],
    )
    .option('--timestamp <iso>', 'when the step ran (default: now)')
    .action(async (flags: AppendFlags) => {
      if (isPortalWrittenAuditChainAction(flags.action)) {
        throw new CliError(
          `--action ${flags.action}: ${describePortalWrittenAction(
            flags.action,
          )}; the backend refuses it in an upload. Freeze the milestone in the portal (POST …/milestones/{id}/freeze), then continue your file from the stored chain (hardening chain pull --file ${
            flags.file
          }). Nothing was appended`,
        );
      }
      const action = auditChainActionSchema.safeParse(flags.action);
      if (!action.success) {
        throw new CliError(
          `--action must be one of ${SCRIPT_ACTIONS.join(', ')}, not "${
            flags.action
          }"`,
        );
      }
      const details = parseDetails(flags.detail);
      const { seq, entry } = await appendChainEntry(
        resolve(io.cwd, flags.file),
        flags.file,
        {
          action: flags.action,
          timestamp: flags.timestamp ?? io.now().toISOString(),
          ...(flags.actor ? { actor: flags.actor } : {}),
          ...(Object.keys(details).length > 0 ? { details } : {}),
        },
      );
      io.stdout.write(
        `${flags.file}: appended seq ${seq} (${entry.action}), hash ${entry.hash}\n`,
      );
      setExitCode(EXIT.OK);
    });

  const verify = new Command('verify')
    .description(
      "verify a JSONL audit chain offline (exits 1 naming the first broken entry); or, with --public-key, the entity's transparency log: its signed checkpoint, that it extends the checkpoint an earlier run saved (exit 5 when it does not), and that entries are in it",
    )
    .argument('[file]', 'the chain file')
    .option('--json', 'print the verdict as JSON');
  addTransparencyVerifyOptions(verify);
  addBackendOptions(verify);
  verify.action(
    async (file: string | undefined, flags: TransparencyVerifyFlags) => {
      if (wantsTransparencyCheck(flags)) {
        if (file !== undefined) {
          throw new CliError(
            `a chain file (${file}) and the transparency log options are two checks: run chain verify once for each`,
          );
        }
        setExitCode(await verifyTransparency(flags, io));
        return;
      }
      if (file === undefined) {
        throw new CliError(
          "chain verify needs a chain file, or --public-key <vkey> to check the entity's transparency log",
        );
      }
      setExitCode(await verifyFile(file, flags.json === true, io));
    },
  );

  return new Command('chain')
    .description(
      'release audit chains (JSONL) and their transparency log: checkpoints, proofs, witnesses',
    )
    .addCommand(append)
    .addCommand(verify)
    .addCommand(pullCommand(io, setExitCode))
    .addCommand(witnessCommand(io, setExitCode));
}
