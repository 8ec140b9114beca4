import {
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  generateNoteKey,
} from '@hardening/backstage-plugin-hardening-common';
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';

type GenerateFlags = {
  name: string;
  witness?: boolean;
  signerKeyFile?: string;
};

/** Writes the secret key to a new file only its owner may read; never over a file. */
async function writeSecretFile(path: string, text: string, io: CliIo) {
  const target = resolve(io.cwd, path);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST'
        ? `--signer-key-file ${path} exists; a key file is never overwritten`
        : `--signer-key-file ${path}: cannot write the file: ${code ?? error}`,
    );
  }
}

/**
 * `hardening keys generate`: a new Ed25519 note key pair, the signer key (secret) and
 * its verifier key, in the C2SP text forms the backend's config and the CLI read.
 */
async function generate(flags: GenerateFlags, io: CliIo): Promise<number> {
  const type = flags.witness ? ED25519_COSIGNATURE_TYPE : ED25519_NOTE_TYPE;
  let pair;
  try {
    pair = generateNoteKey(flags.name, type);
  } catch (error) {
    throw new CliError(`--name "${flags.name}": ${(error as Error).message}`);
  }
  const use = flags.witness
    ? 'the witness keeps the signer key (hardening chain witness --witness-key <file>, or HARDENING_WITNESS_KEY); the verifier key goes in the backend config hardening.transparency.witnesses[].key'
    : 'the signer key goes in the backend config hardening.transparency.signingKey (a secret: read it from an environment variable); pin the verifier key in CI (hardening chain verify --public-key)';
  if (flags.signerKeyFile !== undefined) {
    await writeSecretFile(flags.signerKeyFile, `${pair.signerKey}\n`, io);
    io.stdout.write(`${pair.verifierKey}\n`);
    io.stderr.write(
      `hardening: wrote the signer key to ${flags.signerKeyFile} (mode 600) and printed its verifier key; ${use}\n`,
    );
  } else {
    io.stdout.write(`${pair.signerKey}\n${pair.verifierKey}\n`);
    io.stderr.write(
      `hardening: printed the signer key (secret: keep it out of logs) and then its verifier key; ${use}\n`,
    );
  }
  return EXIT.OK;
}

/** `hardening keys generate` */
export function keysCommand(
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const generateCommand = new Command('generate')
    .description(
      "make an Ed25519 key pair for the transparency log (the backend's signing key) or, with --witness, for a witness",
    )
    .requiredOption(
      '--name <key name>',
      'the key name signatures carry, e.g. backstage.example.com/hardening (the log) or release-managers.example.com (a witness)',
    )
    .option(
      '--witness',
      'a witness cosignature key (type 0x04) instead of a log signing key (type 0x01)',
    )
    .option(
      '--signer-key-file <path>',
      'write the signer key to this new file (mode 600) instead of printing it',
    )
    .action(async (flags: GenerateFlags) => {
      setExitCode(await generate(flags, io));
    });
  return new Command('keys')
    .description('transparency log keys')
    .addCommand(generateCommand);
}
