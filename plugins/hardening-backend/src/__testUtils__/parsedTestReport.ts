import {
  ParsedTestReport,
  TestCaseResult,
} from '@hardening/backstage-plugin-hardening-common';

/** A test's outcome in a report: its name and status, anything else optional. */
export type TestOutcome = Pick<TestCaseResult, 'name' | 'status'> &
  Partial<TestCaseResult>;

/**
 * A parsed JUnit report of these outcomes, each test under suite `suite` (id
 * `<suite>::<name>`), single attempt and not flaky unless said; totals left at zero (the
 * stores do not read them).
 */
export function parsedTestReport(
  outcomes: TestOutcome[],
  suite = 'refunds',
): ParsedTestReport {
  const cases = outcomes.map(outcome => ({
    testId: `${suite}::${outcome.name}`,
    suitePath: [suite],
    attempts: 1,
    flaky: false,
    ...outcome,
  }));
  return {
    format: 'junit',
    cases,
    totals: {
      tests: cases.length,
      passed: 0,
      failed: 0,
      errors: 0,
      skipped: 0,
      flaky: 0,
      durationMs: 0,
    },
  };
}
