import { testCaseResultSchema } from '@hardening/backstage-plugin-hardening-common';
import { createHash, type Hash } from 'node:crypto';
import {
  deepLongSuites,
  longNameDifferingAtTheEnd,
  longSuiteName,
  manySuitesUnderDeepLongSuites,
  repeatedLongIds,
  retriesPastNestedSuites,
} from '../__testUtils__/hostileReports';
import { parseXml } from '../__testUtils__/junitInput';
import { parseCtrfJson } from './ctrf/CtrfParser';
import { makeTestId } from './reportStrings';

/**
 * Reports shaped to find any step of parsing and folding that grows faster than the
 * report: each is large, and every test of it is checked. (How long they take is
 * measured by `yarn bench:ingest`, not here.)
 */

function sha256Start(hash: Hash): string {
  return hash.digest('hex').slice(0, 16);
}

/** The id of the second test with a 1024-character (ASCII-started) `testId`. */
function repeatId(testId: string): string {
  return `${testId.slice(0, 1024 - 17 - 2)}#${sha256Start(
    createHash('sha256').update(testId),
  )}#2`;
}

/** The ids of `count` tests `c::<longNameDifferingAtTheEnd(i)>`, each listed twice. */
function firstsAndRepeats(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const first = `c::${longNameDifferingAtTheEnd(i)}`;
    return [first, repeatId(first)];
  }).flat();
}

/**
 * Deep suites of long names store far more text than the default budget allows (see
 * testTextBudget.test.ts, which checks that they are refused); their folding is
 * checked here as a deployment that raised `hardening.ingest.maxTestTextBytes` would
 * parse them.
 */
const NO_TEXT_BUDGET = { maxTestTextBytes: Number.POSITIVE_INFINITY };

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

describe('hostile reports', () => {
  it('distinct 1024-character ids that differ at the end, each listed twice', async () => {
    const count = 10_000;
    const report = await parseXml(repeatedLongIds(count));
    expect(report.totals).toMatchObject({
      tests: 2 * count,
      passed: 2 * count,
    });
    const ids = report.cases.map(c => c.testId);
    expect(ids).toEqual(firstsAndRepeats(count));
    expect(new Set(ids).size).toBe(2 * count);
    expect(testCaseResultSchema.parse(report.cases[1])).toEqual(
      report.cases[1],
    );
  });

  it('many retries of a suite past the tests of many nested suites', async () => {
    const nested = 10_000;
    const retries = 10_000;
    const report = await parseXml(retriesPastNestedSuites(nested, retries));
    expect(report.totals).toMatchObject({
      tests: nested + 1,
      failed: nested + 1,
      flaky: 0,
    });
    expect(report.cases[0]).toMatchObject({
      testId: 'c::x',
      suitePath: ['root'],
      status: 'failed',
      attempts: retries + 1,
    });
    expect(
      report.cases
        .slice(1)
        .map(c => [c.testId, c.suitePath.join('/'), c.status, c.attempts]),
    ).toEqual(
      Array.from({ length: nested }, (_, i) => [
        `c::x#${i + 2}`,
        'root/n',
        'failed',
        1,
      ]),
    );
  });

  it('many test cases without a classname inside deep suites with long names', async () => {
    const depth = 61;
    const count = 10_000;
    const report = await parseXml(deepLongSuites(depth, count), NO_TEXT_BUDGET);
    const path = Array.from({ length: depth }, (_, d) => longSuiteName(d));
    // makeTestId(<the path joined>, name), without hashing the path for each name.
    const scope = path.join(' > ');
    const hashed = createHash('sha256').update(`${scope}::`);
    expect(scope.length).toBeGreaterThan(1024);
    expect(report.totals.tests).toBe(count);
    expect(report.cases.map(c => c.testId)).toEqual(
      Array.from(
        { length: count },
        (_, i) =>
          `${scope.slice(0, 1007)}#${sha256Start(
            hashed.copy().update(`t${i}`),
          )}`,
      ),
    );
    expect(report.cases[0].testId).toBe(makeTestId(scope, 't0'));
    expect(report.cases.filter(c => !sameNames(c.suitePath, path))).toEqual([]);
  });

  it('many suites of one test case each inside deep suites with long names', async () => {
    const depth = 60;
    const count = 10_000;
    const report = await parseXml(
      manySuitesUnderDeepLongSuites(depth, count),
      NO_TEXT_BUDGET,
    );
    const outer = Array.from({ length: depth }, (_, d) => longSuiteName(d));
    expect(report.totals).toMatchObject({ tests: count, passed: count });
    expect(report.cases.map(c => c.testId)).toEqual(
      Array.from({ length: count }, (_, i) =>
        i === 0 ? 'c::t' : `c::t#${i + 1}`,
      ),
    );
    expect(
      report.cases.filter(
        (c, i) => !sameNames(c.suitePath, [...outer, `n${i}`]),
      ),
    ).toEqual([]);
  });

  it('suites nested deeper than a suite path keeps: the id scope is the path kept', async () => {
    const depth = 70;
    const names = Array.from({ length: depth }, (_, d) => `s${d}`);
    const xml = `<testsuites>${names
      .map(n => `<testsuite name="${n}">`)
      .join('')}<testcase name="t"/>${'</testsuite>'.repeat(
      depth,
    )}</testsuites>`;
    const [c] = (await parseXml(xml, { maxDepth: 80 })).cases;
    expect(c.suitePath).toEqual(names.slice(0, 64));
    expect(c.testId).toBe(`${names.slice(0, 64).join(' > ')}::t`);
  });

  it('CTRF: distinct long names that differ at the end, and deep suites of long names', () => {
    const count = 10_000;
    const outer = Array.from({ length: 20 }, (_, d) => longSuiteName(d));
    const tests = [];
    for (let i = 0; i < count; i++) {
      const name = longNameDifferingAtTheEnd(i);
      tests.push({ name, status: 'passed', suite: 'c' });
      tests.push({ name, status: 'passed', suite: 'c' });
    }
    for (let i = 0; i < 500; i++) {
      tests.push({ name: 't', status: 'failed', suite: [...outer, `n${i}`] });
    }
    const report = parseCtrfJson({ results: { tool: { name: 'x' }, tests } });
    expect(report.totals).toMatchObject({
      tests: 2 * count + 500,
      passed: 2 * count,
      failed: 500,
    });
    expect(report.cases.slice(0, 2 * count).map(c => c.testId)).toEqual(
      firstsAndRepeats(count),
    );
    for (let i = 0; i < 500; i++) {
      const c = report.cases[2 * count + i];
      expect(c.suitePath).toEqual([...outer, `n${i}`]);
      expect(c.testId).toBe(makeTestId([...outer, `n${i}`].join(' > '), 't'));
    }
  });
});
