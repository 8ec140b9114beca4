import {
  defaultLogKeyName,
  generateNoteKey,
  parseSignerKey,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { TransparencyLog } from './TransparencyLog';

const LOCAL_BASE_URL = 'http://localhost:7007';

/**
 * A transparency log for a router built without one (tests, embedders): a key made now,
 * held in memory, no witnesses, origins on localhost.
 */
export function createDefaultTransparencyLog(
  db: Knex,
  clock: () => Date,
): TransparencyLog {
  const name = defaultLogKeyName(LOCAL_BASE_URL);
  return new TransparencyLog({
    db,
    signer: parseSignerKey(generateNoteKey(name).signerKey),
    settings: {
      baseUrl: LOCAL_BASE_URL,
      generatedKeyName: name,
      witnesses: [],
      freezeRequiresWitnesses: [],
    },
    clock,
  });
}
