import request from 'supertest';
import {
  parsedTestReport,
  TestOutcome,
} from '../__testUtils__/parsedTestReport';
import {
  createRouteTestKit,
  RouteDeps,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseTestHistoryStore } from '../database/DatabaseTestHistoryStore';
import { createTestHistoryRouter } from './testHistoryRouter';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';

describe.each(ids)('flaky scores (GET …/tests/flaky) on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId });
  const app = (windowDays?: number) =>
    kit.app((deps: RouteDeps) =>
      createTestHistoryRouter({
        ...deps,
        testHistoryStore: new DatabaseTestHistoryStore(deps.knex),
        windowDays,
      }),
    );
  let n = 0;
  const upload = async (
    receivedAt: string,
    commit: string,
    cases: TestOutcome[],
  ) => {
    n += 1;
    await kit.deps().store.insertTestReport({
      entityRef,
      digest: `${n}`.padStart(64, '0'),
      context: { commit, tags: [] },
      receivedAt: new Date(receivedAt),
      report: parsedTestReport(cases),
    });
  };

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    await kit.clear('test_results', 'evidence_reports');
    // Kit clock 2026-11-20T12:00Z; the default window starts 2026-11-07.
    // "settles": a rerun pass, a same-commit failure+pass, a plain pass: 4 runs, 2 flaky.
    await upload('2026-11-18T00:00:00Z', 'aaa1111', [
      { name: 'settles', status: 'passed', attempts: 2, flaky: true },
      { name: 'refunds', status: 'failed' },
    ]);
    await upload('2026-11-19T00:00:00Z', 'bbb2222', [
      { name: 'settles', status: 'failed' },
      { name: 'refunds', status: 'passed' },
    ]);
    await upload('2026-11-19T06:00:00Z', 'bbb2222', [
      { name: 'settles', status: 'passed' },
    ]);
    await upload('2026-11-20T00:00:00Z', 'ccc3333', [
      { name: 'settles', status: 'passed' },
      { name: 'refunds', status: 'failed' },
    ]);
    // Outside a 14-day window, inside a 30-day one: "refunds" is flaky on commit ddd.
    await upload('2026-11-01T00:00:00Z', 'ddd4444', [
      { name: 'refunds', status: 'failed' },
    ]);
    await upload('2026-11-01T01:00:00Z', 'ddd4444', [
      { name: 'refunds', status: 'passed' },
    ]);
  });

  it('scores every flaky test of the window: runs, failures, flaky runs, flake rate, last flaky run and recent outcomes', async () => {
    const res = await request(app()).get(`${base}/tests/flaky`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          testId: 'refunds::settles',
          name: 'settles',
          runs: 4,
          failures: 1,
          flakyRuns: 2,
          flakeRate: 0.5,
          lastFlakyAt: '2026-11-19T00:00:00.000Z',
          rerunPasses: 1,
          sameCommitFlips: 1,
          recent: ['passed', 'failed', 'passed', 'passed'],
          lastSeen: '2026-11-20T00:00:00.000Z',
          lastCommit: 'ccc3333',
          lastStatus: 'passed',
        },
      ],
      total: 1,
      since: '2026-11-07T00:00:00.000Z',
      windowDays: 14,
    });
  });

  it('takes the window from windowDays, else from hardening.flaky.windowDays, and sorts', async () => {
    const wide = await request(app()).get(`${base}/tests/flaky`).query({
      windowDays: 30,
      sort: 'failures',
    });
    expect(wide.status).toBe(200);
    expect(wide.body.windowDays).toBe(30);
    expect(wide.body.since).toBe('2026-10-22T00:00:00.000Z');
    expect(
      wide.body.items.map((i: any) => [
        i.name,
        i.runs,
        i.failures,
        i.flakyRuns,
        i.flakeRate,
      ]),
    ).toEqual([
      ['refunds', 5, 3, 1, 0.2],
      ['settles', 4, 1, 2, 0.5],
    ]);
    const byRate = await request(app(30))
      .get(`${base}/tests/flaky`)
      .query({ sort: 'flakeRate' });
    expect(byRate.body.windowDays).toBe(30);
    expect(byRate.body.items.map((i: any) => i.name)).toEqual([
      'settles',
      'refunds',
    ]);
    const byLast = await request(app(30))
      .get(`${base}/tests/flaky`)
      .query({ sort: 'lastFlaky', limit: 1 });
    expect(byLast.body.items.map((i: any) => i.name)).toEqual(['settles']);
    expect(byLast.body.total).toBe(2);
  });

  it.each([
    ['an unknown sort', { sort: 'name' }],
    ['windowDays 0', { windowDays: '0' }],
    ['windowDays above 90', { windowDays: '91' }],
    ['windowDays not a number', { windowDays: 'two' }],
    [
      'both since and windowDays',
      { since: '2026-11-01T00:00:00Z', windowDays: '7' },
    ],
  ])('answers %s with a 400', async (_, query) => {
    const res = await request(app()).get(`${base}/tests/flaky`).query(query);
    expect(res.status).toBe(400);
  });
});
