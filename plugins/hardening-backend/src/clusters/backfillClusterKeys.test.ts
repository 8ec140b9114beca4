import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import { parsedTestReport } from '../__testUtils__/parsedTestReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { storeTriageReport } from '../__testUtils__/triageFixtures';
import {
  backfillClusterKeys,
  PENDING_CLUSTER_KEY,
} from './backfillClusterKeys';
import { failureClusterKey } from './normaliseFailure';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const ENTITY = 'component:default/payments-api';

describe.each(ids)('cluster keys on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId });

  beforeAll(() => kit.setup());

  const keys = async () => [
    ...(await kit.knex('test_results').orderBy('id').pluck('cluster_key')),
    ...(await kit.knex('triage_failures').orderBy('id').pluck('cluster_key')),
  ];

  it('are written at ingest for failures only, and pending ones are computed to the same keys', async () => {
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

    // As the migration leaves rows stored before it.
    await kit
      .knex('test_results')
      .whereIn('status', ['failed', 'error'])
      .update({ cluster_key: PENDING_CLUSTER_KEY });
    await kit
      .knex('triage_failures')
      .update({ cluster_key: PENDING_CLUSTER_KEY });

    expect(await backfillClusterKeys(kit.knex)).toBe(601);
    expect(await keys()).toEqual(atIngest);
    expect(await backfillClusterKeys(kit.knex)).toBe(0);
  });
});
