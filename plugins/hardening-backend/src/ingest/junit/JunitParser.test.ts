/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectInputError"] }] */
import { InputError } from '@backstage/errors';
import {
  type ParsedTestReport,
  type TestCaseResult,
  testCaseResultSchema,
  testReportTotalsSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { SaxesParser } from 'saxes';
import {
  chunks,
  junitFixture as fixture,
  parseXml,
  suite,
} from '../../__testUtils__/junitInput';
import { parseJunitXml, parseJunitXmlFolded } from './JunitParser';

const GOOD_FIXTURES = [
  'pytest-xunit1.xml',
  'pytest-xunit2.xml',
  'node-test.xml',
  'jest-junit.xml',
  'vitest.xml',
  'mocha-junit-reporter.xml',
  'playwright.xml',
  'surefire-flaky.xml',
  'gotestsum-rerun.xml',
  'testcases-under-testsuites.xml',
  'summary-attributes-lie.xml',
  'missing-time.xml',
  'surefire-testng-data-provider.xml',
  'gradle-junit5-parameterized.xml',
  'jest-junit-repeated-titles.xml',
  'playwright-retries-per-project.xml',
];

const HOSTILE_FIXTURES = [
  'xxe.xml',
  'billion-laughs.xml',
  'control-char-in-system-out.xml',
  'truncated.xml',
];

async function* bytewise(data: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i++) {
    yield data.subarray(i, i + 1);
  }
}

function parseFixture(name: string): Promise<ParsedTestReport> {
  return parseXml(fixture(name));
}

