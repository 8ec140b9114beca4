import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import {
  parsedTestReport,
  TestOutcome,
} from '../__testUtils__/parsedTestReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  BILLING,
  PAYMENTS,
  permissionsDenying,
  RISK,
  SECRET,
  spiedTriageCatalog,
  storeTriageReport,
  triageEntities,
} from '../__testUtils__/triageFixtures';
import { FailureClusterService } from '../clusters/FailureClusterService';
import { TriageCatalog } from '../triage/triageCatalog';
import { createFailureClustersRouter } from './failureClustersRouter';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const HOUR_MS = 3_600_000;
/** Has reports, but is not in the catalog (or not visible to the caller). */
const HIDDEN = 'component:default/hidden-api';

const refused = (port: number, ms?: number): TestOutcome => ({
  name: `connects to the database ${port}`,
  status: 'error',
  message: `connect ECONNREFUSED 127.0.0.1:${port}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:${
    port % 1000
  }:16)`,
  ...(ms === undefined ? {} : { durationMs: ms }),
});

describe.each(ids)('GET /failure-clusters on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId, entities: triageEntities });
  const catalog = spiedTriageCatalog();
  // A conditional policy: the caller may read every entity but secret-api.
  const permissions = permissionsDenying(SECRET, {
    authorizeConditional: jest.fn(async () => [
      { result: AuthorizeResult.CONDITIONAL },
    ]) as never,
  });
  let queries: string[] = [];
  let digest = 0;

  const app = () =>
    kit.app(deps => {
      const auth = mockServices.auth();
      return createFailureClustersRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user('user:default/ana'),
        }),
        clock: deps.clock,
        clusters: new FailureClusterService({
          database: deps.knex,
          auth,
          catalog,
          permissions,
          teams: new TriageCatalog({ auth, catalog, permissions }),
        }),
      });
    });

  const storeTests = async (
    entityRef: string,
    hoursAgo: number,
    outcomes: TestOutcome[],
    runUrl?: string,
  ) => {
    digest += 1;
    await kit.deps().store.insertTestReport({
      entityRef,
      digest: digest.toString(16).padStart(64, '0'),
      context: { tags: [], ...(runUrl ? { runUrl } : {}) },
      receivedAt: new Date(kit.now.getTime() - hoursAgo * HOUR_MS),
      report: parsedTestReport(outcomes),
    });
  };

  beforeAll(async () => {
    await kit.setup();
    kit.knex.on('query', (q: { sql: string }) => queries.push(q.sql));
  });
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear('test_results', 'triage_failures', 'evidence_reports');
    // One cause across five entities, two of which the caller may not read or see.
    await storeTests(PAYMENTS, 30, [
      refused(5432, 1000),
      { name: 'passes', status: 'passed' },
    ]);
    await storeTests(
      PAYMENTS,
      5,
      [refused(41234, 2000)],
      'https://ci.example.com/runs/9',
    );
    await storeTests(BILLING, 10, [refused(6543)]);
    await storeTests(SECRET, 1, [refused(7000, 5)]);
    await storeTests(HIDDEN, 1, [refused(7001, 5)]);
    // The same message from an integration run of billing-api: the same cluster.
    await storeTriageReport(kit.knex, {
      entityRef: BILLING,
      now: kit.now,
      hoursAgo: 2,
      commit: 'abcdef0',
      failures: [
        {
          scenarioId: 'API-001',
          invariantId: 'TENANT-001',
          message:
            'connect ECONNREFUSED 127.0.0.1:9999\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)',
        },
      ],
    });
    // Another cause, three failures of one entity: less impact.
    await storeTests(PAYMENTS, 3, [
      { name: 'a', status: 'failed', message: 'expected 3 to equal 4' },
      { name: 'b', status: 'failed', message: 'expected 10 to equal 12' },
      { name: 'c', status: 'failed', message: 'expected 1 to equal 0' },
    ]);
    // Outside the default window of 14 days.
    await storeTests(RISK, 20 * 24, [
      { name: 'old', status: 'failed', message: 'disk full on /dev/sda1' },
    ]);
    queries = [];
  });

  it('groups failures across the entities the caller may see and read, ranked by impact, in three queries', async () => {
    const res = await request(app()).get('/failure-clusters');
    expect(res.status).toBe(200);
    expect(res.body.since).toBe(
      new Date(kit.now.getTime() - 14 * 24 * HOUR_MS).toISOString(),
    );
    expect(res.body.clusters).toHaveLength(2);
    const [refusedCluster, assertion] = res.body.clusters;
    expect(refusedCluster).toMatchObject({
      signature:
        'connect ECONNREFUSED <ip>:<port>\nat TCPConnectWrap.afterConnect [as oncomplete] (node:net:<n>:<n>)',
      failures: 4,
      entities: 2,
      entityRefs: [BILLING, PAYMENTS],
      impact: 8,
      firstSeen: new Date(kit.now.getTime() - 30 * HOUR_MS).toISOString(),
      lastSeen: new Date(kit.now.getTime() - 2 * HOUR_MS).toISOString(),
      ciTimeLostMs: 3000,
      timedFailures: 2,
      example: {
        source: 'triage',
        entityRef: BILLING,
        fingerprint: 'API-001|TENANT-001',
      },
    });
    expect(refusedCluster.key).toMatch(/^[0-9a-f]{64}$/);
    expect(assertion).toMatchObject({
      signature: 'expected <n> to equal <n>',
      failures: 3,
      entities: 1,
      impact: 3,
      entityRefs: [PAYMENTS],
      ciTimeLostMs: 0,
      timedFailures: 0,
      example: { source: 'test-report', entityRef: PAYMENTS },
    });
    expect(assertion.example.testId).toMatch(/^refunds::[abc]$/);

    // Not one query per entity or cluster.
    expect(queries).toHaveLength(3);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
  });

  it('gives the newest failure as the example, with its CI run', async () => {
    await storeTests(
      PAYMENTS,
      1,
      [refused(1111)],
      'https://ci.example.com/runs/10',
    );
    const res = await request(app()).get('/failure-clusters?limit=1');
    expect(res.body.clusters).toHaveLength(1);
    expect(res.body.clusters[0].example).toEqual({
      source: 'test-report',
      entityRef: PAYMENTS,
      reportId: expect.any(String),
      receivedAt: new Date(kit.now.getTime() - HOUR_MS).toISOString(),
      testId: 'refunds::connects to the database 1111',
      message: expect.stringContaining('ECONNREFUSED 127.0.0.1:1111'),
      runUrl: 'https://ci.example.com/runs/10',
    });
  });

  it('keeps to the since window', async () => {
    const since = new Date(kit.now.getTime() - 21 * 24 * HOUR_MS);
    const wide = await request(app()).get(
      `/failure-clusters?since=${since.toISOString().slice(0, 10)}`,
    );
    expect(wide.status).toBe(200);
    expect(wide.body.clusters.map((c: any) => c.signature)).toContain(
      'disk full on /dev/sda1',
    );
    const narrow = await request(app()).get(
      `/failure-clusters?since=${encodeURIComponent(
        new Date(kit.now.getTime() - 6 * HOUR_MS).toISOString(),
      )}`,
    );
    expect(
      narrow.body.clusters.map((c: any) => [c.failures, c.entities]),
    ).toEqual([
      // payments-api 5 hours ago, billing-api 2 hours ago: impact 4 before 3
      [2, 2],
      [3, 1],
    ]);
  });

  it("lists only the clusters touching a group's entities, counted across all", async () => {
    const billing = await request(app()).get(
      '/failure-clusters?ownedBy=group:default/team-billing',
    );
    expect(billing.status).toBe(200);
    expect(billing.body.ownedBy).toBe('group:default/team-billing');
    expect(
      billing.body.clusters.map((c: any) => [c.failures, c.entities]),
    ).toEqual([[4, 2]]);
    const risk = await request(app()).get(
      '/failure-clusters?ownedBy=team-risk',
    );
    expect(risk.body.clusters).toEqual([]);
  });

  it('answers 400 for bad input, 404 for an unknown group, 403 without read permission', async () => {
    const day = 24 * HOUR_MS;
    const iso = (ms: number) =>
      encodeURIComponent(new Date(kit.now.getTime() + ms).toISOString());
    const cases: [string, number][] = [
      ['/failure-clusters?since=yesterday', 400],
      ['/failure-clusters?since=2026-13-01', 400],
      [`/failure-clusters?since=${iso(-91 * day)}`, 400],
      [`/failure-clusters?since=${iso(day)}`, 400],
      ['/failure-clusters?limit=0', 400],
      ['/failure-clusters?limit=101', 400],
      ['/failure-clusters?team=x', 400],
      ['/failure-clusters?ownedBy=component:default/payments-api', 400],
      ['/failure-clusters?ownedBy=group:default/nope', 404],
    ];
    for (const [path, status] of cases) {
      const res = await request(app()).get(path);
      expect([path, res.status]).toEqual([path, status]);
    }
    (permissions.authorizeConditional as jest.Mock).mockResolvedValueOnce([
      { result: AuthorizeResult.DENY },
    ]);
    expect((await request(app()).get('/failure-clusters')).status).toBe(403);
  });
});
