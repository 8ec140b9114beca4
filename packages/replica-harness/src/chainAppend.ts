import {
  computeEntryHash,
  GENESIS_PREV_HASH,
} from '@hardening/backstage-plugin-hardening-common';
import {
  chainPageSchema,
  entityPath,
  HttpError,
  ReplicaClient,
} from './hardeningApi';
import { sha256Hex } from './chainShape';

/** Appends given up after this many 409s in a row. */
const MAX_ATTEMPTS = 100;

export type Appended = { seq: number; hash: string; conflicts: number };

/** The stored head of an entity's chain as the replica answers it (null: no chain). */
export async function chainHead(client: ReplicaClient, entity: string) {
  const page = await client.get(
    `${entityPath(entity)}/audit-chain?order=desc&limit=1`,
    chainPageSchema,
  );
  return page.head;
}

/**
 * Appends one entry to the entity's chain as a CI job keeping no chain file would: read
 * the stored head, upload one entry continuing it, and when another writer got there
 * first (409: the entry differs from the one now stored at that seq) read the head
 * again and retry.
 */
export async function appendEntry(
  client: ReplicaClient,
  entity: string,
  fields: { actor: string; details: Record<string, unknown> },
): Promise<Appended> {
  for (let conflicts = 0; conflicts < MAX_ATTEMPTS; conflicts++) {
    const head = await chainHead(client, entity);
    const unsigned = {
      action: 'promote',
      timestamp: new Date().toISOString(),
      ...fields,
      prevHash: head?.hash ?? GENESIS_PREV_HASH,
    };
    const entry = { ...unsigned, hash: computeEntryHash(unsigned, sha256Hex) };
    const answer = await client.send(
      'POST',
      `${entityPath(entity)}/audit-chain`,
      {
        contentType: 'application/x-ndjson',
        bytes: `${JSON.stringify(entry)}\n`,
      },
    );
    if (answer.status === 201) {
      return { seq: (head?.seq ?? -1) + 1, hash: entry.hash, conflicts };
    }
    if (answer.status !== 409) {
      throw new HttpError(
        `chain append to ${entity} via ${client.name}`,
        answer.status,
        answer.text,
      );
    }
  }
  throw new Error(
    `chain append to ${entity} via ${client.name}: still 409 after ${MAX_ATTEMPTS} attempts`,
  );
}
