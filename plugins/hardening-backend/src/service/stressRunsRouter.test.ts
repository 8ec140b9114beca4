import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createStressRunsRouter } from './stressRunsRouter';

const K6_FIXTURES = join(__dirname, '..', 'ingest', '__fixtures__', 'k6');
const k6File = (form: 'handle-summary' | 'summary-export') =>
  readFileSync(join(K6_FIXTURES, `share-pack.${form}.json`), 'utf8');

const nativeRun = {
  scenario: 'share-pack',
  target: 'https://staging.example.test',
  startedAt: '2026-11-20T10:00:00Z',
  finishedAt: '2026-11-20T10:05:00Z',
  phases: [
    {
      name: 'issue tokens',
      kind: 'happy',
      requests: 1200,
      failures: 0,
      latencyMs: { p50: 48, p95: 188, max: 640 },
    },
    {
      name: 'open packs',
      kind: 'read',
      requests: 5400,
      failures: 3,
      latencyMs: { p95: 121 },
    },
    {
      name: 'forged, expired, cross-tenant',
      kind: 'negative',
      requests: 900,
      failures: 0,
      expectedStatuses: [401, 403, 404],
      statusCounts: { '401': 300, '403': 300, '404': 300 },
    },
  ],
  thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
};

describe('stress run routes', () => {
  const kit = createRouteTestKit();
  const app = (allow = true) => kit.app(createStressRunsRouter, { allow });

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear('evidence_reports');
  });

  it('stores a native run with its evaluation: 201, then 200 for the same bytes', async () => {
    const first = await request(app())
      .post(`${base}/stress-runs`)
      .query({ commit: 'abc1234', tags: 'stress' })
      .send(nativeRun);
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    expect(first.body.report).toMatchObject({
      kind: 'stress-run',
      entityRef: 'component:default/payments-api',
      receivedAt: kit.now.toISOString(),
      context: { commit: 'abc1234', tags: ['stress'] },
      summary: {
        format: 'native',
        run: {
          scenario: 'share-pack',
          thresholds: { happyPathZeroErrors: true, negativePassRate: 1 },
        },
        evaluation: { passing: true },
      },
    });
    expect(first.body.report.summary.evaluation.verdicts).toHaveLength(6);
    expect(first.body.report.summary.k6).toBeUndefined();
    expect(kit.auditSuccess).toHaveBeenCalledWith({
      meta: { reportId: first.body.report.id, created: true },
    });

    const again = await request(app())
      .post(`${base}/stress-runs`)
      .query({ commit: 'abc1234', tags: 'stress' })
      .send(nativeRun);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, report: first.body.report });

    const history = await request(app()).get(`${base}/stress-runs`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([first.body.report]);
    expect(await kit.count('evidence_reports')).toBe(1);
  });

  it('stores a failing run too, with the verdict that failed', async () => {
    const leaky = {
      ...nativeRun,
      phases: nativeRun.phases.map(p =>
        p.kind === 'negative'
          ? {
              ...p,
              statusCounts: { '200': 1, '401': 299, '403': 300, '404': 300 },
            }
          : p,
      ),
    };
    const res = await request(app()).post(`${base}/stress-runs`).send(leaky);
    expect(res.status).toBe(201);
    const { evaluation } = res.body.report.summary;
    expect(evaluation.passing).toBe(false);
    expect(
      evaluation.verdicts.filter((v: { passing: boolean }) => !v.passing),
    ).toEqual([
      expect.objectContaining({
        id: 'negative-denials',
        phase: 'forged, expired, cross-tenant',
        message: expect.stringMatching(/1 answered 200$/),
      }),
    ]);
  });

  it('detects a k6 handleSummary upload and applies the methodology thresholds by default', async () => {
    const res = await request(app())
      .post(`${base}/stress-runs`)
      .query({ scenario: 'share-pack', startedAt: '2026-11-20T10:00:00Z' })
      .set('Content-Type', 'application/json')
      .send(k6File('handle-summary'));
    expect(res.status).toBe(201);
    const { summary } = res.body.report;
    expect(summary.format).toBe('k6');
    expect(summary.k6.form).toBe('handle-summary');
    expect(summary.k6.thresholds).toContainEqual({
      metric: 'http_req_duration',
      expression: 'p(95)<500',
      ok: true,
    });
    expect(summary.run).toMatchObject({
      scenario: 'share-pack',
      startedAt: '2026-11-20T10:00:00Z',
      finishedAt: '2026-11-20T10:05:00.413Z',
      thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
    });
    // 2 failed requests out of 48 213: the happy path is not clean.
    expect(summary.evaluation.passing).toBe(false);
    expect(summary.evaluation.verdicts[0]).toMatchObject({
      id: 'happy-path-zero-errors',
      actual: 2,
      passing: false,
    });
  });

  it('gives the legacy --summary-export of the same test the same evaluation', async () => {
    const query = { scenario: 'share-pack', startedAt: '2026-11-20T10:00:00Z' };
    const current = await request(app())
      .post(`${base}/stress-runs`)
      .query(query)
      .set('Content-Type', 'application/json')
      .send(k6File('handle-summary'));
    const legacy = await request(app())
      .post(`${base}/stress-runs`)
      .query({ ...query, format: 'k6' })
      .set('Content-Type', 'application/json')
      .send(k6File('summary-export'));
    expect(legacy.status).toBe(201);
    expect(legacy.body.report.summary.k6.form).toBe('summary-export');
    expect(legacy.body.report.summary.evaluation).toEqual(
      current.body.report.summary.evaluation,
    );
    expect(legacy.body.report.summary.k6.thresholds).toEqual(
      current.body.report.summary.k6.thresholds,
    );
  });

  it('takes k6 thresholds from maxErrorRate and p95Ms', async () => {
    const res = await request(app())
      .post(`${base}/stress-runs`)
      .query({ scenario: 'share-pack', maxErrorRate: '0.05', p95Ms: '200' })
      .set('Content-Type', 'application/json')
      .send(k6File('summary-export'));
    expect(res.status).toBe(201);
    const { run, evaluation } = res.body.report.summary;
    expect(run.thresholds).toMatchObject({ maxErrorRate: 0.05, p95Ms: 200 });
    expect(evaluation.verdicts).toContainEqual(
      expect.objectContaining({ id: 'p95', actual: 236.8412, passing: false }),
    );
  });

  it.each<[string, Record<string, string>, unknown]>([
    [
      'failures above requests',
      {},
      {
        ...nativeRun,
        phases: [{ ...nativeRun.phases[0], failures: 1201 }],
      },
    ],
    ['an unknown field', {}, { ...nativeRun, notes: 'fast' }],
    [
      'a rate in place of a failure count',
      {},
      {
        ...nativeRun,
        phases: [{ ...nativeRun.phases[0], failures: 0.001 }],
      },
    ],
    ['an unknown query parameter', { scenarioo: 'x' }, nativeRun],
    ['k6 parameters on a native run', { p95Ms: '300' }, nativeRun],
    [
      'k6 parameters with format=native',
      { format: 'native', scenario: 'x' },
      nativeRun,
    ],
    ['a body that is neither format', {}, { results: [] }],
    ['a native body forced to k6', { format: 'k6', scenario: 'x' }, nativeRun],
    [
      'a bad threshold parameter',
      { scenario: 'x', maxErrorRate: 'lots' },
      { metrics: {} },
    ],
    ['an unknown format', { format: 'gatling' }, nativeRun],
  ])('refuses %s with 400 and stores nothing', async (_name, query, body) => {
    const res = await request(app())
      .post(`${base}/stress-runs`)
      .query(query)
      .send(body as object);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(await kit.count('evidence_reports')).toBe(0);
  });

  it('refuses a k6 summary without a scenario name, and one that cannot be judged', async () => {
    const noScenario = await request(app())
      .post(`${base}/stress-runs`)
      .set('Content-Type', 'application/json')
      .send(k6File('handle-summary'));
    expect(noScenario.status).toBe(400);
    expect(noScenario.body.error.message).toMatch(/\?scenario=/);

    const summary = JSON.parse(k6File('handle-summary'));
    delete summary.metrics.http_req_failed;
    const noFailures = await request(app())
      .post(`${base}/stress-runs`)
      .query({ scenario: 'share-pack' })
      .send(summary);
    expect(noFailures.status).toBe(400);
    expect(noFailures.body.error.message).toMatch(/no http_req_failed metric/);
    expect(kit.auditFail).toHaveBeenCalled();
    expect(await kit.count('evidence_reports')).toBe(0);
  });

  it('refuses JSON that does not parse with 400', async () => {
    const res = await request(app())
      .post(`${base}/stress-runs`)
      .set('Content-Type', 'application/json')
      .send('{"phases": [');
    expect(res.status).toBe(400);
    expect(await kit.count('evidence_reports')).toBe(0);
  });

  it('refuses a non-JSON body with 415', async () => {
    const res = await request(app())
      .post(`${base}/stress-runs`)
      .set('Content-Type', 'text/plain')
      .send('p95=120');
    expect(res.status).toBe(415);
    expect(await kit.count('evidence_reports')).toBe(0);
  });

  it('lets only allowed callers upload (403) and pages the history', async () => {
    const denied = await request(app(false))
      .post(`${base}/stress-runs`)
      .send(nativeRun);
    expect(denied.status).toBe(403);
    expect(await kit.count('evidence_reports')).toBe(0);

    await request(app()).post(`${base}/stress-runs`).send(nativeRun);
    await request(app())
      .post(`${base}/stress-runs`)
      .send({ ...nativeRun, scenario: 'share-pack-2' });
    const page = await request(app())
      .get(`${base}/stress-runs`)
      .query({ limit: 1 });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });
});
