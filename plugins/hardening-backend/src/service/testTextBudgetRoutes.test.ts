import request from 'supertest';
import { deepLongSuites } from '../__testUtils__/hostileReports';
import { realisticJunit } from '../__testUtils__/junitInput';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestReportsRouter } from './testReportsRouter';

jest.setTimeout(120_000);

const { ids } = createTestDatabases();

describe.each(ids)(
  'the text a test report may store (hardening.ingest.maxTestTextBytes), on %s',
  databaseId => {
    const kit = createRouteTestKit({ databaseId });
    const app = (maxTestTextBytes?: number) =>
      kit.app(deps =>
        createTestReportsRouter({
          ...deps,
          maxUploadBytes: 64 * 1024 * 1024,
          maxTestTextBytes,
        }),
      );
    const upload = (
      server: ReturnType<typeof app>,
      body: string,
      type = 'application/xml',
    ) =>
      request(server)
        .post(`${base}/test-reports`)
        .query({ commit: 'abc1234' })
        .set('Content-Type', type)
        .send(body);

    beforeAll(() => kit.setup());
    beforeEach(async () => {
      jest.clearAllMocks();
      await kit.clear('test_results', 'evidence_reports');
    });

    async function nothingStored() {
      expect(await kit.count('evidence_reports')).toBe(0);
      expect(await kit.count('test_results')).toBe(0);
    }

    it('refuses a small upload that would store a lot (deep suites of long names) with 400 by default, and stores nothing', async () => {
      // 2,500 test cases in 61 suites of 1000-character names: 100 KB of XML, but each
      // test would store its 61,000-byte suite path and a 1024-byte id.
      const xml = deepLongSuites(61, 2_500);
      expect(xml.length).toBeLessThan(200_000);
      const res = await upload(app(), xml);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^The JUnit report would store more than 134217728 bytes of test text \(hardening\.ingest\.maxTestTextBytes\): the ids, names, classnames, suite paths, files and messages of its first 2164 tests take \d+ bytes \(reached at line 1, column \d+\)\. .*shorten long suite, class or test names, split the report into smaller uploads, or raise hardening\.ingest\.maxTestTextBytes\.$/,
      );
      expect(kit.auditFail).toHaveBeenCalledTimes(1);
      await nothingStored();
    });

    it('applies the configured budget to JUnit and CTRF uploads alike', async () => {
      const xml = realisticJunit(200);
      const junit = await upload(app(10_000), xml);
      expect(junit.status).toBe(400);
      expect(junit.body.error.message).toMatch(
        /^The JUnit report would store more than 10000 bytes of test text .* of its first 41 tests take/,
      );
      const ctrf = await upload(
        app(100),
        JSON.stringify({
          results: {
            tool: { name: 'playwright' },
            tests: [
              { name: 'checkout works', status: 'passed', suite: ['shop'] },
              {
                name: 'refund works',
                status: 'failed',
                message: 'x'.repeat(90),
              },
            ],
          },
        }),
        'application/json',
      );
      expect(ctrf.status).toBe(400);
      expect(ctrf.body.error.message).toMatch(
        /^The CTRF report would store more than 100 bytes .* \(reached at results\.tests\.1\)\./,
      );
      await nothingStored();

      const accepted = await upload(app(), xml);
      expect(accepted.status).toBe(201);
      expect(await kit.count('test_results')).toBe(200);
    });

    it('stores a large report of a real shape whole under the default budget', async () => {
      const res = await upload(app(), realisticJunit(20_000));
      expect(res.status).toBe(201);
      expect(res.body.report.summary.totals).toMatchObject({
        tests: 20_000,
        passed: 19_979,
        failed: 21,
      });
      expect(await kit.count('test_results')).toBe(20_000);
    });
  },
);
