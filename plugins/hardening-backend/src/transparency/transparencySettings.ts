import { Config } from '@backstage/config';
import {
  defaultLogKeyName,
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  NoteError,
  parseSignerKey,
  parseVerifierKey,
  SignerKey,
  VerifierKey,
} from '@hardening/backstage-plugin-hardening-common';

/** `hardening.transparency`, read and checked. */
export type TransparencySettings = {
  /** The backend's base URL: its host names the logs (origin lines, key name). */
  baseUrl: string;
  /** The configured signing key; without one the backend uses a stored, generated one. */
  signingKey?: SignerKey;
  /** The name a generated key gets: `<host>/hardening`. */
  generatedKeyName: string;
  witnesses: VerifierKey[];
  freezeRequiresWitnesses: string[];
};

function configError(key: string, error: unknown): Error {
  const why = error instanceof NoteError ? error.message : String(error);
  return new Error(`Invalid hardening.transparency.${key}: ${why}`);
}

/** Reads `hardening.transparency`; an invalid key or witness stops the start-up. */
export function readTransparencySettings(config: Config): TransparencySettings {
  const baseUrl =
    config.getOptionalString('backend.baseUrl') ?? 'http://localhost:7007';
  const section = config.getOptionalConfig('hardening.transparency');
  let signingKey: SignerKey | undefined;
  const keyText = section?.getOptionalString('signingKey');
  if (keyText) {
    try {
      signingKey = parseSignerKey(keyText);
    } catch (error) {
      throw configError('signingKey', error);
    }
    if (signingKey.type !== ED25519_NOTE_TYPE) {
      throw configError(
        'signingKey',
        'it is a witness cosignature key (type 0x04); checkpoints are signed with a type 0x01 key',
      );
    }
  }
  const witnesses = (section?.getOptionalConfigArray('witnesses') ?? []).map(
    (witness, i) => {
      let key: VerifierKey;
      try {
        key = parseVerifierKey(witness.getString('key'));
      } catch (error) {
        throw configError(`witnesses[${i}].key`, error);
      }
      if (key.type !== ED25519_COSIGNATURE_TYPE) {
        throw configError(
          `witnesses[${i}].key`,
          'a witness key has type 0x04 (`hardening keys generate --witness`)',
        );
      }
      return key;
    },
  );
  const names = new Set(witnesses.map(w => w.name));
  if (names.size !== witnesses.length) {
    throw configError('witnesses', 'two witness keys have the same name');
  }
  const freezeRequiresWitnesses =
    section?.getOptionalStringArray('freezeRequiresWitnesses') ?? [];
  for (const name of freezeRequiresWitnesses) {
    if (!names.has(name)) {
      throw configError(
        'freezeRequiresWitnesses',
        `${name} is not the name of a key in hardening.transparency.witnesses`,
      );
    }
  }
  return {
    baseUrl,
    signingKey,
    generatedKeyName: defaultLogKeyName(baseUrl),
    witnesses,
    freezeRequiresWitnesses,
  };
}
