import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { createRouter } from './router';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/team-payments',
    lifecycle: 'production',
  },
};
const base = '/entities/component/default/payments-api';

describe('CI gate routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let knex: Knex;
  const auditSuccess = jest.fn();
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({
      success: auditSuccess,
      fail: jest.fn(),
    })),
  });

  async function app(allow = true): Promise<express.Express> {
    const router = await createRouter({
      database: knex,
      store: new DatabaseEvidenceStore(knex),
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.user('user:default/ana'),
      }),
      catalog: catalogServiceMock({ entities: [entity] }),
      permissions: mockServices.permissions({
        result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }),
      auditor,
      maxUploadBytes: 1024 * 1024,
      clock: () => new Date('2026-11-20T12:00:00Z'),
    });
    return express().use(router).use(mockErrorHandler());
  }

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
  });

  beforeEach(async () => {
    jest.clearAllMocks();
    await knex('required_gates').delete();
    await knex('evidence_reports').delete();
  });

  it('counts a required gate without a result as failing until a run reports it', async () => {
    const put = await request(await app())
      .put(`${base}/required-gates`)
      .send({ gates: ['lint', 'build'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ required: ['build', 'lint'] });
    expect(auditSuccess).toHaveBeenCalledWith({
      meta: { gates: ['lint', 'build'] },
    });

    const before = await request(await app()).get(`${base}/required-gates`);
    expect(before.body).toMatchObject({
      passing: false,
      latestReportId: null,
      gates: [
        { name: 'build', status: 'missing', passing: false },
        { name: 'lint', status: 'missing', passing: false },
      ],
    });

    const upload = await request(await app())
      .post(`${base}/ci-gates`)
      .query({ commit: 'abc1234' })
      .send({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: 'passed', notes: 'rspack 23 s' },
          { name: 'audit', status: 'failed' },
        ],
      });
    expect(upload.status).toBe(201);
    expect(upload.body.report.kind).toBe('ci-gates');

    const after = await request(await app()).get(`${base}/required-gates`);
    expect(after.body).toMatchObject({
      passing: true,
      latestReportId: upload.body.report.id,
    });

    const again = await request(await app())
      .post(`${base}/ci-gates`)
      .query({ commit: 'abc1234' })
      .send({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: 'passed', notes: 'rspack 23 s' },
          { name: 'audit', status: 'failed' },
        ],
      });
    expect(again.status).toBe(200);
    const history = await request(await app()).get(`${base}/ci-gates`);
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
    const res = await request(await app())
      .post(`${base}/ci-gates`)
      .send(body);
    expect(res.status).toBe(400);
    const [{ n }] = await knex('evidence_reports').count({ n: '*' });
    expect(Number(n)).toBe(0);
  });

  it('lets only allowed callers change the required gates', async () => {
    const res = await request(await app(false))
      .put(`${base}/required-gates`)
      .send({ gates: ['lint'] });
    expect(res.status).toBe(403);
    expect(await knex('required_gates').select()).toEqual([]);
  });

  it('refuses a non-JSON body with 415', async () => {
    const res = await request(await app())
      .post(`${base}/ci-gates`)
      .set('Content-Type', 'text/plain')
      .send('lint=passed');
    expect(res.status).toBe(415);
  });
});
