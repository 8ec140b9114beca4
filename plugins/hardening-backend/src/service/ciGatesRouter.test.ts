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
