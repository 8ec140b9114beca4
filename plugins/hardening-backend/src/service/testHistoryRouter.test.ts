import { Router } from 'express';
import request from 'supertest';
import { jestRepeatedTitles, junitFixture } from '../__testUtils__/junitInput';
import {
  parsedTestReport,
  TestOutcome,
} from '../__testUtils__/parsedTestReport';
import {
  createRouteTestKit,
  RouteDeps,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { DatabaseTestHistoryStore } from '../database/DatabaseTestHistoryStore';
import { createTestHistoryRouter } from './testHistoryRouter';
import { createTestReportsRouter } from './testReportsRouter';

const entityRef = 'component:default/payments-api';

const report = (cases: TestOutcome[]) => parsedTestReport(cases);

describe('test history routes', () => {
  const kit = createRouteTestKit();
  const app = (allow = true) =>
    kit.app(
      (deps: RouteDeps) =>
        createTestHistoryRouter({
          ...deps,
          testHistoryStore: new DatabaseTestHistoryStore(deps.knex),
        }),
      { allow },
    );

  async function upload(
    digest: string,
    receivedAt: string,
    commit: string,
    cases: TestOutcome[],
  ) {
    const { report: stored } = await kit.deps().store.insertTestReport({
      entityRef,
      digest: digest.repeat(64),
      context: { commit, tags: [] },
      receivedAt: new Date(receivedAt),
      report: report(cases),
    });
    return stored.id;
  }

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    await kit.clear('test_results', 'evidence_reports');
  });

  it("serves a test's history newest first and the tests that flip on one commit", async () => {
    const first = await upload('a', '2026-11-18T00:00:00Z', 'abc1234', [
      { name: 'refuses a refund above the charge', status: 'failed' },
      { name: 'fails on one commit only', status: 'failed' },
    ]);
    const second = await upload('b', '2026-11-19T00:00:00Z', 'abc1234', [
      { name: 'refuses a refund above the charge', status: 'passed' },
    ]);
    await upload('c', '2026-11-20T00:00:00Z', 'def5678', [
      { name: 'fails on one commit only', status: 'passed' },
    ]);

    const history = await request(app()).get(`${base}/tests/history`).query({
      testId: 'refunds::refuses a refund above the charge',
      limit: 1,
    });
    expect(history.status).toBe(200);
    expect(history.body).toEqual({
      testId: 'refunds::refuses a refund above the charge',
      items: [
        {
          reportId: second,
          receivedAt: '2026-11-19T00:00:00.000Z',
          commit: 'abc1234',
          status: 'passed',
          attempts: 1,
          flaky: false,
        },
      ],
      nextCursor: expect.any(String),
    });
    const older = await request(app()).get(`${base}/tests/history`).query({
      testId: 'refunds::refuses a refund above the charge',
      cursor: history.body.nextCursor,
    });
    expect(
      older.body.items.map((e: { reportId: string }) => e.reportId),
    ).toEqual([first]);

    const flaky = await request(app()).get(`${base}/tests/flaky`);
    expect(flaky.status).toBe(200);
    expect(flaky.body).toEqual({
      items: [
        {
          testId: 'refunds::refuses a refund above the charge',
          name: 'refuses a refund above the charge',
          runs: 2,
          failures: 1,
          // The failure on abc1234, where it also passed.
          flakyRuns: 1,
          flakeRate: 0.5,
          lastFlakyAt: '2026-11-18T00:00:00.000Z',
          rerunPasses: 0,
          sameCommitFlips: 1,
          recent: ['failed', 'passed'],
          lastSeen: '2026-11-19T00:00:00.000Z',
          lastCommit: 'abc1234',
          lastStatus: 'passed',
        },
      ],
      total: 1,
      // The flaky window at the kit's clock (2026-11-20): today and the 13 days before.
      since: '2026-11-07T00:00:00.000Z',
      windowDays: 14,
    });

    const recent = await request(app())
      .get(`${base}/tests/flaky`)
      .query({ since: '2026-11-19T00:00:00Z', limit: '5' });
    expect(recent.body).toEqual({
      items: [],
      total: 0,
      since: '2026-11-19T00:00:00.000Z',
      windowDays: null,
    });
  });

  it("serves a test's days, counted per UTC day, and refuses bad queries with 400", async () => {
    await upload('h', '2026-11-18T08:00:00Z', 'abc1234', [
      { name: 'issues a refund', status: 'failed' },
    ]);
    await upload('i', '2026-11-18T20:00:00Z', 'abc1234', [
      { name: 'issues a refund', status: 'passed' },
    ]);
    await upload('j', '2026-11-20T09:00:00Z', 'def5678', [
      { name: 'issues a refund', status: 'passed' },
    ]);
    const days = await request(app())
      .get(`${base}/tests/days`)
      .query({ testId: 'refunds::issues a refund', days: '3' });
    expect(days.status).toBe(200);
    expect(days.body).toEqual({
      testId: 'refunds::issues a refund',
      since: '2026-11-18',
      items: [
        {
          day: '2026-11-18',
          runs: 2,
          passed: 1,
          failed: 1,
          errors: 0,
          skipped: 0,
          flaky: 0,
        },
        {
          day: '2026-11-20',
          runs: 1,
          passed: 1,
          failed: 0,
          errors: 0,
          skipped: 0,
          flaky: 0,
        },
      ],
    });
    const today = await request(app())
      .get(`${base}/tests/days`)
      .query({ testId: 'refunds::issues a refund', days: '1' });
    expect(today.body.items.map((d: { day: string }) => d.day)).toEqual([
      '2026-11-20',
    ]);
    for (const query of [
      {},
      { testId: 'refunds::issues a refund', days: '0' },
      { testId: 'refunds::issues a refund', days: '367' },
      { testId: 'refunds::issues a refund', days: 'week' },
      { testId: 'refunds::issues a refund', extra: '1' },
    ]) {
      const bad = await request(app()).get(`${base}/tests/days`).query(query);
      expect(bad.status).toBe(400);
      expect(bad.body.error.name).toBe('InputError');
    }
    const refused = await request(app(false))
      .get(`${base}/tests/days`)
      .query({ testId: 'refunds::issues a refund' });
    expect(refused.status).toBe(403);
  });

  it('counts flaky tests in the flaky window only', async () => {
    // Flipped on one commit, but 15 days before the kit's clock: outside the window.
    await upload('d', '2026-11-05T00:00:00Z', 'old1234', [
      { name: 'flipped long ago', status: 'failed' },
    ]);
    await upload('e', '2026-11-06T23:59:59Z', 'old1234', [
      { name: 'flipped long ago', status: 'passed' },
    ]);
    // Flipped on the window's first day.
    await upload('f', '2026-11-07T00:00:00Z', 'new1234', [
      { name: 'flipped lately', status: 'error' },
    ]);
    await upload('g', '2026-11-20T00:00:00Z', 'new1234', [
      { name: 'flipped lately', status: 'passed' },
    ]);
    const flaky = await request(app()).get(`${base}/tests/flaky`);
    expect(flaky.body).toMatchObject({
      items: [{ name: 'flipped lately', sameCommitFlips: 1 }],
      total: 1,
      windowDays: 14,
    });
  });

  it('counts every test case of an uploaded report with repeated titles, each with its own history', async () => {
    const uploadAndRead = kit.app((deps: RouteDeps) =>
      Router().use(
        createTestReportsRouter({ ...deps, maxUploadBytes: 1024 * 1024 }),
        createTestHistoryRouter({
          ...deps,
          testHistoryStore: new DatabaseTestHistoryStore(deps.knex),
        }),
      ),
    );
    const uploaded = await request(uploadAndRead)
      .post(`${base}/test-reports`)
      .query({ commit: 'abc1234' })
      .set('Content-Type', 'application/xml')
      .send(junitFixture(jestRepeatedTitles.file));
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.report.summary.totals).toEqual(
      jestRepeatedTitles.totals,
    );
    expect(await kit.count('test_results')).toBe(8);

    const adds = 'Cart adds an item::Cart adds an item';
    const statusOf = async (testId: string) => {
      const res = await request(uploadAndRead)
        .get(`${base}/tests/history`)
        .query({ testId });
      expect(res.status).toBe(200);
      return res.body.items.map((i: { status: string }) => i.status);
    };
    expect(await statusOf(adds)).toEqual(['passed']);
    expect(await statusOf(`${adds}#2`)).toEqual(['failed']);
    expect(await statusOf(`${adds}#3`)).toEqual(['passed']);
    expect(await statusOf(`${adds}#4`)).toEqual(['passed']);
    const flaky = await request(uploadAndRead).get(`${base}/tests/flaky`);
    expect(flaky.body).toMatchObject({ items: [], total: 0 });
  });

  it.each([
    ['no testId', '/tests/history', {}],
    ['an empty testId', '/tests/history', { testId: '' }],
    [
      'a testId over 1024 chars',
      '/tests/history',
      { testId: 'x'.repeat(1025) },
    ],
    ['two testIds', '/tests/history', { testId: ['a', 'b'] }],
    ['a bad cursor', '/tests/history', { testId: 'a', cursor: 'bm90LWpzb24' }],
    ['an unknown parameter', '/tests/history', { testId: 'a', status: 'x' }],
    [
      'a since that is not a date-time',
      '/tests/flaky',
      { since: '2026-11-19' },
    ],
    ['a limit above 500', '/tests/flaky', { limit: '501' }],
    ['an unknown parameter', '/tests/flaky', { commit: 'abc1234' }],
  ])('refuses %s on %s with 400', async (_name, path, query) => {
    const res = await request(app()).get(`${base}${path}`).query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
  });

  it('needs read permission on an entity in the catalog', async () => {
    const denied = await request(app(false))
      .get(`${base}/tests/history`)
      .query({ testId: 'a' });
    expect(denied.status).toBe(403);
    const missing = await request(app()).get(
      '/entities/component/default/nope/tests/flaky',
    );
    expect(missing.status).toBe(404);
  });
});
