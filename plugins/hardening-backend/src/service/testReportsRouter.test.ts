import {
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

jest.setTimeout(30_000);

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
const now = new Date('2026-11-20T12:00:00.000Z');

const junit = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="99" failures="0">
  <testsuite name="refunds" tests="3">
    <testcase classname="refunds" name="issues a refund" time="0.012"/>
    <testcase classname="refunds" name="refuses a refund above the charge" time="0.004">
      <failure message="expected 400, got 500">stack trace</failure>
    </testcase>
    <testcase classname="refunds" name="is idempotent"><skipped/></testcase>
  </testsuite>
</testsuites>
`;

const ctrf = JSON.stringify({
  results: {
    tool: { name: 'playwright' },
    summary: { tests: 1, passed: 1 },
    tests: [{ name: 'checkout works', status: 'passed', duration: 1200 }],
  },
});

describe('test report routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let knex: Knex;
  const auditSuccess = jest.fn();
  const auditFail = jest.fn();
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({
      success: auditSuccess,
      fail: auditFail,
    })),
  });

  async function app(
    options: {
      allow?: boolean;
      maxUploadBytes?: number;
      maxJsonUploadBytes?: number;
    } = {},
  ): Promise<express.Express> {
    const router = await createRouter({
      database: knex,
      store: new DatabaseEvidenceStore(knex),
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      catalog: catalogServiceMock({ entities: [entity] }),
      permissions: mockServices.permissions({
        result:
          options.allow === false
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
      auditor,
      maxUploadBytes: options.maxUploadBytes ?? 1024 * 1024,
      maxJsonUploadBytes: options.maxJsonUploadBytes,
      clock: () => now,
    });
    return express().use(router).use(mockErrorHandler());
  }

  async function rowCounts() {
    const [reports] = await knex('evidence_reports').count({ n: '*' });
    const [results] = await knex('test_results').count({ n: '*' });
    return { reports: Number(reports.n), results: Number(results.n) };
  }

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
  });

  beforeEach(async () => {
    jest.clearAllMocks();
    await knex('test_results').delete();
    await knex('evidence_reports').delete();
  });

  it('stores a JUnit upload with its CI context and counts from the test cases', async () => {
    const res = await request(await app())
      .post(`${base}/test-reports`)
      .query({ commit: 'abc1234', branch: 'main', tags: 'e2e:happy,smoke' })
      .set('Content-Type', 'application/xml')
      .send(junit);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      created: true,
      report: {
        entityRef: 'component:default/payments-api',
        kind: 'test-report',
        receivedAt: now.toISOString(),
        context: {
          commit: 'abc1234',
          branch: 'main',
          tags: ['e2e:happy', 'smoke'],
        },
        summary: {
          format: 'junit',
          totals: {
            tests: 3,
            passed: 1,
            failed: 1,
            skipped: 1,
            errors: 0,
            flaky: 0,
          },
        },
      },
    });
    expect(res.body.report.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(auditSuccess).toHaveBeenCalledWith({
      meta: { reportId: res.body.report.id, created: true },
    });

    const failed = await request(await app()).get(
      `${base}/test-reports/${res.body.report.id}/cases?status=failed`,
    );
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        name: 'refuses a refund above the charge',
        status: 'failed',
        message: 'expected 400, got 500',
      }),
    ]);

    const list = await request(await app()).get(`${base}/test-reports`);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([
      res.body.report.id,
    ]);

    const summary = await request(await app()).get(`${base}/summary`);
    expect(summary.body).toEqual({
      entityRef: 'component:default/payments-api',
      latest: [res.body.report],
    });
  });

  it('answers 200 with the stored report when the same bytes are uploaded again', async () => {
    const send = async () =>
      request(await app())
        .post(`${base}/test-reports`)
        .set('Content-Type', 'application/xml')
        .send(junit);
    const first = await send();
    const second = await send();
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ created: false, report: first.body.report });
    expect(await rowCounts()).toEqual({ reports: 1, results: 3 });
  });

  it('accepts CTRF JSON', async () => {
    const res = await request(await app())
      .post(`${base}/test-reports`)
      .set('Content-Type', 'application/json')
      .send(ctrf);
    expect(res.status).toBe(201);
    expect(res.body.report.summary).toMatchObject({
      format: 'ctrf',
      totals: { tests: 1, passed: 1 },
    });
  });

  it.each([
    ['no credentials', 401, { auth: 'Bearer mock-none-token' }],
    [
      'an entity missing from the catalog',
      404,
      { path: '/entities/component/default/nope' },
    ],
    [
      'an invalid entity name',
      400,
      { path: '/entities/component/default/bad%20name' },
    ],
    ['a caller the policy denies', 403, { allow: false }],
    ['an unsupported content type', 415, { type: 'text/plain' }],
    ['an unknown query parameter', 400, { query: { comit: 'abc1234' } }],
    ['a commit that is not a SHA', 400, { query: { commit: 'main; rm -rf' } }],
    [
      'a run URL that is not http(s)',
      400,
      { query: { runUrl: 'ftp://ci.example.com/runs/1' } },
    ],
    ['a body over the size limit', 413, { maxUploadBytes: 100 }],
    ['malformed XML', 400, { body: '<testsuites><testcase name="a">' }],
    [
      'a DTD (XXE)',
      400,
      {
        body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><testsuites>&e;</testsuites>',
      },
    ],
    [
      'invalid CTRF',
      400,
      { type: 'application/json', body: '{"results":{"tests":"x"}}' },
    ],
    [
      'JSON that does not parse',
      400,
      { type: 'application/json', body: '{"results":' },
    ],
  ] as const)(
    'refuses %s with %i and writes nothing',
    async (_name, status, c) => {
      const opts = c as {
        auth?: string;
        path?: string;
        allow?: boolean;
        type?: string;
        query?: Record<string, string>;
        maxUploadBytes?: number;
        body?: string;
      };
      const req = request(
        await app({ allow: opts.allow, maxUploadBytes: opts.maxUploadBytes }),
      )
        .post(`${opts.path ?? base}/test-reports`)
        .query(opts.query ?? {})
        .set('Content-Type', opts.type ?? 'application/xml');
      if (opts.auth) req.set('Authorization', opts.auth);
      const res = await req.send(opts.body ?? junit);

      expect(res.status).toBe(status);
      expect(res.body.error.message).toEqual(expect.any(String));
      expect(await rowCounts()).toEqual({ reports: 0, results: 0 });
    },
  );

  it('limits CTRF uploads by maxJsonUploadBytes and JUnit uploads by maxUploadBytes', async () => {
    const limited = await app({ maxJsonUploadBytes: 200 });
    const big = JSON.stringify({
      results: {
        tool: { name: 'playwright' },
        tests: Array.from({ length: 5 }, (_, i) => ({
          name: `checkout works ${i}`,
          status: 'passed',
          duration: 1200,
        })),
      },
    });
    expect(Buffer.byteLength(big)).toBeGreaterThan(200);
    const refused = await request(limited)
      .post(`${base}/test-reports`)
      .set('Content-Type', 'application/json')
      .send(big);
    expect(refused.status).toBe(413);
    expect(refused.body.error.message).toBe(
      'Upload exceeds the limit of 200 bytes (hardening.ingest.maxJsonUploadBytes)',
    );
    expect(await rowCounts()).toEqual({ reports: 0, results: 0 });

    expect(Buffer.byteLength(junit)).toBeGreaterThan(200);
    const xml = await request(limited)
      .post(`${base}/test-reports`)
      .set('Content-Type', 'application/xml')
      .send(junit);
    expect(xml.status).toBe(201);

    // maxUploadBytes caps JSON too when it is the smaller limit.
    const capped = await request(await app({ maxUploadBytes: 100 }))
      .post(`${base}/test-reports`)
      .set('Content-Type', 'application/json')
      .send(big);
    expect(capped.status).toBe(413);
    expect(capped.body.error.message).toBe(
      'Upload exceeds the limit of 100 bytes (hardening.ingest.maxUploadBytes)',
    );
  });

  it('names the line of a character XML forbids inside system-out', async () => {
    const body = `<testsuites>\n<testsuite name="s">\n<testcase name="t">\n<system-out>ok \u001b[31m red</system-out>\n</testcase></testsuite></testsuites>`;
    const res = await request(await app())
      .post(`${base}/test-reports`)
      .set('Content-Type', 'application/xml')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/line 4/);
    expect(auditFail).toHaveBeenCalledTimes(1);
  });

  it('pages report history with limit and cursor and rejects a bad limit', async () => {
    const bad = await request(await app()).get(`${base}/test-reports?limit=0`);
    expect(bad.status).toBe(400);
    const unknownReport = await request(await app()).get(
      `${base}/test-reports/00000000-0000-4000-8000-000000000000/cases`,
    );
    expect(unknownReport.status).toBe(404);
  });
});
