import request from 'supertest';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createCiGatesRouter } from './ciGatesRouter';

describe('CI gate routes', () => {
  const kit = createRouteTestKit();
  const app = (allow = true) => kit.app(createCiGatesRouter, { allow });
  const upload = {
    gates: [
      { name: 'lint', status: 'passed' },
      { name: 'build', status: 'passed', notes: 'rspack 23 s' },
      { name: 'audit', status: 'failed' },
    ],
  };

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear('required_gates', 'evidence_reports');
  });

  it('counts a required gate without a result as failing until a run reports it', async () => {
    const put = await request(app())
      .put(`${base}/required-gates`)
      .send({ gates: ['lint', 'build'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ required: ['build', 'lint'] });
    expect(kit.auditSuccess).toHaveBeenCalledWith({
      meta: { gates: ['lint', 'build'] },
    });

    const before = await request(app()).get(`${base}/required-gates`);
    expect(before.body).toMatchObject({
      passing: false,
      latestReportId: null,
      gates: [
        { name: 'build', status: 'missing', passing: false },
        { name: 'lint', status: 'missing', passing: false },
      ],
    });

    const first = await request(app())
      .post(`${base}/ci-gates`)
      .query({ commit: 'abc1234' })
      .send(upload);
    expect(first.status).toBe(201);
    expect(first.body.report.kind).toBe('ci-gates');

    const after = await request(app()).get(`${base}/required-gates`);
    expect(after.body).toMatchObject({
      passing: true,
      latestReportId: first.body.report.id,
    });

    const again = await request(app())
      .post(`${base}/ci-gates`)
      .query({ commit: 'abc1234' })
      .send(upload);
    expect(again.status).toBe(200);
    const history = await request(app()).get(`${base}/ci-gates`);
    expect(history.body.items).toHaveLength(1);
  });

  it.each([
    [
      'a gate listed twice',
      {
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'lint', status: 'failed' },
        ],
      },
    ],
    ['an unknown status', { gates: [{ name: 'lint', status: 'green' }] }],
    [
      'an unknown field',
      { gates: [{ name: 'lint', status: 'passed' }], extra: true },
    ],
    ['no gates', { gates: [] }],
  ])('refuses %s with 400 and stores nothing', async (_name, body) => {
    const res = await request(app()).post(`${base}/ci-gates`).send(body);
    expect(res.status).toBe(400);
    expect(await kit.count('evidence_reports')).toBe(0);
  });

  it('records the CI run a report came from and serves it back', async () => {
    const res = await request(app())
      .post(`${base}/ci-gates`)
      .query({
        commit: 'abc1234',
        runId: '8812345678',
        runAttempt: '2',
        runAt: '2026-11-20T12:45:00+01:00',
      })
      .send(upload);
    expect(res.status).toBe(201);
    expect(res.body.report.context).toEqual({
      commit: 'abc1234',
      runId: '8812345678',
      runAttempt: 2,
      runAt: '2026-11-20T11:45:00.000Z',
      tags: [],
    });
    const history = await request(app()).get(`${base}/ci-gates`);
    expect(history.body.items[0].context).toEqual(res.body.report.context);
  });

  it.each([
    ['a run id with a space', { runId: '88 12' }],
    ['a run id of 129 characters', { runId: 'x'.repeat(129) }],
    ['a run attempt of 0', { runAttempt: '0' }],
    ['a run attempt that is not a number', { runAttempt: 'second' }],
    ['a run attempt given twice', { runAttempt: ['1', '2'] }],
    ['a run time without a time zone', { runAt: '2026-11-20T12:45:00' }],
    ['a run time that is not a date', { runAt: 'yesterday' }],
  ])('refuses %s with 400 naming the parameter', async (_name, query) => {
    const res = await request(app())
      .post(`${base}/ci-gates`)
      .query(query)
      .send(upload);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(Object.keys(query)[0]);
    expect(await kit.count('evidence_reports')).toBe(0);
  });

  it('lets only allowed callers change the required gates', async () => {
    const res = await request(app(false))
      .put(`${base}/required-gates`)
      .send({ gates: ['lint'] });
    expect(res.status).toBe(403);
    expect(await kit.count('required_gates')).toBe(0);
  });

  it('refuses a non-JSON body with 415', async () => {
    const res = await request(app())
      .post(`${base}/ci-gates`)
      .set('Content-Type', 'text/plain')
      .send('lint=passed');
    expect(res.status).toBe(415);
  });
});
