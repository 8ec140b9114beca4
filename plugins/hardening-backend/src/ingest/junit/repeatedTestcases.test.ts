import {
  type ParsedTestReport,
  testCaseResultSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { createHash } from 'node:crypto';
import {
  jestRepeatedTitles,
  junitFixture,
  parseXml,
  suite,
} from '../../__testUtils__/junitInput';

const FAIL = '<failure message="first"/>';
const ERROR = '<error message="second"/>';
const SKIP = '<skipped/>';
const PASS = '';

/** The tests of one suite listing `c::t` once per outcome, as [testId, status, attempts, flaky]. */
async function listed(...outcomes: string[]) {
  const body = outcomes
    .map(
      (o, i) =>
        `<testcase classname="c" name="t" time="${i + 1}">${o}</testcase>`,
    )
    .join('\n');
  const report = await parseXml(suite(body));
  return report.cases.map(c => [c.testId, c.status, c.attempts, c.flaky]);
}

function parseFixture(name: string): Promise<ParsedTestReport> {
  return parseXml(junitFixture(name));
}

function summary(report: ParsedTestReport) {
  return report.cases.map(c => [c.testId, c.status, c.attempts, c.flaky]);
}

describe('repeated <testcase> elements', () => {
  describe('in one suite, same classname and name', () => {
    it('failed, then passed: one test, retried, flaky', async () => {
      const report = await parseXml(
        suite(`<testcase classname="c" name="t" time="1">${FAIL}</testcase>
<testcase classname="c" name="t" time="2"/>`),
      );
      expect(report.cases).toEqual([
        {
          testId: 'c::t',
          name: 't',
          classname: 'c',
          suitePath: ['s'],
          status: 'passed',
          durationMs: 3000,
          attempts: 2,
          flaky: true,
          message: 'first',
        },
      ]);
      expect(report.totals).toMatchObject({ tests: 1, passed: 1, flaky: 1 });
    });

    it('passed, then failed: two tests, the second is not a retry', async () => {
      expect(await listed(PASS, FAIL)).toEqual([
        ['c::t', 'passed', 1, false],
        ['c::t#2', 'failed', 1, false],
      ]);
    });

    it('failed until the last retry passed: one test with every attempt', async () => {
      expect(await listed(FAIL, FAIL, PASS)).toEqual([
        ['c::t', 'passed', 3, true],
      ]);
    });

    it('failing every time keeps the last failing status and the first message', async () => {
      const report = await parseXml(
        suite(
          [ERROR, FAIL, FAIL]
            .map(o => `<testcase classname="c" name="t">${o}</testcase>`)
            .join(''),
        ),
      );
      expect(report.cases).toMatchObject([
        { status: 'failed', attempts: 3, flaky: false, message: 'second' },
      ]);
      expect(await listed(FAIL, ERROR)).toEqual([['c::t', 'error', 2, false]]);
    });

    it('a test that passed ends its retries: what follows is another test', async () => {
      expect(await listed(FAIL, PASS, PASS)).toEqual([
        ['c::t', 'passed', 2, true],
        ['c::t#2', 'passed', 1, false],
      ]);
      expect(await listed(FAIL, PASS, FAIL, PASS)).toEqual([
        ['c::t', 'passed', 2, true],
        ['c::t#2', 'passed', 2, true],
      ]);
      expect(await listed(PASS, PASS, PASS)).toEqual([
        ['c::t', 'passed', 1, false],
        ['c::t#2', 'passed', 1, false],
        ['c::t#3', 'passed', 1, false],
      ]);
    });

    it('a skipped repeat is a test of its own, and never retried', async () => {
      expect(await listed(SKIP, SKIP)).toEqual([
        ['c::t', 'skipped', 1, false],
        ['c::t#2', 'skipped', 1, false],
      ]);
      expect(await listed(FAIL, SKIP)).toEqual([
        ['c::t', 'failed', 1, false],
        ['c::t#2', 'skipped', 1, false],
      ]);
      expect(await listed(SKIP, PASS)).toEqual([
        ['c::t', 'skipped', 1, false],
        ['c::t#2', 'passed', 1, false],
      ]);
      // The failure after the skip starts a test, and the pass retries that one.
      expect(await listed(SKIP, FAIL, PASS)).toEqual([
        ['c::t', 'skipped', 1, false],
        ['c::t#2', 'passed', 2, true],
      ]);
    });

    it('Surefire rerun children count as attempts of their own testcase', async () => {
      // Passed on a rerun (flaky): a later failing testcase is another test.
      expect(await listed('<flakyFailure message="flaked"/>', FAIL)).toEqual([
        ['c::t', 'passed', 2, true],
        ['c::t#2', 'failed', 1, false],
      ]);
      // Failed on every rerun: a later passing testcase is its retry.
      expect(
        await listed(`${FAIL}<rerunFailure message="again"/>`, PASS),
      ).toEqual([['c::t', 'passed', 3, true]]);
    });

    it('sums only the durations that exist', async () => {
      const report = await parseXml(
        suite(
          '<testcase classname="c" name="t" time="0.5"><failure/></testcase><testcase classname="c" name="t"/><testcase classname="c" name="u"/>',
        ),
      );
      expect(report.cases.map(c => c.durationMs)).toEqual([500, undefined]);
      expect(report.totals.durationMs).toBe(500);
    });
  });

  describe('across suites and identities', () => {
    it('tells tests with the same name in different classes apart', async () => {
      const report = await parseXml(
        suite(
          '<testcase classname="a" name="t"/><testcase classname="b" name="t"><failure/></testcase>',
        ),
      );
      expect(summary(report)).toEqual([
        ['a::t', 'passed', 1, false],
        ['b::t', 'failed', 1, false],
      ]);
    });

    it('never retries across <testsuite> elements, even ones with the same name', async () => {
      const report = await parseXml(`<testsuites>
  <testsuite name="a"><testcase classname="c" name="t">${FAIL}</testcase></testsuite>
  <testsuite name="a"><testcase classname="c" name="t"/></testsuite>
</testsuites>`);
      expect(summary(report)).toEqual([
        ['c::t', 'failed', 1, false],
        ['c::t#2', 'passed', 1, false],
      ]);
      expect(report.totals).toMatchObject({ tests: 2, failed: 1, flaky: 0 });
    });

    it('finds the retried test of a suite past the tests of a nested suite', async () => {
      const report = await parseXml(`<testsuites><testsuite name="outer">
  <testcase classname="c" name="t">${FAIL}</testcase>
  <testsuite name="inner"><testcase classname="c" name="t"/></testsuite>
  <testcase classname="c" name="t"/>
</testsuite></testsuites>`);
      expect(
        report.cases.map(c => [c.testId, c.suitePath, c.status, c.flaky]),
      ).toEqual([
        ['c::t', ['outer'], 'passed', true],
        ['c::t#2', ['outer', 'inner'], 'passed', false],
      ]);
    });

    it('retries test cases listed directly under <testsuites> among themselves', async () => {
      const report = await parseXml(`<testsuites>
  <testcase classname="c" name="t">${FAIL}</testcase>
  <testsuite name="s"><testcase classname="c" name="t">${FAIL}</testcase></testsuite>
  <testcase classname="c" name="t"/>
</testsuites>`);
      expect(summary(report)).toEqual([
        ['c::t', 'passed', 2, true],
        ['c::t#2', 'failed', 1, false],
      ]);
    });
  });

  describe('tools that never write a retry as a testcase of its own', () => {
    it.each([
      ['jest-junit', ' name="jest tests"', ''],
      ['vitest', ' name="vitest tests"', ''],
      [
        'Surefire (by its properties)',
        '',
        '<properties><property name="surefire.test.class.path" value="x"/></properties>',
      ],
    ])(
      '%s: a failure, then a pass of the same name, are two tests',
      async (_tool, rootAttributes, properties) => {
        const report = await parseXml(
          suite(
            `${properties}<testcase classname="c" name="t">${FAIL}</testcase><testcase classname="c" name="t"/>`,
            rootAttributes,
          ),
        );
        expect(summary(report)).toEqual([
          ['c::t', 'failed', 1, false],
          ['c::t#2', 'passed', 1, false],
        ]);
      },
    );

    it('mocha and reports without a known tool: the pass is a retry', async () => {
      for (const root of [' name="Mocha Tests"', '']) {
        const report = await parseXml(
          suite(
            `<testcase classname="c" name="t">${FAIL}</testcase><testcase classname="c" name="t"/>`,
            root,
          ),
        );
        expect(summary(report)).toEqual([['c::t', 'passed', 2, true]]);
      }
    });
  });

  describe('test ids', () => {
    it('gives the next free ordinal when the report has a test with that id', async () => {
      const names = (...list: string[]) =>
        suite(list.map(n => `<testcase classname="c" name="${n}"/>`).join(''));
      const ids = async (xml: string) =>
        (await parseXml(xml)).cases.map(c => [c.name, c.testId]);
      expect(await ids(names('t', 't#2', 't'))).toEqual([
        ['t', 'c::t'],
        ['t#2', 'c::t#2'],
        ['t', 'c::t#3'],
      ]);
      expect(await ids(names('t', 't', 't#2'))).toEqual([
        ['t', 'c::t'],
        ['t', 'c::t#3'],
        ['t#2', 'c::t#2'],
      ]);
    });

    it('keeps ids of long names within the schema, distinct and stable', async () => {
      const long = 'n'.repeat(2000);
      const xml = suite(
        `<testcase classname="c" name="${long}"/><testcase classname="c" name="${long}"/>`,
      );
      const [a, b] = (await parseXml(xml)).cases;
      expect(a.testId).toHaveLength(1024);
      expect(b.testId).toHaveLength(1024);
      // Too long for `#2`: its start, a digest of the whole id, then `#2`.
      const digest = createHash('sha256').update(a.testId).digest('hex');
      expect(b.testId).toBe(
        `${a.testId.slice(0, 1005)}#${digest.slice(0, 16)}#2`,
      );
      expect(testCaseResultSchema.parse(b)).toEqual(b);
      expect((await parseXml(xml)).cases.map(c => c.testId)).toEqual([
        a.testId,
        b.testId,
      ]);
    });
  });

  describe('fixtures', () => {
    it('TestNG data providers run by Surefire: every testcase is a test', async () => {
      const report = await parseFixture('surefire-testng-data-provider.xml');
      expect(report.tool).toBe('maven-surefire');
      expect(report.totals).toEqual({
        tests: 10,
        passed: 6,
        failed: 1,
        errors: 0,
        skipped: 3,
        flaky: 0,
        durationMs: 2871,
      });
      const id = (name: string) => `com.acme.ledger.RateLimiterTest::${name}`;
      expect(summary(report)).toEqual([
        [id('acquiresWithinBudget'), 'passed', 1, false],
        [id('acquiresWithinBudget#2'), 'passed', 1, false],
        [id('acquiresWithinBudget#3'), 'failed', 1, false],
        [id('acquiresWithinBudget#4'), 'passed', 1, false],
        [id('refillsAfterWindow'), 'passed', 1, false],
        [id('refillsAfterWindow#2'), 'skipped', 1, false],
        [id('refillsAfterWindow#3'), 'skipped', 1, false],
        [id('rejectsNegativeRate'), 'passed', 1, false],
        // TestNG's retry analyzer writes the retried attempt as skipped.
        [id('reconnectsAfterBrokerRestart'), 'skipped', 1, false],
        [id('reconnectsAfterBrokerRestart#2'), 'passed', 1, false],
      ]);
      expect(report.cases[2].message).toBe('expected [true] but found [false]');
    });

    it('JUnit 5 parameterised tests in a Gradle report, with a test-retry retry', async () => {
      const report = await parseFixture('gradle-junit5-parameterized.xml');
      expect(report.totals).toEqual({
        tests: 7,
        passed: 5,
        failed: 1,
        errors: 0,
        skipped: 1,
        flaky: 1,
        durationMs: 412,
      });
      const id = (name: string) =>
        `com.acme.billing.TaxCalculatorTest::${name}`;
      expect(summary(report)).toEqual([
        [id('rounds to cents'), 'passed', 1, false],
        [id('rounds to cents#2'), 'passed', 1, false],
        [id('rounds to cents#3'), 'skipped', 1, false],
        [id('rounds to cents#4'), 'failed', 1, false],
        [id('applies the reduced rate'), 'passed', 1, false],
        [id('applies the reduced rate#2'), 'passed', 1, false],
        [id('fetchesExchangeRate()'), 'passed', 2, true],
      ]);
      expect(report.cases[6]).toMatchObject({
        durationMs: 386,
        message: 'java.net.SocketTimeoutException: Read timed out',
      });
    });

    it('jest-junit: repeated titles within and across suites are all tests', async () => {
      const report = await parseFixture(jestRepeatedTitles.file);
      expect(report.tool).toBe('jest');
      expect(report.totals).toEqual(jestRepeatedTitles.totals);
      const adds = 'Cart adds an item::Cart adds an item';
      expect(summary(report)).toEqual([
        [adds, 'passed', 1, false],
        [`${adds}#2`, 'failed', 1, false],
        [`${adds}#3`, 'passed', 1, false],
        ['Cart empties::Cart empties', 'skipped', 1, false],
        ['Cart empties::Cart empties#2', 'skipped', 1, false],
        ['Cart totals::Cart totals', 'passed', 1, false],
        [`${adds}#4`, 'passed', 1, false],
        [
          'Checkout submits the order::Checkout submits the order',
          'passed',
          1,
          false,
        ],
      ]);
    });

    it('Playwright retries in two projects with the same test names', async () => {
      const report = await parseFixture('playwright-retries-per-project.xml');
      expect(report.totals).toEqual({
        tests: 4,
        passed: 3,
        failed: 1,
        errors: 0,
        skipped: 0,
        flaky: 1,
        durationMs: 41208,
      });
      const voucher = 'checkout.spec.ts::checkout › applies a voucher';
      const pays = 'checkout.spec.ts::checkout › pays with a saved card';
      expect(summary(report)).toEqual([
        [voucher, 'passed', 2, true],
        [pays, 'passed', 1, false],
        [`${voucher}#2`, 'passed', 1, false],
        [`${pays}#2`, 'failed', 2, false],
      ]);
      expect(report.cases[0]).toMatchObject({
        durationMs: 9088,
        message: 'checkout.spec.ts:31:52 applies a voucher',
      });
    });
  });
});
