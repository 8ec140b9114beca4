import type {
  ParsedTestReport,
  TestCaseResult,
  TestCaseStatus,
  TestReportFormat,
  TestReportTotals,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * One appearance of a test in a report. A single appearance may already stand
 * for several runs (Surefire's `<flakyFailure>` / `<rerunFailure>` children, CTRF's
 * `retries`), hence its own `attempts` and `flaky`.
 */
export type TestAttempt = {
  testId: string;
  name: string;
  classname?: string;
  suitePath: readonly string[];
  file?: string;
  status: TestCaseStatus;
  durationMs?: number;
  attempts: number;
  flaky: boolean;
  message?: string;
};

type Accumulator = {
  first: TestAttempt;
  attempts: number;
  durationMs?: number;
  anyPassed: boolean;
  anyFailed: boolean;
  lastFailing?: 'failed' | 'error';
  message?: string;
};

/** Durations are kept to the microsecond, which hides float noise such as 0.1 + 0.2. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Folds every appearance of the same `testId` in one report into one result:
 * attempts add up, durations add up, the test is flaky when some attempt failed or
 * errored and some passed, and its status is `passed` if any attempt passed, else
 * that of the last failing attempt, else `skipped`.
 */
export class AttemptFolder {
  readonly #byId = new Map<string, Accumulator>();

  add(attempt: TestAttempt): void {
    const failing = attempt.status === 'failed' || attempt.status === 'error';
    const acc = this.#byId.get(attempt.testId);
    if (!acc) {
      this.#byId.set(attempt.testId, {
        first: attempt,
        attempts: attempt.attempts,
        durationMs: attempt.durationMs,
        anyPassed: attempt.status === 'passed',
        anyFailed: failing || attempt.flaky,
        lastFailing: failing
          ? (attempt.status as 'failed' | 'error')
          : undefined,
        message: attempt.message,
      });
      return;
    }
    acc.attempts += attempt.attempts;
    if (attempt.durationMs !== undefined) {
      acc.durationMs = roundMs((acc.durationMs ?? 0) + attempt.durationMs);
    }
    acc.anyPassed ||= attempt.status === 'passed';
    acc.anyFailed ||= failing || attempt.flaky;
    if (failing) {
      acc.lastFailing = attempt.status as 'failed' | 'error';
    }
    acc.message ??= attempt.message;
  }

  results(): TestCaseResult[] {
    const results: TestCaseResult[] = [];
    for (const acc of this.#byId.values()) {
      const { first } = acc;
      let status: TestCaseStatus = 'skipped';
      if (acc.anyPassed) {
        status = 'passed';
      } else if (acc.lastFailing) {
        status = acc.lastFailing;
      }
      const flaky = acc.anyPassed && acc.anyFailed;
      const keepMessage = status !== 'passed' || flaky;
      // Fields in schema order; absent optional fields are left out, not undefined.
      const result: TestCaseResult = {
        testId: first.testId,
        name: first.name,
        ...(first.classname !== undefined && { classname: first.classname }),
        suitePath: [...first.suitePath],
        ...(first.file !== undefined && { file: first.file }),
        status,
        ...(acc.durationMs !== undefined && { durationMs: acc.durationMs }),
        attempts: acc.attempts,
        flaky,
        ...(keepMessage &&
          acc.message !== undefined && { message: acc.message }),
      };
      results.push(result);
    }
    return results;
  }
}

/** Totals computed from the folded cases only. */
export function computeTotals(
  cases: readonly TestCaseResult[],
): TestReportTotals {
  const totals: TestReportTotals = {
    tests: cases.length,
    passed: 0,
    failed: 0,
    errors: 0,
    skipped: 0,
    flaky: 0,
    durationMs: 0,
  };
  let durationMs = 0;
  for (const c of cases) {
    if (c.status === 'passed') totals.passed += 1;
    else if (c.status === 'failed') totals.failed += 1;
    else if (c.status === 'error') totals.errors += 1;
    else totals.skipped += 1;
    if (c.flaky) totals.flaky += 1;
    durationMs += c.durationMs ?? 0;
  }
  totals.durationMs = roundMs(durationMs);
  return totals;
}

/** Builds the final report from a folder. */
export function buildParsedReport(
  format: TestReportFormat,
  tool: string | undefined,
  folder: AttemptFolder,
): ParsedTestReport {
  const cases = folder.results();
  return {
    format,
    ...(tool !== undefined && { tool }),
    totals: computeTotals(cases),
    cases,
  };
}
