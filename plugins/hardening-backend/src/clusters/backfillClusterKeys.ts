import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { failureClusterKey, triageClusterKey } from './normaliseFailure';

/**
 * The `cluster_key` of failures stored before keys were written at ingest
 * (set by migration 20261211170000); {@link backfillClusterKeys} replaces it.
 */
export const PENDING_CLUSTER_KEY = '-';

const BATCH = 500;

type Row = Record<string, unknown> & { id: number | string };

async function backfillTable(
  db: Knex,
  table: string,
  columns: string[],
  keyOf: (row: Row) => string,
): Promise<number> {
  let done = 0;
  for (;;) {
    // Found through `<table>_cluster_idx`: nothing to read once every row has its key.
    const rows: Row[] = await db(table)
      .where('cluster_key', PENDING_CLUSTER_KEY)
      .orderBy('id')
      .limit(BATCH)
      .select('id', ...columns);
    if (rows.length === 0) return done;
    await db.transaction(async trx => {
      for (const row of rows) {
        await trx(table)
          .where('id', row.id)
          .update({ cluster_key: keyOf(row) });
      }
    });
    done += rows.length;
  }
}

/**
 * Computes the cluster keys of failures marked pending by the migration, in batches of
 * 500 rows; returns how many rows got one. Idempotent: with none pending it is one index
 * read per table.
 */
export async function backfillClusterKeys(
  db: Knex,
  logger?: LoggerService,
): Promise<number> {
  const tests = await backfillTable(db, 'test_results', ['message'], row =>
    failureClusterKey({ message: row.message as string | null }),
  );
  const triage = await backfillTable(
    db,
    'triage_failures',
    ['title', 'symptom', 'message', 'stack'],
    row =>
      triageClusterKey({
        title: (row.title as string | null) ?? undefined,
        symptom: (row.symptom as string | null) ?? undefined,
        message: (row.message as string | null) ?? undefined,
        stack: (row.stack as string | null) ?? undefined,
      }),
  );
  if (tests + triage > 0) {
    logger?.info(
      `Hardening failure clusters: computed the cluster keys of ${tests} test results and ${triage} triage failures stored before them`,
    );
  }
  return tests + triage;
}
