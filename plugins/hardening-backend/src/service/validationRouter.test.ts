import request from 'supertest';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createValidationRouter } from './validationRouter';

const report = {
  environment: 'production',
  release: 'v2.4.0',
  checkedAt: '2026-11-20T09:30:00Z',
  metrics: [
    {
      id: 'tenant-isolation',
      status: 'pass',
      detail: 'cross-tenant reads refused',
    },
    { id: 'rbac', status: 'pass' },
    { id: 'feature-flags', status: 'pass' },
    { id: 'immutable-audit', status: 'pass', detail: 'hash chain verified' },
    { id: 'determinism', status: 'pass' },
    { id: 'rollback', status: 'pass', detail: 'rollback rehearsed on canary' },
  ],
};

describe('validation report routes', () => {
  const kit = createRouteTestKit();
  const app = (allow = true) => kit.app(createValidationRouter, { allow });

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear('evidence_reports');
  });

  it('stores a report with its evaluation: 201, then 200 for the same bytes', async () => {
    const first = await request(app())
      .post(`${base}/validation-reports`)
      .query({ commit: 'abc1234', pipeline: 'release' })
      .send(report);
    expect(first.status).toBe(201);
    expect(first.body.report).toMatchObject({
      kind: 'validation',
      receivedAt: kit.now.toISOString(),
      context: { commit: 'abc1234', pipeline: 'release', tags: [] },
      summary: { report, evaluation: { passing: true } },
    });
    expect(first.body.report.summary.evaluation.metrics).toHaveLength(6);

    const again = await request(app())
      .post(`${base}/validation-reports`)
      .query({ commit: 'abc1234', pipeline: 'release' })
      .send(report);
    expect(again.status).toBe(200);
    expect(again.body.report.id).toBe(first.body.report.id);

    const history = await request(app()).get(`${base}/validation-reports`);
    expect(history.body.items).toEqual([first.body.report]);
  });

  it('stores a report missing a required metric as failing, saying which', async () => {
    const res = await request(app())
      .post(`${base}/validation-reports`)
      .send({
        ...report,
        metrics: report.metrics.filter(m => m.id !== 'rollback'),
      });
    expect(res.status).toBe(201);
    const { evaluation } = res.body.report.summary;
    expect(evaluation.passing).toBe(false);
    expect(evaluation.metrics).toContainEqual({
      id: 'rollback',
      required: true,
      status: 'missing',
      passing: false,
      message: 'required metric "rollback" is missing from the report',
    });
  });

  it.each<[string, Record<string, string>, unknown]>([
    [
      'a metric listed twice',
      {},
      {
        ...report,
        metrics: [...report.metrics, { id: 'rbac', status: 'fail' }],
      },
    ],
    [
      'an unknown status',
      {},
      { ...report, metrics: [{ id: 'rbac', status: 'green' }] },
    ],
    ['an unknown field', {}, { ...report, score: 100 }],
    [
      'a bad metric id',
      {},
      { ...report, metrics: [{ id: 'Tenant Isolation', status: 'pass' }] },
    ],
    ['a missing checkedAt', {}, { ...report, checkedAt: undefined }],
    ['a format parameter', { format: 'ctrf' }, report],
    ['an unknown parameter', { env: 'prod' }, report],
  ])('refuses %s with 400 and stores nothing', async (_name, query, body) => {
    const res = await request(app())
      .post(`${base}/validation-reports`)
      .query(query)
      .send(body as object);
    expect(res.status).toBe(400);
    expect(await kit.count('evidence_reports')).toBe(0);
  });

  it('refuses a non-JSON body with 415 and callers without permission with 403', async () => {
    const text = await request(app())
      .post(`${base}/validation-reports`)
      .set('Content-Type', 'text/plain')
      .send('rbac=pass');
    expect(text.status).toBe(415);
    const denied = await request(app(false))
      .post(`${base}/validation-reports`)
      .send(report);
    expect(denied.status).toBe(403);
    expect(await kit.count('evidence_reports')).toBe(0);
  });
});
