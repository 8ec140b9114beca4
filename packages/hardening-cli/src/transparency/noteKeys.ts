import {
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  NoteError,
  NoteKeyType,
  parseSignerKey,
  parseVerifierKey,
  SignerKey,
  VerifierKey,
} from '@hardening/backstage-plugin-hardening-common';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from '../CliError';
import { CliIo } from '../cliIo';

/** The variable a witness's signer key is read from when `--witness-key` names no file. */
export const WITNESS_KEY_ENV = 'HARDENING_WITNESS_KEY';

const TYPE_NAMES: Record<NoteKeyType, string> = {
  [ED25519_NOTE_TYPE]: 'a log signing key (type 0x01)',
  [ED25519_COSIGNATURE_TYPE]: 'a witness cosignature key (type 0x04)',
};

function fileError(option: string, path: string, error: unknown): CliError {
  return new CliError(
    `${option} @${path}: cannot read the file: ${
      (error as NodeJS.ErrnoException).code ?? error
    }`,
  );
}

/**
 * The verifier keys of a repeatable option: each value is a key (`name+id+base64`) or
 * `@<file>` holding keys one per line (blank lines and `#` comments skipped). Every key
 * must be of `type`; a log's old and new key may both be pinned while it rotates.
 */
export async function readVerifierKeys(
  values: readonly string[],
  option: string,
  type: NoteKeyType,
  io: CliIo,
): Promise<VerifierKey[]> {
  const keys: VerifierKey[] = [];
  for (const value of values) {
    let texts = [value];
    if (value.startsWith('@')) {
      const path = value.slice(1);
      let content: string;
      try {
        content = await readFile(resolve(io.cwd, path), 'utf8');
      } catch (error) {
        throw fileError(option, path, error);
      }
      texts = content
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line && !line.startsWith('#'));
      if (texts.length === 0) {
        throw new CliError(`${option} ${value}: the file holds no key`);
      }
    }
    for (const text of texts) {
      if (text.startsWith('PRIVATE+KEY+')) {
        throw new CliError(
          `${option} takes a verifier (public) key, and was given a signer key: keep that one secret and pass its verifier key (hardening keys generate prints both)`,
        );
      }
      let key: VerifierKey;
      try {
        key = parseVerifierKey(text);
      } catch (error) {
        throw new CliError(
          `${option} "${text}" is not a verifier key: ${
            (error as Error).message
          }`,
        );
      }
      if (key.type !== type) {
        throw new CliError(
          `${option} ${key.name} is ${TYPE_NAMES[key.type]}, not ${
            TYPE_NAMES[type]
          }`,
        );
      }
      keys.push(key);
    }
  }
  return keys;
}

/**
 * A witness's signer key from the file `--witness-key` names, else from
 * {@link WITNESS_KEY_ENV}. Never from the command line itself (it would show in process
 * lists and CI logs), and never echoed in a message.
 */
export async function readWitnessSignerKey(
  path: string | undefined,
  io: CliIo,
): Promise<SignerKey> {
  let text: string;
  let from: string;
  if (path !== undefined) {
    if (path.trim().startsWith('PRIVATE+KEY+')) {
      throw new CliError(
        `--witness-key takes the path of a file holding the key, not the key itself (it would show in process lists and logs); or set ${WITNESS_KEY_ENV}`,
      );
    }
    try {
      text = await readFile(resolve(io.cwd, path), 'utf8');
    } catch (error) {
      throw new CliError(
        `--witness-key ${path}: cannot read the file: ${
          (error as NodeJS.ErrnoException).code ?? error
        }`,
      );
    }
    from = `--witness-key ${path}`;
  } else {
    const value = io.env[WITNESS_KEY_ENV];
    if (!value?.trim()) {
      throw new CliError(
        `no witness key: pass --witness-key <file> or set ${WITNESS_KEY_ENV} to the signer key (hardening keys generate --witness makes one)`,
      );
    }
    text = value;
    from = WITNESS_KEY_ENV;
  }
  let key: SignerKey;
  try {
    key = parseSignerKey(text);
  } catch (error) {
    // NoteError messages describe the form, never the key's bytes.
    throw new CliError(
      `${from} does not hold a signer key: ${
        error instanceof NoteError ? error.message : 'unreadable'
      }`,
    );
  }
  if (key.type !== ED25519_COSIGNATURE_TYPE) {
    throw new CliError(
      `${from} holds ${
        TYPE_NAMES[key.type]
      }; a witness cosigns with a witness key (hardening keys generate --witness)`,
    );
  }
  return key;
}
