import { Router } from 'express';
import request from 'supertest';
import {
  createRouteTestKit,
  RouteDeps,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseTestHistoryStore } from '../database/DatabaseTestHistoryStore';
import { createCiGatesRouter } from './ciGatesRouter';
import { createTestHistoryRouter } from './testHistoryRouter';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const ENTITY = 'component:default/payments-api';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const gates = (build: string) => ({
  gates: [
    { name: 'lint', status: 'passed' },
    { name: 'build', status: build },
  ],
});
const cursorOf = (value: object) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe.each(ids)('runAt bounds and list cursors on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId, now: NOW });
  const app = () =>
    kit.app((deps: RouteDeps) =>
      Router()
        .use(createCiGatesRouter(deps))
        .use(
          createTestHistoryRouter({
            ...deps,
            testHistoryStore: new DatabaseTestHistoryStore(deps.knex),
          }),
        ),
    );
  const postGates = (runAt: string, commit: string, build = 'passed') =>
    request(app())
      .post(`${base}/ci-gates`)
      .query({ commit, runAt })
      .send(gates(build));

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    await kit.clear('test_results', 'evidence_reports');
  });

  it('refuses a runAt more than 90 days before the upload with 400, saying what to send, and stores nothing', async () => {
    const yearZero = await postGates('0000-01-01T00:00:00+14:00', 'aaaaaaa');
    expect(yearZero.status).toBe(400);
    expect(yearZero.body.error.message).toBe(
      'runAt is too far in the past: -000001-12-31T10:00:00.000Z is more than 90 days before the upload was received (2026-11-20T12:00:00.000Z); send the time the CI run started, with its time zone, or leave runAt out for evidence uploaded more than 90 days after its run (it is then ordered at its receipt)',
    );
    const justTooOld = await postGates(
      new Date(NOW.getTime() - 90 * DAY - 1).toISOString(),
      'bbbbbbb',
    );
    expect(justTooOld.status).toBe(400);
    expect(await kit.count('evidence_reports')).toBe(0);

    const oldest = await postGates(
      new Date(NOW.getTime() - 90 * DAY).toISOString(),
      'ccccccc',
    );
    expect(oldest.status).toBe(201);
    expect(oldest.body.report.context.runAt).toBe('2026-08-22T12:00:00.000Z');
  });

  it('pages through reports of any stored run time, and refuses a cursor of the earlier format', async () => {
    const older = await postGates(
      new Date(NOW.getTime() - 2 * DAY).toISOString(),
      'aaaaaaa',
      'failed',
    );
    const newer = await postGates(
      new Date(NOW.getTime() - DAY).toISOString(),
      'bbbbbbb',
    );
    // Stored before runAt had a lower bound: a run "started" before year 1.
    await kit
      .knex('evidence_reports')
      .where({ id: older.body.report.id })
      .update({
        run_at: new Date('-000001-12-31T10:00:00.000Z'),
        ordered_at: new Date('-000001-12-31T10:00:00.000Z'),
      });

    const first = await request(app())
      .get(`${base}/ci-gates`)
      .query({ limit: 1 });
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { id: string }) => r.id)).toEqual([
      newer.body.report.id,
    ]);
    const second = await request(app())
      .get(`${base}/ci-gates`)
      .query({ limit: 1, cursor: first.body.nextCursor });
    expect(second.status).toBe(200);
    expect(second.body.items.map((r: { id: string }) => r.id)).toEqual([
      older.body.report.id,
    ]);
    expect(second.body.nextCursor).toBeUndefined();

    // Earlier versions wrote the time as an ISO string.
    const earlier = await request(app())
      .get(`${base}/ci-gates`)
      .query({ limit: 1, cursor: cursorOf({ t: NOW.toISOString(), s: 1 }) });
    expect(earlier.status).toBe(400);
    expect(earlier.body.error.message).toBe('Invalid cursor');
  });

  it("pages through a test's history across a report ordered before year 1", async () => {
    const store = kit.deps().store;
    const stored = [];
    for (const [i, status] of (['failed', 'passed'] as const).entries()) {
      const { report } = await store.insertTestReport({
        entityRef: ENTITY,
        digest: String(i).repeat(64),
        context: { commit: `abcdef${i}`, tags: [] },
        receivedAt: new Date(NOW.getTime() - (2 - i) * DAY),
        report: {
          format: 'junit',
          cases: [
            {
              testId: 'refunds::refuses a refund',
              name: 'refuses a refund',
              suitePath: ['refunds'],
              status,
              attempts: 1,
              flaky: false,
            },
          ],
          totals: {
            tests: 1,
            passed: status === 'passed' ? 1 : 0,
            failed: status === 'failed' ? 1 : 0,
            errors: 0,
            skipped: 0,
            flaky: 0,
            durationMs: 0,
          },
        },
      });
      stored.push(report.id);
    }
    await kit
      .knex('evidence_reports')
      .where({ id: stored[0] })
      .update({ ordered_at: new Date('-000001-12-31T10:00:00.000Z') });

    const history = (cursor?: string) =>
      request(app())
        .get(`${base}/tests/history`)
        .query({
          testId: 'refunds::refuses a refund',
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
    const first = await history();
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { status: string }) => e.status)).toEqual([
      'passed',
    ]);
    const second = await history(first.body.nextCursor);
    expect(second.status).toBe(200);
    expect(
      second.body.items.map((e: { reportId: string }) => e.reportId),
    ).toEqual([stored[0]]);

    const earlier = await history(
      cursorOf({ t: NOW.toISOString(), s: 1, id: 1 }),
    );
    expect(earlier.status).toBe(400);
    expect(earlier.body.error.message).toBe('Invalid cursor');
  });
});