/** The error a promise rejects with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the parse to fail, but it succeeded');
}

async function expectInputError(
  promise: Promise<unknown>,
  message: RegExp,
): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(InputError);
  expect(error.message).toMatch(message);
}

function caseNamed(report: ParsedTestReport, name: string): TestCaseResult {
  const found = report.cases.filter(c => c.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('parseJunitXml', () => {
  describe('fixtures of real tools', () => {
    it.each(GOOD_FIXTURES)(
      '%s gives cases and totals that satisfy the shared schemas',
      async name => {
        const report = await parseFixture(name);
        expect(report.format).toBe('junit');
        expect(report.cases.length).toBeGreaterThan(0);
        for (const c of report.cases) {
          expect(testCaseResultSchema.parse(c)).toEqual(c);
        }
        expect(testReportTotalsSchema.parse(report.totals)).toEqual(
          report.totals,
        );
      },
    );

    it('pytest xunit1: file attributes, parametrized names, setup errors', async () => {
      const report = await parseFixture('pytest-xunit1.xml');
      expect(report.tool).toBe('pytest');
      expect(report.totals).toEqual({
        tests: 7,
        passed: 4,
        failed: 1,
        errors: 1,
        skipped: 1,
        flaky: 0,
        durationMs: 182,
      });
      expect(caseNamed(report, 'test_remove_missing_item')).toEqual({
        testId: 'tests.test_inventory::test_remove_missing_item',
        name: 'test_remove_missing_item',
        classname: 'tests.test_inventory',
        suitePath: ['pytest'],
        file: 'tests/test_inventory.py',
        status: 'failed',
        durationMs: 12,
        attempts: 1,
        flaky: false,
        message:
          "AssertionError: assert 3 == 2\n +  where 3 = len([<Item sku='A1'>, <Item sku='B2'>, <Item sku='C3'>])",
      });
      expect(caseNamed(report, 'test_price[0.5-USD]').testId).toBe(
        'tests.test_inventory::test_price[0.5-USD]',
      );
      const setup = caseNamed(report, 'test_migrations');
      expect(setup.status).toBe('error');
      expect(setup.message).toMatch(/^failed on setup with "sqlalchemy/);
      expect(caseNamed(report, 'test_bulk_import')).toMatchObject({
        status: 'skipped',
        durationMs: 0,
      });
      expect(caseNamed(report, 'test_bulk_import').message).toBeUndefined();
    });

    it('pytest xunit2: no file attributes, xfail is skipped', async () => {
      const report = await parseFixture('pytest-xunit2.xml');
      expect(report.tool).toBe('pytest');
      expect(report.totals).toEqual({
        tests: 5,
        passed: 3,
        failed: 1,
        errors: 0,
        skipped: 1,
        flaky: 0,
        durationMs: 315,
      });
      expect(report.cases.every(c => c.file === undefined)).toBe(true);
      expect(caseNamed(report, 'test_rate_limit').status).toBe('skipped');
      expect(caseNamed(report, 'test_token_refresh').message).toBe(
        'AssertionError: expected 401, got 500\nassert 500 == 401\n +  where 500 = <Response [500]>.status_code',
      );
    });

    it('node:test: nested suites, top-level tests, todo', async () => {
      const report = await parseFixture('node-test.xml');
      expect(report.tool).toBeUndefined();
      expect(report.totals).toEqual({
        tests: 5,
        passed: 3,
        failed: 1,
        errors: 0,
        skipped: 1,
        flaky: 0,
        durationMs: 3.146,
      });
      expect(caseNamed(report, 'starts empty').suitePath).toEqual([
        'ShoppingCart',
      ]);
      expect(caseNamed(report, 'rejects negative amounts')).toEqual({
        testId: 'ShoppingCart > discounts > test::rejects negative amounts',
        name: 'rejects negative amounts',
        classname: 'test',
        suitePath: ['ShoppingCart', 'discounts'],
        file: '/home/ci/work/shop/test/cart.test.mjs',
        status: 'failed',
        durationMs: 1.733,
        attempts: 1,
        flaky: false,
        message: 'Expected values to be strictly equal:\n\n-1 !== 0',
      });
      expect(caseNamed(report, 'top-level smoke test').suitePath).toEqual([]);
      expect(caseNamed(report, 'exports to CSV').status).toBe('skipped');
    });

    it('jest-junit: failure text without a message attribute, suite errors', async () => {
      const report = await parseFixture('jest-junit.xml');
      expect(report.tool).toBe('jest');
      expect(report.totals).toEqual({
        tests: 7,
        passed: 4,
        failed: 1,
        errors: 1,
        skipped: 1,
        flaky: 0,
        durationMs: 140,
      });
      const failed = caseNamed(report, 'PriceFormatter rounds half up');
      expect(failed.testId).toBe(
        'PriceFormatter rounds half up::PriceFormatter rounds half up',
      );
      expect(failed.message).toMatch(
        /^Error: expect\(received\)\.toBe\(expected\) \/\/ Object\.is equality\n\nExpected: "€1\.01"\nReceived: "€1\.00"\n/,
      );
      expect(failed.message).toMatch(/at new Promise \(<anonymous>\)$/);
      expect(
        caseNamed(report, '/builds/shop/src/legacy.test.ts'),
      ).toMatchObject({
        classname: 'Test suite failed to run',
        status: 'error',
        message:
          "● Test suite failed to run\n\n    Cannot find module './legacyPricing' from 'src/legacy.test.ts'",
      });
    });

    it('vitest: escaped names, non-ASCII, system-out is ignored', async () => {
      const report = await parseFixture('vitest.xml');
      expect(report.tool).toBe('vitest');
      expect(report.totals).toEqual({
        tests: 5,
        passed: 3,
        failed: 1,
        errors: 0,
        skipped: 1,
        flaky: 0,
        durationMs: 355.8,
      });
      expect(caseNamed(report, 'slugify > strips accents')).toMatchObject({
        testId: 'src/utils/slugify.test.ts::slugify > strips accents',
        status: 'failed',
        durationMs: 3.4,
        message:
          "expected 'creme-brulee' to be 'crème-brûlée' // Object.is equality",
      });
      expect(caseNamed(report, 'slugify > keeps emoji 🎉').status).toBe(
        'skipped',
      );
      const noisy = caseNamed(report, 'ApiClient > retries on 503');
      expect(noisy.status).toBe('passed');
      expect(noisy.message).toBeUndefined();
    });

    it('mocha-junit-reporter: flat suites, file inherited from the suite', async () => {
      const report = await parseFixture('mocha-junit-reporter.xml');
      expect(report.tool).toBe('mocha');
      expect(report.totals).toEqual({
        tests: 4,
        passed: 2,
        failed: 1,
        errors: 0,
        skipped: 1,
        flaky: 0,
        durationMs: 92,
      });
      expect(
        caseNamed(report, 'OrderRepository rejects an order without lines'),
      ).toMatchObject({
        testId:
          'rejects an order without lines::OrderRepository rejects an order without lines',
        suitePath: ['OrderRepository'],
        file: '/ci/app/test/orderRepository.spec.js',
        status: 'failed',
        message: 'expected [Function] to throw ValidationError',
      });
      expect(
        caseNamed(report, 'OrderRepository #find paginates'),
      ).toMatchObject({
        suitePath: ['OrderRepository #find'],
        status: 'skipped',
      });
    });

    it('playwright: flaky and permanently failing tests with retries', async () => {
      const report = await parseFixture('playwright.xml');
      expect(report.totals).toEqual({
        tests: 4,
        passed: 2,
        failed: 1,
        errors: 0,
        skipped: 1,
        flaky: 1,
        durationMs: 12312,
      });
      expect(caseNamed(report, 'checkout › applies a voucher')).toEqual({
        testId: 'checkout.spec.ts::checkout › applies a voucher',
        name: 'checkout › applies a voucher',
        classname: 'checkout.spec.ts',
        suitePath: ['checkout.spec.ts'],
        status: 'passed',
        durationMs: 2800,
        attempts: 3,
        flaky: true,
        message:
          'Error: Timed out 5000ms waiting for expect(locator).toHaveText(expected)',
      });
      expect(
        caseNamed(report, 'checkout › refuses an expired card'),
      ).toMatchObject({
        status: 'failed',
        attempts: 3,
        flaky: false,
        message: 'Error: expect(locator).toBeVisible() failed',
      });
      expect(
        caseNamed(report, 'checkout › pays with a saved card'),
      ).toMatchObject({ status: 'passed', attempts: 1, flaky: false });
    });

    it('maven surefire: flakyFailure/flakyError and rerunFailure/rerunError', async () => {
      const report = await parseFixture('surefire-flaky.xml');
      expect(report.tool).toBe('maven-surefire');
      expect(report.totals).toEqual({
        tests: 6,
        passed: 3,
        failed: 1,
        errors: 1,
        skipped: 1,
        flaky: 2,
        durationMs: 2782,
      });
      const byName = (name: string) => caseNamed(report, name);
      expect(byName('issuesInvoice')).toMatchObject({
        status: 'passed',
        attempts: 1,
        flaky: false,
      });
      expect(byName('issuesInvoice').message).toBeUndefined();
      expect(byName('appliesLateFee')).toMatchObject({
        testId: 'com.acme.billing.InvoiceServiceTest::appliesLateFee',
        suitePath: ['com.acme.billing.InvoiceServiceTest'],
        status: 'passed',
        attempts: 2,
        flaky: true,
        message: 'expected: <12.50> but was: <0.00>',
      });
      expect(byName('sendsReminder')).toMatchObject({
        status: 'passed',
        attempts: 3,
        flaky: true,
      });
      expect(byName('roundsCurrency')).toMatchObject({
        status: 'failed',
        attempts: 3,
        flaky: false,
        message: 'expected: <10.01> but was: <10.00>',
      });
      expect(byName('exportsPdf')).toMatchObject({
        status: 'error',
        attempts: 3,
        flaky: false,
      });
      expect(byName('archivesOldInvoices').status).toBe('skipped');
    });

    it('gotestsum --rerun-fails: a repeated testcase is one result', async () => {
      const report = await parseFixture('gotestsum-rerun.xml');
      expect(report.tool).toBe('gotestsum');
      expect(report.totals).toEqual({
        tests: 6,
        passed: 4,
        failed: 1,
        errors: 0,
        skipped: 1,
        flaky: 1,
        durationMs: 856,
      });
      expect(report.cases.map(c => c.name)).toEqual([
        'TestReserve',
        'TestRelease/partial',
        'TestRelease',
        'TestRelease/full',
        'TestCreateOrder',
        'TestHealth',
      ]);
      expect(caseNamed(report, 'TestReserve')).toEqual({
        testId: 'github.com/acme/warehouse/stock::TestReserve',
        name: 'TestReserve',
        classname: 'github.com/acme/warehouse/stock',
        suitePath: ['github.com/acme/warehouse/stock'],
        status: 'passed',
        durationMs: 600,
        attempts: 2,
        flaky: true,
        message: 'Failed',
      });
      expect(caseNamed(report, 'TestCreateOrder')).toMatchObject({
        status: 'failed',
        durationMs: 235,
        attempts: 2,
        flaky: false,
      });
    });

    it('testcases directly under <testsuites>, with and without classname', async () => {
      const report = await parseFixture('testcases-under-testsuites.xml');
      expect(report.totals).toEqual({
        tests: 4,
        passed: 3,
        failed: 0,
        errors: 1,
        skipped: 0,
        flaky: 0,
        durationMs: 2150,
      });
      expect(report.cases.map(c => [c.testId, c.suitePath])).toEqual([
        ['smoke.web::homepage loads', []],
        ['::login works', []],
        ['api::GET /health', ['api']],
        ['smoke.web::logout clears the session', []],
      ]);
      expect(caseNamed(report, 'logout clears the session')).toMatchObject({
        status: 'error',
        message: 'session cookie still present after logout',
      });
    });

    it('counts test cases, not the summary attributes', async () => {
      const report = await parseFixture('summary-attributes-lie.xml');
      expect(report.totals).toEqual({
        tests: 3,
        passed: 2,
        failed: 1,
        errors: 0,
        skipped: 0,
        flaky: 0,
        durationMs: 2000,
      });
    });

    it('ignores missing and unreadable times', async () => {
      const report = await parseFixture('missing-time.xml');
      expect(report.totals.tests).toBe(6);
      expect(report.totals.durationMs).toBe(250);
      expect(
        Object.fromEntries(report.cases.map(c => [c.name, c.durationMs])),
      ).toEqual({
        'no time attribute': undefined,
        'thousands separator': undefined,
        'not a number': undefined,
        'empty time': undefined,
        'negative time': undefined,
        'plain time': 250,
      });
      for (const c of report.cases.filter(x => x.name !== 'plain time')) {
        expect('durationMs' in c).toBe(false);
      }
    });
  });

  describe('streaming', () => {
    it.each(GOOD_FIXTURES)(
      '%s gives the same result fed one byte at a time',
      async name => {
        const whole = await parseFixture(name);
        const bytes = await parseJunitXml(bytewise(fixture(name)));
        expect(bytes).toEqual(whole);
      },
    );

    it.each(HOSTILE_FIXTURES)(
      '%s fails the same way fed one byte at a time',
      async name => {
        const whole = await rejectionOf(parseFixture(name));
        const bytes = await rejectionOf(parseJunitXml(bytewise(fixture(name))));
        expect(bytes).toBeInstanceOf(InputError);
        expect(bytes.message).toBe(whole.message);
      },
    );

    it('accepts string chunks and a mix of strings and bytes', async () => {
      const text = fixture('jest-junit.xml').toString('utf8');
      const whole = await parseFixture('jest-junit.xml');
      const cut = text.indexOf('€');
      expect(cut).toBeGreaterThan(0);
      expect(
        await parseJunitXml(chunks(text.slice(0, cut), text.slice(cut))),
      ).toEqual(whole);
      expect(
        await parseJunitXml(
          chunks(text.slice(0, cut), Buffer.from(text.slice(cut))),
        ),
      ).toEqual(whole);
    });

    it('listens to text only inside <failure>/<error> elements without a message attribute', async () => {
      // saxes buffers the text of an element only while a text listener is set, so
      // this is what keeps <system-out> and friends out of memory.
      const on = jest.spyOn(SaxesParser.prototype, 'on');
      const off = jest.spyOn(SaxesParser.prototype, 'off');
      try {
        await parseFixture('jest-junit.xml');
        const textOn = on.mock.calls.filter(([event]) => event === 'text');
        const textOff = off.mock.calls.filter(([event]) => event === 'text');
        // The failure of "rounds half up" and the error of legacy.test.ts.
        expect(textOn).toHaveLength(2);
        expect(textOff).toHaveLength(2);
        on.mockClear();
        await parseFixture('vitest.xml');
        expect(on.mock.calls.filter(([event]) => event === 'text')).toEqual([]);
      } finally {
        on.mockRestore();
        off.mockRestore();
      }
    });

    it('parses 100 000 test cases with a 5 MB system-out quickly', async () => {
      async function* bigReport(): AsyncGenerator<Buffer> {
        yield Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests">\n<testsuite name="big">\n<testcase classname="big" name="noisy" time="2"><system-out>',
        );
        const block = Buffer.from(`${'log line &amp; more '.repeat(3276)}\n`);
        for (let i = 0; i < 80; i++) {
          yield block; // 80 × 64 KiB ≈ 5 MB
        }
        yield Buffer.from('</system-out></testcase>\n');
        for (let batch = 0; batch < 100; batch++) {
          const lines: string[] = [];
          for (let i = 0; i < 1000; i++) {
            const n = batch * 1000 + i;
            lines.push(
              n % 100 === 0
                ? `<testcase classname="pkg.Suite${
                    n % 7
                  }" name="case ${n}" time="0.001"><failure message="boom ${n}"/></testcase>`
                : `<testcase classname="pkg.Suite${
                    n % 7
                  }" name="case ${n}" time="0.001"/>`,
            );
          }
          yield Buffer.from(`${lines.join('\n')}\n`);
        }
        yield Buffer.from('</testsuite>\n</testsuites>\n');
      }
      const started = Date.now();
      const report = await parseJunitXml(bigReport());
      const elapsed = Date.now() - started;
      expect(report.totals).toEqual({
        tests: 100_001,
        passed: 99_001,
        failed: 1000,
        errors: 0,
        skipped: 0,
        flaky: 0,
        durationMs: 102_000,
      });
      expect(report.cases[0]).toMatchObject({
        name: 'noisy',
        status: 'passed',
      });
      expect(report.cases[0].message).toBeUndefined();
      expect(caseNamed(report, 'case 99900').message).toBe('boom 99900');
      expect(elapsed).toBeLessThan(5000);
    }, 20_000);
  });

  describe('messages and names', () => {
    it('reads the text of a failure (CDATA and entities) when there is no message attribute', async () => {
      const report = await parseXml(
        suite(
          '<testcase classname="c" name="t"><failure message="">\n   <![CDATA[boom <here>]]> &amp; there\n<stackTrace>at x</stackTrace>\n</failure><system-out>not this</system-out></testcase>',
        ),
      );
      expect(report.cases[0].message).toBe('boom <here> & there\nat x');
    });

    it('keeps the message of the first failure only', async () => {
      const report = await parseXml(
        suite(
          '<testcase classname="c" name="t"><failure>one</failure><failure>two</failure></testcase>',
        ),
      );
      expect(report.cases[0].message).toBe('one');
    });

    it('truncates messages to 4096 characters', async () => {
      const long = 'x'.repeat(10_000);
      const report = await parseXml(
        suite(
          `<testcase classname="c" name="a"><failure>${long}</failure></testcase><testcase classname="c" name="b"><error message="${long}"/></testcase>`,
        ),
      );
      expect(report.cases.map(c => c.message?.length)).toEqual([4096, 4096]);
      for (const c of report.cases) {
        expect(testCaseResultSchema.parse(c)).toEqual(c);
      }
    });

    it('does not cut a surrogate pair in half when truncating', async () => {
      const text = `${'x'.repeat(4095)}😀 and more`;
      const report = await parseXml(
        suite(
          `<testcase classname="c" name="a"><failure>${text}</failure></testcase><testcase classname="c" name="b"><failure message="${text}"/></testcase>`,
        ),
      );
      for (const c of report.cases) {
        expect(c.message).toBe('x'.repeat(4095));
      }
    });

    it('clamps long names and keeps long test ids distinct and stable', async () => {
      const prefix = 'n'.repeat(2000);
      const xml = suite(
        `<testcase classname="c" name="${prefix}1"/><testcase classname="c" name="${prefix}2"/>`,
      );
      const report = await parseXml(xml);
      const [a, b] = report.cases;
      expect(a.name).toHaveLength(1024);
      expect(a.testId).toHaveLength(1024);
      expect(b.testId).toHaveLength(1024);
      expect(a.testId).not.toBe(b.testId);
      expect((await parseXml(xml)).cases[0].testId).toBe(a.testId);
      for (const c of report.cases) {
        expect(testCaseResultSchema.parse(c)).toEqual(c);
      }
    });

    it('names a test case without a name', async () => {
      const report = await parseXml(suite('<testcase classname="c"/>'));
      expect(report.cases[0]).toMatchObject({
        name: '(unnamed)',
        testId: 'c::(unnamed)',
      });
    });

    it('uses the suite path when the classname is empty', async () => {
      const report = await parseXml(
        suite(
          '<testsuite name="inner"><testcase classname="" name="t"/></testsuite>',
        ),
      );
      expect(report.cases[0]).toMatchObject({
        testId: 's > inner::t',
        suitePath: ['s', 'inner'],
      });
      expect(report.cases[0].classname).toBeUndefined();
    });

    it('creates nothing from tag or attribute names (no prototype pollution)', async () => {
      const report = await parseXml(
        suite(
          '<testcase classname="__proto__" name="constructor" __proto__="x" polluted="yes"><__proto__ polluted="yes"/></testcase>',
          ' constructor="x"',
        ),
      );
      expect(report.cases[0]).toMatchObject({
        testId: '__proto__::constructor',
        status: 'passed',
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('accepts a UTF-8 byte order mark', async () => {
      const report = await parseXml(
        Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from(suite('<testcase classname="c" name="t"/>')),
        ]),
      );
      expect(report.totals.tests).toBe(1);
    });
  });

  describe('hostile and broken input', () => {
    it('refuses a DTD with an external entity (XXE)', async () => {
      await expectInputError(
        parseFixture('xxe.xml'),
        /^DTDs are not accepted in JUnit reports \(DOCTYPE ending at line 4\)/,
      );
    });

    it('refuses the billion laughs DTD before expanding anything', async () => {
      const started = Date.now();
      await expectInputError(
        parseFixture('billion-laughs.xml'),
        /^DTDs are not accepted in JUnit reports .*line 14\b/,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('refuses even a DOCTYPE without an internal subset', async () => {
      await expectInputError(
        parseXml('<?xml version="1.0"?>\n<!DOCTYPE testsuites>\n<testsuites/>'),
        /DTDs are not accepted in JUnit reports .*line 2\b/,
      );
    });

    it('reports an undefined entity with its position', async () => {
      await expectInputError(
        parseXml('<testsuites>\n  <testsuite name="&nope;"/>\n</testsuites>'),
        /^Invalid JUnit XML at line 2, column \d+: undefined entity\.$/,
      );
      await expectInputError(
        parseXml('<testsuites>&__proto__;</testsuites>'),
        /^Invalid JUnit XML at line 1, column \d+: undefined entity\.$/,
      );
    });

    it('reports an escape character inside system-out with its line and column', async () => {
      await expectInputError(
        parseFixture('control-char-in-system-out.xml'),
        /^Invalid JUnit XML at line 7, column 1: disallowed character\.$/,
      );
    });

    it('reports a NUL character', async () => {
      await expectInputError(
        parseXml(
          suite(
            '<testcase classname="c" name="t">\n<system-out>a\u0000b</system-out></testcase>',
          ),
        ),
        /^Invalid JUnit XML at line 5, column 14: disallowed character\.$/,
      );
    });

    it('reports a truncated document', async () => {
      await expectInputError(
        parseFixture('truncated.xml'),
        /^Invalid JUnit XML at line 7, column \d+: the document ends before <system-out> is closed/,
      );
      await expectInputError(
        parseXml('<testsuites><testsuite name="s"><testcase name="t"'),
        /^Invalid JUnit XML at line 1, column \d+: /,
      );
    });

    it('reports mismatched tags, text after the root and a second root', async () => {
      await expectInputError(
        parseXml('<testsuites>\n<testsuite>\n</testcase>\n</testsuites>'),
        /^Invalid JUnit XML at line 3, column 11: unexpected close tag\.$/,
      );
      await expectInputError(
        parseXml('<testsuites/>\ntrailing'),
        /^Invalid JUnit XML at line 2, column \d+: text data outside of root node\.$/,
      );
      await expectInputError(
        parseXml('<testsuites/>\n<testsuites/>'),
        /^Invalid JUnit XML at line 2, column \d+: /,
      );
    });

    it('reports an empty document', async () => {
      await expectInputError(parseXml(''), /^Invalid JUnit XML at line 1/);
    });

    it('refuses a root that is not <testsuites> or <testsuite>', async () => {
      await expectInputError(
        parseXml('<?xml version="1.0"?>\n<html><testcase name="t"/></html>'),
        /^Invalid JUnit XML at line 2, column \d+: the root element must be <testsuites> or <testsuite>, not <html>\.$/,
      );
      await expectInputError(
        parseXml('<testcase name="t"/>'),
        /not <testcase>/,
      );
    });

    it('accepts a single <testsuite> root', async () => {
      const report = await parseXml(
        '<testsuite name="only"><testcase name="t"/></testsuite>',
      );
      expect(report.cases[0]).toMatchObject({
        testId: 'only::t',
        suitePath: ['only'],
      });
    });
  });

  describe('limits', () => {
    function nested(depth: number): string {
      // <testsuites>, then depth - 2 suites, then the testcase.
      const suites = depth - 2;
      return `<testsuites>${'<testsuite name="x">'.repeat(
        suites,
      )}<testcase name="deep"/>${'</testsuite>'.repeat(suites)}</testsuites>`;
    }

    it('accepts nesting up to 64 elements deep by default', async () => {
      const report = await parseXml(nested(64));
      expect(report.cases[0].suitePath).toHaveLength(62);
    });

    it('refuses nesting deeper than 64 elements by default', async () => {
      await expectInputError(
        parseXml(nested(65)),
        /^Invalid JUnit XML at line 1, column \d+: elements are nested deeper than 64 levels\.$/,
      );
    });

    it('applies maxDepth everywhere, also inside ignored elements', async () => {
      await expectInputError(
        parseXml(
          '<testsuites><testsuite><testcase name="t"><system-out><a/></system-out></testcase></testsuite></testsuites>',
          { maxDepth: 4 },
        ),
        /nested deeper than 4 levels/,
      );
      const ok = await parseXml(
        '<testsuites><testsuite><testcase name="t"><skipped/></testcase></testsuite></testsuites>',
        { maxDepth: 4 },
      );
      expect(ok.totals.skipped).toBe(1);
    });

    it('refuses more test cases than maxTestcases, counting retries', async () => {
      const three = suite(
        '<testcase name="a"><failure/></testcase>\n<testcase name="a"/>\n<testcase name="b"/>',
      );
      expect((await parseXml(three, { maxTestcases: 3 })).totals.tests).toBe(2);
      await expectInputError(
        parseXml(three, { maxTestcases: 2 }),
        /^Invalid JUnit XML at line 6, column 20: the report has more than 2 test cases\.$/,
      );
    });
  });

  describe('UTF-8', () => {
    const head = Buffer.from(
      '<testsuites><testsuite name="s"><testcase name="caf',
    );
    const tail = Buffer.from('"/></testsuite></testsuites>');

    it('decodes multi-byte characters split across chunks', async () => {
      const e = Buffer.from('é');
      const report = await parseJunitXml(
        chunks(Buffer.concat([head, e.subarray(0, 1)]), e.subarray(1), tail),
      );
      expect(report.cases[0].name).toBe('café');
    });

    it('reports an invalid byte with its offset', async () => {
      await expectInputError(
        parseXml(Buffer.concat([head, Buffer.from([0xff]), tail])),
        new RegExp(
          `^Invalid UTF-8 in JUnit report at byte offset ${head.length}\\.$`,
        ),
      );
    });

    it('reports the offset in a later chunk', async () => {
      await expectInputError(
        parseJunitXml(
          chunks(
            head,
            Buffer.from('ab'),
            Buffer.from([0x41, 0xc0, 0xaf]),
            tail,
          ),
        ),
        new RegExp(`byte offset ${head.length + 3}\\.$`),
      );
    });

    it('reports a sequence broken across chunks at its first byte', async () => {
      await expectInputError(
        parseJunitXml(
          chunks(
            Buffer.concat([head, Buffer.from([0xe2])]),
            Buffer.from([0x82]),
            Buffer.from([0x41]),
            tail,
          ),
        ),
        new RegExp(`byte offset ${head.length}\\.$`),
      );
    });

    it('refuses encoded surrogates and overlong forms', async () => {
      for (const bad of [
        [0xed, 0xa0, 0x80],
        [0xc1, 0xbf],
        [0xf4, 0x90, 0x80, 0x80],
      ]) {
        await expectInputError(
          parseXml(Buffer.concat([head, Buffer.from(bad), tail])),
          new RegExp(`byte offset ${head.length}\\.$`),
        );
      }
    });

    it('reports input that ends inside a multi-byte sequence', async () => {
      const doc = Buffer.from(suite('<testcase name="t"/>'));
      await expectInputError(
        parseJunitXml(chunks(doc, Buffer.from([0xf0, 0x9f]))),
        new RegExp(
          `^Invalid UTF-8 in JUnit report at byte offset ${doc.length}: incomplete multi-byte sequence\\.$`,
        ),
      );
    });
  });
});

describe('test identity', () => {
  it('keeps node:test tests with one name in different describe blocks apart', async () => {
    const report = await parseXml(`<testsuites>
  <testsuite name="cart">
    <testsuite name="add"><testcase name="works" classname="test"/></testsuite>
    <testsuite name="remove"><testcase name="works" classname="test"><failure message="boom"/></testcase></testsuite>
  </testsuite>
</testsuites>`);
    expect(report.totals).toMatchObject({
      tests: 2,
      passed: 1,
      failed: 1,
      flaky: 0,
    });
    expect(report.cases.map(c => c.testId)).toEqual([
      'cart > add > test::works',
      'cart > remove > test::works',
    ]);
  });

  it('uses a meaningful classname alone, so the id survives suite renames', async () => {
    const report = await parseXml(
      '<testsuite name="anything"><testcase classname="billing.InvoiceTest" name="total"/></testsuite>',
    );
    expect(report.cases[0].testId).toBe('billing.InvoiceTest::total');
  });
});

describe('parseJunitXmlFolded', () => {
  it.each(GOOD_FIXTURES)(
    '%s gives the same totals and cases as parseJunitXml, on every pass',
    async name => {
      const expected = await parseFixture(name);
      const folded = await parseJunitXmlFolded(chunks(fixture(name)));
      expect(folded.totals).toEqual(expected.totals);
      expect(folded.tool).toEqual(expected.tool);
      expect(Array.from(folded.cases)).toEqual(expected.cases);
      expect(Array.from(folded.cases)).toEqual(expected.cases);
    },
  );
});
