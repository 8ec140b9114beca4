import {
  contractResultsDocumentSchema,
  evaluateContract,
} from '@hardening/backstage-plugin-hardening-common';
import { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import { checkGates } from '../contract/checkGates';
import { readContractFile } from '../contract/readContractFile';
import { formatResultsTable } from '../contract/resultsTable';
import { buildSarifLog } from '../contract/sarifLog';
import { findUploadKind } from '../upload/evidenceKinds';
import { uploadEvidence, UploadSettings } from '../upload/uploadEvidence';
import { CLI_VERSION } from '../version';
import {
  addConnectionOptions,
  ConnectionFlags,
  resolveUploadSettings,
} from './connectionOptions';
import { integerIn } from './optionParsers';

type CheckFlags = Omit<ConnectionFlags, 'json'> & {
  root?: string;
  sarif?: string;
  json?: string;
  upload?: boolean;
  runCommands?: boolean;
  commandTimeout: number;
  maxListed: number;
};

async function writeOutput(path: string, shown: string, content: string) {
  try {
    await writeFile(path, content);
  } catch (error) {
    throw new CliError(
      `cannot write ${shown}: ${
        (error as NodeJS.ErrnoException).code ?? error
      }`,
    );
  }
}

async function runCheck(
  contractFile: string,
  flags: CheckFlags,
  io: CliIo,
): Promise<number> {
  // Resolved first, so that a missing token or URL fails before the checkout is scanned.
  const settings: UploadSettings | undefined = flags.upload
    ? resolveUploadSettings({ ...flags, json: false }, io)
    : undefined;
  const root = resolve(io.cwd, flags.root ?? '.');
  const { contract, digest } = await readContractFile(
    resolve(io.cwd, contractFile),
    contractFile,
  );

  const startedAt = io.now();
  const checks = await checkGates(contract, {
    root,
    runCommands: flags.runCommands === true,
    commandTimeoutMs: flags.commandTimeout * 1000,
  });
  const finishedAt = io.now();
  const results = checks.map(c => c.result);
  const evaluation = evaluateContract(contract, results, {
    contract: digest,
    reported: digest,
  });

  io.stdout.write(
    `Contract ${contractFile} (${
      contract.gates.length
    } gates, digest ${digest.slice(0, 12)}…) checked against ${
      flags.root ?? '.'
    }\n\n`,
  );
  io.stdout.write(
    formatResultsTable({ checks, evaluation, maxListed: flags.maxListed }),
  );

  const native = contractResultsDocumentSchema.parse({
    contractDigest: digest,
    results,
  });
  const nativeText = `${JSON.stringify(native, null, 2)}\n`;
  if (flags.json) {
    await writeOutput(resolve(io.cwd, flags.json), flags.json, nativeText);
  }
  if (flags.sarif) {
    const sarif = buildSarifLog({
      checks,
      contractDigest: digest,
      toolVersion: CLI_VERSION,
      startedAt,
      finishedAt,
    });
    await writeOutput(
      resolve(io.cwd, flags.sarif),
      flags.sarif,
      `${JSON.stringify(sarif, null, 2)}\n`,
    );
  }
  if (settings) {
    const kind = findUploadKind('contract-results')!;
    const bytes = Buffer.from(nativeText, 'utf8');
    await uploadEvidence(
      {
        kind,
        format: kind.formats.find(f => f.name === 'native')!,
        body: {
          size: bytes.length,
          open: () => Readable.from([bytes]),
        },
        label: 'contract results',
      },
      settings,
      io,
    );
  }
  return evaluation.passing ? EXIT.OK : EXIT.CHECK_FAILED;
}

/** `hardening contract check <contract.yml>` */
export function contractCommand(
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const check = new Command('check')
    .description(
      'check a checkout against a delivery contract; exits 1 when an active gate fails',
    )
    .argument(
      '<contract>',
      'the delivery contract YAML, e.g. docs/delivery-contract.yml',
    )
    .option('--root <dir>', 'the checkout the targets are relative to', '.')
    .option('--sarif <file>', 'write the results as SARIF 2.1.0')
    .option('--json <file>', 'write the results as native JSON')
    .option('--upload', 'upload the results to the Hardening backend')
    .option(
      '--run-commands',
      'run the command gates (through the shell, in --root)',
    )
    .option(
      '--command-timeout <seconds>',
      'stop a command gate after this long',
      integerIn(1, 86_400),
      600,
    )
    .option(
      '--max-listed <n>',
      'violations listed per gate in the table',
      integerIn(0, 100_000),
      20,
    );
  addConnectionOptions(check, { json: false });
  check.action(async (file: string, flags: CheckFlags) =>
    setExitCode(await runCheck(file, flags, io)),
  );
  return new Command('contract')
    .description('delivery contracts')
    .addCommand(check);
}
