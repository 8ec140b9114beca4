import { LoggerService } from '@backstage/backend-plugin-api';
import {
  generateNoteKey,
  parseSignerKey,
  SignerKey,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { TransparencySettings } from './transparencySettings';

const KEYS = 'transparency_signing_keys';

/**
 * The key checkpoints are signed with: the configured one, else the one the backend
 * generated and stored (generated now when there is none; replicas starting together
 * settle on the first one stored).
 */
export async function loadSigningKey(
  db: Knex,
  settings: TransparencySettings,
  logger: LoggerService,
  clock: () => Date = () => new Date(),
): Promise<SignerKey> {
  if (settings.signingKey) return settings.signingKey;
  const name = settings.generatedKeyName;
  const read = async () =>
    (await db(KEYS).where({ key_name: name }).first('signer_key'))
      ?.signer_key as string | undefined;
  let stored = await read();
  const generated = !stored;
  if (!stored) {
    const { signerKey } = generateNoteKey(name);
    await db(KEYS)
      .insert({ key_name: name, signer_key: signerKey, created_at: clock() })
      .onConflict('key_name')
      .ignore();
    stored = (await read())!;
  }
  logger.warn(
    `Hardening transparency log: hardening.transparency.signingKey is not set, so checkpoints are signed with a key the backend ${
      generated ? 'generated now' : 'generated earlier'
    } and keeps in its database, where anyone who can read the database can take it. Set hardening.transparency.signingKey (from \`hardening keys generate\`) in production.`,
  );
  const key = parseSignerKey(stored);
  logger.info(
    `Hardening transparency log: checkpoints are signed by ${key.verifierKey}`,
  );
  return key;
}
