import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import { parsedTestReport } from '../__testUtils__/parsedTestReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { storeTriageReport } from '../__testUtils__/triageFixtures';
import {
  backfillClusterKeys,
  PENDING_CLUSTER_KEY,
} from './backfillClusterKeys';
import { failureClusterKey } from './normaliseFailure';
import { applyDatabaseMigrations } from '../database/migrations';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const ENTITY = 'component:default/payments-api';
const MIGRATIONS = `${__dirname}/../../migrations`;
const MIGRATION = '20261211170000_failure_cluster_keys.js';

describe.each(ids)('cluster keys on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId });

  beforeAll(() => kit.setup());

  const keys = async () => [
    ...(await kit.knex('test_results').orderBy('id').pluck('cluster_key')),
    ...(await kit.knex('triage_failures').orderBy('id').pluck('cluster_key')),
  ];

  /** The indexes of the two tables (down on SQLite rebuilds a table: none may be lost). */
  const indexes = async (): Promise<string[]> => {
    const names =
      kit.knex.client.config.client === 'pg'
        ? (
            await kit.knex.raw(
              `select indexname as name from pg_indexes where tablename in ('test_results', 'triage_failures')`,
            )
          ).rows
        : await kit
            .knex('sqlite_master')
            .where('type', 'index')
            .whereIn('tbl_name', ['test_results', 'triage_failures'])
            .select('name');
    return names.map((r: { name: string }) => r.name).sort();
  };

  it('are written at ingest for failures only; the migration marks older failures pending and the backfill gives them the same keys', async () => {
    await kit.clear('test_results', 'triage_failures', 'evidence_reports');
    // 600 failures: more than one batch.
    await kit.deps().store.insertTestReport({
      entityRef: ENTITY,
      digest: 'a'.repeat(64),
      context: { tags: [] },
      receivedAt: kit.now,
      report: parsedTestReport([
        { name: 'ok', status: 'passed' },
        ...Array.from({ length: 600 }, (_, i) => ({
          name: `t${i}`,
          status: 'failed' as const,
          message: `timed out after ${i} ms`,
        })),
      ]),
    });
    await storeTriageReport(kit.knex, {
      entityRef: ENTITY,
      now: kit.now,
      hoursAgo: 1,
      commit: 'abcdef0',
      failures: [{ scenarioId: 'BID-001', title: 'Bids leaked 3 times' }],
    });
    const atIngest = await keys();
    expect(atIngest[0]).toBeNull();
    expect(new Set(atIngest.slice(1, 601))).toEqual(
      new Set([failureClusterKey({ message: 'timed out after 9 ms' })]),
    );
    expect(atIngest[601]).toBe(
      failureClusterKey({ message: 'Bids leaked 7 times' }),
    );

    // Back to before the migration and up again: the failures stored before it are
    // marked pending, the passed result gets no key.
    const indexesBefore = await indexes();
    await kit.knex.migrate.down({ directory: MIGRATIONS, name: MIGRATION });
    expect(await indexes()).toEqual(
      indexesBefore.filter(i => !i.endsWith('_cluster_idx')),
    );
    expect(await kit.knex.schema.hasColumn('test_results', 'cluster_key')).toBe(
      false,
    );
    await applyDatabaseMigrations(kit.knex);
    expect(await indexes()).toEqual(indexesBefore);
    expect(await keys()).toEqual([
      null,
      ...Array(601).fill(PENDING_CLUSTER_KEY),
    ]);

    expect(await backfillClusterKeys(kit.knex)).toBe(601);
    expect(await keys()).toEqual(atIngest);
    expect(await backfillClusterKeys(kit.knex)).toBe(0);
  });
});
