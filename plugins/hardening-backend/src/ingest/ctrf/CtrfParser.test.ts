import { InputError } from '@backstage/errors';
import {
  type ParsedTestReport,
  type TestCaseResult,
  testCaseResultSchema,
  testReportTotalsSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCtrfJson } from './CtrfParser';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'ctrf');

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

function report(tests: unknown[], toolName = 'custom'): unknown {
  return {
    reportFormat: 'CTRF',
    specVersion: '1.0.0',
    results: {
      tool: { name: toolName },
      summary: {
        tests: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        pending: 0,
        other: 0,
        start: 0,
        stop: 0,
      },
      tests,
    },
  };
}

function parseOne(test: Record<string, unknown>): TestCaseResult {
  const parsed = parseCtrfJson(report([{ duration: 1, ...test }]));
  expect(parsed.cases).toHaveLength(1);
  return parsed.cases[0];
}

function caseNamed(parsed: ParsedTestReport, name: string): TestCaseResult {
  const found = parsed.cases.filter(c => c.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the parse to fail, but it succeeded');
}

describe('parseCtrfJson', () => {
  it.each(['jest-ctrf-report.json', 'playwright-ctrf-report.json'])(
    '%s gives cases and totals that satisfy the shared schemas',
    name => {
      const parsed = parseCtrfJson(fixture(name));
      expect(parsed.format).toBe('ctrf');
      expect(parsed.cases.length).toBeGreaterThan(0);
      for (const c of parsed.cases) {
        expect(testCaseResultSchema.parse(c)).toEqual(c);
      }
      expect(testReportTotalsSchema.parse(parsed.totals)).toEqual(
        parsed.totals,
      );
    },
  );

  it('reads a jest-ctrf-json-reporter report (string suites, no reportFormat)', () => {
    const parsed = parseCtrfJson(fixture('jest-ctrf-report.json'));
    expect(parsed.tool).toBe('jest');
    expect(parsed.totals).toEqual({
      tests: 6,
      passed: 3,
      failed: 1,
      errors: 0,
      skipped: 2,
      flaky: 1,
      durationMs: 82,
    });
    expect(caseNamed(parsed, 'Cart removes an item')).toEqual({
      testId: 'cart.test.ts > Cart::Cart removes an item',
      name: 'Cart removes an item',
      suitePath: ['cart.test.ts > Cart'],
      file: '/builds/shop/src/cart.test.ts',
      status: 'failed',
      durationMs: 11,
      attempts: 1,
      flaky: false,
      message:
        'Error: expect(received).toHaveLength(expected)\n\nExpected length: 0\nReceived length: 1',
    });
    expect(caseNamed(parsed, 'Cart merges duplicate lines')).toMatchObject({
      status: 'passed',
      flaky: true,
      attempts: 3,
    });
    expect(caseNamed(parsed, 'Cart applies tax per region').status).toBe(
      'skipped',
    );
  });

  it('reads a playwright report, ignoring the summary and folding a rerun', () => {
    const parsed = parseCtrfJson(fixture('playwright-ctrf-report.json'));
    expect(parsed.tool).toBe('playwright');
    // The summary claims 99 passed tests; only the tests count.
    expect(parsed.totals).toEqual({
      tests: 5,
      passed: 3,
      failed: 1,
      errors: 0,
      skipped: 1,
      flaky: 2,
      durationMs: 43512,
    });
    expect(caseNamed(parsed, 'applies a voucher')).toMatchObject({
      testId: 'chromium > checkout.spec.ts > checkout::applies a voucher',
      status: 'passed',
      flaky: true,
      attempts: 2,
      message:
        'Error: Timed out 5000ms waiting for expect(locator).toHaveText(expected)',
    });
    expect(caseNamed(parsed, 'refuses an expired card')).toMatchObject({
      status: 'failed',
      flaky: false,
      attempts: 3,
    });
    // "other" (interrupted) in the first run, passed in the merged rerun.
    expect(caseNamed(parsed, 'loads the dashboard')).toEqual({
      testId: 'chromium > dashboard.spec.ts::loads the dashboard',
      name: 'loads the dashboard',
      suitePath: ['chromium > dashboard.spec.ts'],
      file: 'e2e/dashboard.spec.ts',
      status: 'passed',
      durationMs: 31200,
      attempts: 2,
      flaky: true,
      message: 'Test was interrupted.',
    });
  });

  describe('statuses', () => {
    it.each([
      ['passed', 'passed'],
      ['failed', 'failed'],
      ['skipped', 'skipped'],
      ['pending', 'skipped'],
      ['other', 'error'],
    ])('maps %s to %s', (ctrf, status) => {
      expect(parseOne({ name: 't', status: ctrf }).status).toBe(status);
    });
  });

  describe('flakiness and attempts', () => {
    it('flaky: true on a passed test is flaky with at least 2 attempts', () => {
      expect(
        parseOne({ name: 't', status: 'passed', flaky: true }),
      ).toMatchObject({ flaky: true, attempts: 2 });
      expect(
        parseOne({ name: 't', status: 'passed', flaky: true, retries: 3 }),
      ).toMatchObject({ flaky: true, attempts: 4 });
    });

    it('retries on a passed test make it flaky even without the flag', () => {
      expect(
        parseOne({ name: 't', status: 'passed', retries: 1, flaky: false }),
      ).toMatchObject({ flaky: true, attempts: 2 });
    });

    it('retries on a failed test are attempts, not flakiness', () => {
      expect(
        parseOne({ name: 't', status: 'failed', retries: 2, message: 'm' }),
      ).toMatchObject({
        status: 'failed',
        flaky: false,
        attempts: 3,
        message: 'm',
      });
    });

    it('a flaky flag on a test that finally failed is not flaky (it never passed)', () => {
      expect(
        parseOne({ name: 't', status: 'failed', flaky: true, retries: 1 }),
      ).toMatchObject({ status: 'failed', flaky: false, attempts: 2 });
    });

    it('folds a listing that retries a failed one, as merged rerun reports list it', () => {
      const parsed = parseCtrfJson(
        report([
          {
            name: 't',
            suite: ['a'],
            status: 'failed',
            duration: 5,
            message: 'boom',
          },
          {
            name: 't',
            suite: ['a'],
            status: 'failed',
            duration: 7,
            retries: 1,
          },
          { name: 't', suite: ['b'], status: 'passed', duration: 1 },
        ]),
      );
      expect(
        parsed.cases.map(c => [
          c.testId,
          c.status,
          c.attempts,
          c.flaky,
          c.durationMs,
          c.message,
        ]),
      ).toEqual([
        ['a::t', 'failed', 3, false, 12, 'boom'],
        ['b::t', 'passed', 1, false, 1, undefined],
      ]);
      expect(parsed.totals).toMatchObject({ tests: 2, failed: 1, passed: 1 });
    });

    it('a repeated name is another test unless the earlier one failed on every attempt', () => {
      const parsed = parseCtrfJson(
        report([
          { name: 'same title', suite: ['f'], status: 'passed', duration: 1 },
          { name: 'same title', suite: ['f'], status: 'passed', duration: 2 },
          {
            name: 'flaked',
            suite: ['f'],
            status: 'passed',
            flaky: true,
            retries: 1,
            duration: 3,
          },
          {
            name: 'flaked',
            suite: ['f'],
            status: 'failed',
            message: 'm',
            duration: 4,
          },
          { name: 'x', status: 'skipped', duration: 0 },
          { name: 'x', status: 'other', duration: 0 },
          { name: 'y', status: 'pending', duration: 0 },
          { name: 'y', status: 'skipped', duration: 0 },
          { name: 'z', status: 'other', duration: 0 },
          { name: 'z', status: 'pending', duration: 0 },
        ]),
      );
      expect(
        parsed.cases.map(c => [c.testId, c.status, c.attempts, c.flaky]),
      ).toEqual([
        ['f::same title', 'passed', 1, false],
        ['f::same title#2', 'passed', 1, false],
        ['f::flaked', 'passed', 2, true],
        ['f::flaked#2', 'failed', 1, false],
        ['::x', 'skipped', 1, false],
        ['::x#2', 'error', 1, false],
        ['::y', 'skipped', 1, false],
        ['::y#2', 'skipped', 1, false],
        ['::z', 'error', 1, false],
        ['::z#2', 'skipped', 1, false],
      ]);
      expect(parsed.totals).toEqual({
        tests: 10,
        passed: 3,
        failed: 1,
        errors: 2,
        skipped: 4,
        flaky: 1,
        durationMs: 10,
      });
    });

    it('keeps the projects of a Playwright report apart by their suites', () => {
      const parsed = parseCtrfJson(
        report([
          { name: 't', suite: ['chromium', 'a.spec.ts'], status: 'failed' },
          { name: 't', suite: ['firefox', 'a.spec.ts'], status: 'passed' },
        ]),
      );
      expect(parsed.cases.map(c => [c.testId, c.status, c.flaky])).toEqual([
        ['chromium > a.spec.ts::t', 'failed', false],
        ['firefox > a.spec.ts::t', 'passed', false],
      ]);
    });
  });

  describe('identity and fields', () => {
    it('builds the test id from the suite, else the file path, else nothing', () => {
      expect(
        parseOne({
          name: 't',
          status: 'passed',
          suite: ['outer', 'inner'],
          filePath: 'f.ts',
        }),
      ).toMatchObject({
        testId: 'outer > inner::t',
        suitePath: ['outer', 'inner'],
        file: 'f.ts',
      });
      expect(
        parseOne({ name: 't', status: 'passed', filePath: 'f.ts' }),
      ).toMatchObject({ testId: 'f.ts::t', suitePath: [], file: 'f.ts' });
      const bare = parseOne({ name: 't', status: 'passed' });
      expect(bare).toMatchObject({ testId: '::t', suitePath: [] });
      expect('file' in bare).toBe(false);
      expect('classname' in bare).toBe(false);
    });

    it('keeps messages of failures only, falling back to the trace', () => {
      expect(
        parseOne({ name: 't', status: 'passed', message: 'noise' }).message,
      ).toBeUndefined();
      expect(
        parseOne({ name: 't', status: 'skipped', message: 'why' }).message,
      ).toBeUndefined();
      expect(
        parseOne({ name: 't', status: 'failed', trace: '  at x\n' }).message,
      ).toBe('at x');
    });

    it('clamps long strings to the schema limits', () => {
      const long = 'y'.repeat(5000);
      const c = parseOne({
        name: long,
        status: 'failed',
        message: long,
        filePath: long,
        suite: Array.from({ length: 70 }, () => long),
      });
      expect(c.name).toHaveLength(1024);
      expect(c.testId.length).toBeLessThanOrEqual(1024);
      expect(c.message).toHaveLength(4096);
      expect(c.file).toHaveLength(2048);
      expect(c.suitePath).toHaveLength(64);
      expect(testCaseResultSchema.parse(c)).toEqual(c);
    });

    it('allows fields it does not know', () => {
      const c = parseOne(
        JSON.parse(
          '{"name":"t","status":"passed","browser":"firefox","extra":{"anything":[1,2]},"__proto__":{"polluted":true}}',
        ),
      );
      expect(c.status).toBe('passed');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('leaves the tool out when its name is empty', () => {
      const parsed = parseCtrfJson(report([], ' '));
      expect(parsed.tool).toBeUndefined();
      expect(parsed.totals).toEqual({
        tests: 0,
        passed: 0,
        failed: 0,
        errors: 0,
        skipped: 0,
        flaky: 0,
        durationMs: 0,
      });
    });
  });

  describe('invalid input', () => {
    it('lists the paths of wrongly typed fields', () => {
      const error = errorOf(() =>
        parseCtrfJson(
          report([
            { name: 'a', status: 'passed', duration: '5' },
            { name: 'b', status: 'broken', duration: 1 },
            { name: '', status: 'passed', duration: 1, retries: 1.5 },
          ]),
        ),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(/^Invalid CTRF report: /);
      for (const path of [
        'results.tests.0.duration',
        'results.tests.1.status',
        'results.tests.2.name',
        'results.tests.2.retries',
      ]) {
        expect(error.message).toContain(`${path}: `);
      }
    });

    it.each([
      ['null', null],
      ['an array', []],
      ['a string', 'CTRF'],
      ['no results', { reportFormat: 'CTRF' }],
      [
        'tests that are not a list',
        { results: { tool: { name: 'x' }, tests: {} } },
      ],
      ['no tool', { results: { tests: [] } }],
      [
        'another format',
        { reportFormat: 'JUNIT', results: { tool: { name: 'x' }, tests: [] } },
      ],
    ])('refuses %s', (_label, json) => {
      const error = errorOf(() => parseCtrfJson(json));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(/^Invalid CTRF report: /);
    });

    it.each(['name', 'message', 'trace', 'filePath', 'suite'])(
      'refuses a NUL character in %s, naming the field',
      field => {
        const error = errorOf(() =>
          parseCtrfJson(
            report([
              {
                name: 'a',
                status: 'failed',
                duration: 1,
                [field]: 'before\u0000after',
              },
            ]),
          ),
        );
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toContain(
          `results.tests.0.${field}: must not contain the NUL character`,
        );
      },
    );

    it('refuses more tests than maxTestcases', () => {
      const tests = [
        { name: 'a', status: 'passed', duration: 1 },
        { name: 'b', status: 'passed', duration: 1 },
      ];
      expect(
        parseCtrfJson(report(tests), { maxTestcases: 2 }).totals.tests,
      ).toBe(2);
      const error = errorOf(() =>
        parseCtrfJson(report(tests), { maxTestcases: 1 }),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        'Invalid CTRF report: it has more than 1 tests.',
      );
    });

    it('lists at most 10 issues', () => {
      const tests = Array.from({ length: 15 }, () => ({
        name: 'x',
        status: 'nope',
        duration: 1,
      }));
      const error = errorOf(() => parseCtrfJson(report(tests)));
      expect(
        error.message.match(/results\.tests\.\d+\.status: /g),
      ).toHaveLength(10);
      expect(error.message).toMatch(/; and 5 more$/);
    });
  });
});
