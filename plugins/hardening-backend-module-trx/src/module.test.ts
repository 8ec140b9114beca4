import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested inside the plugin it extends, as a portal runs it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import hardeningPlugin from '@hardening/backstage-plugin-hardening-backend';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import hardeningModuleTrx from './index';

jest.setTimeout(60_000);

const fixture = readFileSync(
  resolve(__dirname, '__fixtures__/mstest-calculator.trx'),
);
const entity = '/api/hardening/entities/component/default/payments-api';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ids = databases.eachSupportedId().map(([id]) => id);
if (
  process.env.HARDENING_REQUIRE_POSTGRES === '1' &&
  !ids.includes('POSTGRES_15')
) {
  throw new Error(
    'PostgreSQL 15 is required for this test run but is not configured',
  );
}

describe.each(ids)('the TRX module in the backend, on %s', databaseId => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<TestDatabases['init']>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId as TestDatabaseId);
    backend = await startTestBackend({
      features: [
        hardeningPlugin,
        hardeningModuleTrx,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { hardening: { ingest: { maxUploadBytes: 64 * 1024 } } },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'payments-api', namespace: 'default' },
              spec: {
                type: 'service',
                owner: 'group:default/team-payments',
                lifecycle: 'production',
              },
            },
          ],
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(async () => {
    await knex('test_results').delete();
    await knex('evidence_reports').delete();
  });

  const upload = (body: Buffer | string, contentType: string, query = {}) =>
    request(backend.server)
      .post(`${entity}/test-reports`)
      .query({ commit: 'abc1234', ...query })
      .set('Content-Type', contentType)
      .send(body);

  /** Reports and test rows stored, to prove a refusal stored nothing. */
  const stored = async () => ({
    reports: (await request(backend.server).get(`${entity}/test-reports`)).body
      .items.length,
    rows: Number((await knex('test_results').count({ n: '*' }))[0].n),
  });

  it('stores a TRX file sent as application/xml with exact counts: data rows are tests, a retry is folded', async () => {
    const res = await upload(fixture, 'application/xml');
    expect(res.status).toBe(201);
    expect(res.body.report.summary).toEqual({
      format: 'trx',
      tool: 'vstest (mstest)',
      totals: {
        tests: 11,
        passed: 4,
        failed: 2,
        errors: 3,
        skipped: 2,
        flaky: 1,
        durationMs: 86_404_523.346,
      },
    });

    const cases = await request(backend.server).get(
      `${entity}/test-reports/${res.body.report.id}/cases`,
    );
    expect(cases.status).toBe(200);
    expect(cases.body.items).toHaveLength(11);
    const connects = cases.body.items.find(
      (c: { name: string }) => c.name === 'Connects',
    );
    expect(connects).toEqual({
      testId: 'Calc.Tests.NetworkTests::Connects',
      name: 'Connects',
      classname: 'Calc.Tests.NetworkTests',
      suitePath: ['Calc.Tests.dll'],
      status: 'passed',
      durationMs: 2000,
      attempts: 2,
      flaky: true,
      message:
        'System.Net.Sockets.SocketException : Connection refused\nat Calc.Tests.NetworkTests.Connects() in /src/Calc.Tests/NetworkTests.cs:line 12',
    });
    expect(await stored()).toEqual({ reports: 1, rows: 11 });
  });

  it('still reads JUnit sent as application/xml, and TRX chosen with ?format=trx', async () => {
    const junit = await upload(
      '<testsuites><testsuite name="s"><testcase classname="c" name="t"/></testsuite></testsuites>',
      'application/xml',
    );
    expect(junit.status).toBe(201);
    expect(junit.body.report.summary.format).toBe('junit');

    const trx = await upload(fixture, 'text/plain', { format: 'trx' });
    expect(trx.status).toBe(201);
    expect(trx.body.report.summary.format).toBe('trx');
    expect(trx.body.report.summary.totals.tests).toBe(11);
  });

  it.each([
    [
      'a DTD',
      `<?xml version="1.0"?><!DOCTYPE TestRun [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><TestRun><Results><UnitTestResult testName="&b;" outcome="Passed"/></Results></TestRun>`,
      'application/vnd.ms-trx+xml',
      400,
      /DTDs are not accepted in TRX reports/,
    ],
    [
      'an unknown outcome',
      '<TestRun><Results><UnitTestResult testName="a" outcome="Passed"/><UnitTestResult testName="b" outcome="Maybe"/></Results></TestRun>',
      'application/xml',
      400,
      /unknown outcome "Maybe"/,
    ],
    [
      'a truncated file',
      fixture.subarray(0, 5000),
      'application/xml',
      400,
      /Invalid TRX at line/,
    ],
    [
      'a file over hardening.ingest.maxUploadBytes',
      Buffer.concat([fixture, Buffer.alloc(64 * 1024, ' ')]),
      'application/xml',
      413,
      /hardening\.ingest\.maxUploadBytes/,
    ],
    [
      'an unknown ?format',
      fixture,
      'application/xml',
      400,
      /Unknown test-report format "nunit": one of junit, ctrf, trx/,
    ],
  ])(
    'refuses %s and stores nothing',
    async (what, body, type, status, message) => {
      const res = await upload(
        body,
        type,
        what === 'an unknown ?format' ? { format: 'nunit' } : {},
      );
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(await stored()).toEqual({ reports: 0, rows: 0 });
    },
  );
});
