import type { TestCaseResult } from '@hardening/backstage-plugin-hardening-common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deepLongSuites,
  suiteFileOnEveryTest,
} from '../__testUtils__/hostileReports';
import {
  junitFixture,
  parseXml,
  realisticJunit,
} from '../__testUtils__/junitInput';
import { parseCtrfJson } from './ctrf/CtrfParser';
import { DEFAULT_MAX_TESTCASES } from './junit/JunitParser';
import { DEFAULT_MAX_TEST_TEXT_BYTES } from './testTextBudget';

/** A string's bytes: 1 per character when all are Latin-1, else 2 per code unit. */
function bytes(value: string | undefined): number {
  if (value === undefined) return 0;
  return /[\u0100-\uffff]/.test(value) ? 2 * value.length : value.length;
}

/** What a stored test holds as text, in bytes. */
function storedBytes(c: TestCaseResult): number {
  return (
    bytes(c.testId) +
    bytes(c.name) +
    bytes(c.classname) +
    bytes(c.file) +
    bytes(c.message) +
    c.suitePath.reduce((sum, name) => sum + bytes(name), 0)
  );
}

function totalBytes(cases: readonly TestCaseResult[]): number {
  return cases.reduce((sum, c) => sum + storedBytes(c), 0);
}

/** Three tests, non-ASCII text, an inherited file, and a retry that brings the message. */
const SMALL = `<testsuites>
<testsuite name="Zahlungen – Erstattung">
<testsuite name="inner" file="src/refunds.test.ts">
<testcase classname="refunds" name="issues a refund ✓" time="0.1"/>
<testcase name="no classname"><failure message="expected 400"/></testcase>
<testcase classname="refunds" name="retried"><failure/></testcase>
<testcase classname="refunds" name="retried"><failure message="boom ✗"/></testcase>
</testsuite>
</testsuite>
</testsuites>`;

describe('the test text budget', () => {
  it('counts the bytes of text each stored test holds (two per character beyond Latin-1): at the limit passes, a byte less is refused', async () => {
    const report = await parseXml(SMALL);
    expect(report.cases).toHaveLength(3);
    expect(report.cases[2]).toMatchObject({ attempts: 2, message: 'boom ✗' });
    const total = totalBytes(report.cases);

    const exact = await parseXml(SMALL, { maxTestTextBytes: total });
    expect(exact).toEqual(report);
    await expect(
      parseXml(SMALL, { maxTestTextBytes: total - 1 }),
    ).rejects.toThrow(
      `The JUnit report would store more than ${
        total - 1
      } bytes of test text (hardening.ingest.maxTestTextBytes): the ids, names, classnames, suite paths, files and messages of its first 3 tests take ${total} bytes (reached at line 7, column 83). A suite's name is stored once for every test under it, in its suite path and in the ids of tests without a classname: shorten long suite, class or test names, split the report into smaller uploads, or raise hardening.ingest.maxTestTextBytes.`,
    );
  });

  it('refuses a CTRF report the same way, naming the entry', () => {
    const json = {
      results: {
        tool: { name: 'playwright' },
        tests: [
          { name: 'checkout works', status: 'passed', suite: ['shop'] },
          { name: 'refund works', status: 'failed', message: 'timeout' },
        ],
      },
    };
    const report = parseCtrfJson(json);
    const total = totalBytes(report.cases);
    expect(parseCtrfJson(json, { maxTestTextBytes: total })).toEqual(report);
    expect(() => parseCtrfJson(json, { maxTestTextBytes: total - 1 })).toThrow(
      /^The CTRF report would store more than \d+ bytes of test text \(hardening\.ingest\.maxTestTextBytes\): .* of its first 2 tests take \d+ bytes \(reached at results\.tests\.1\)\./,
    );
  });

  it.each([
    // 1,024-byte ids and 61,000 bytes of suite path per test case of ~20 bytes.
    [
      'test cases without a classname under 61 suites of 1000 characters',
      deepLongSuites(61, 3_000),
      2_164,
    ],
    // The reviewer's shape: ids of ~1,006 bytes plus the suite path, per test case.
    [
      'test cases without a classname in one suite of 1000 characters',
      deepLongSuites(1, 70_000),
      66_654,
    ],
    // Each test stores the suite's 2048-character file.
    [
      'a 2048-character suite file inherited by every test case',
      suiteFileOnEveryTest(2_048, 70_000),
      65_008,
    ],
  ])(
    'refuses %s under the default budget, early',
    async (_name, xml, tests) => {
      expect(xml.length).toBeLessThan(3 * 1024 * 1024);
      await expect(parseXml(xml)).rejects.toThrow(
        new RegExp(
          `^The JUnit report would store more than ${DEFAULT_MAX_TEST_TEXT_BYTES} bytes .* of its first ${tests} tests take`,
        ),
      );
    },
  );

  it('leaves a large report of a real shape alone', async () => {
    const report = await parseXml(realisticJunit(100_000));
    expect(report.totals).toMatchObject({
      tests: 100_000,
      failed: 101,
      passed: 99_899,
    });
    const perTest = totalBytes(report.cases) / 100_000;
    expect(perTest).toBeGreaterThan(240);
    // 500,000 test cases (the most a report may have) of this shape would fit too.
    expect(perTest * DEFAULT_MAX_TESTCASES).toBeLessThan(
      DEFAULT_MAX_TEST_TEXT_BYTES,
    );
  });

  it('is far above what real-world reports store: 450,000 tests of the widest fixture fit', async () => {
    const fixtures = join(__dirname, '__fixtures__');
    const perTest: Record<string, number> = {};
    for (const name of readdirSync(join(fixtures, 'junit'))) {
      const report = await parseXml(junitFixture(name)).catch(() => undefined);
      if (report && report.cases.length > 0) {
        perTest[name] = totalBytes(report.cases) / report.cases.length;
      }
    }
    for (const name of readdirSync(join(fixtures, 'ctrf'))) {
      const json = JSON.parse(
        readFileSync(join(fixtures, 'ctrf', name), 'utf8'),
      );
      const report = parseCtrfJson(json);
      perTest[name] = totalBytes(report.cases) / report.cases.length;
    }
    expect(Object.keys(perTest).length).toBeGreaterThanOrEqual(17);
    // jest-junit.xml: two of its seven tests fail with stack traces holding € and ●.
    const widest = Math.max(...Object.values(perTest));
    expect(widest).toBe(perTest['jest-junit.xml']);
    expect(widest).toBeGreaterThan(250);
    expect(widest * 450_000).toBeLessThan(DEFAULT_MAX_TEST_TEXT_BYTES);
  });
});
