import type {
  ParsedTestReport,
  TestCaseResult,
  TestCaseStatus,
  TestReportFormat,
  TestReportTotals,
} from '@hardening/backstage-plugin-hardening-common';
import {
  AttemptSpool,
  detachedString,
  type SpooledOutcome,
} from './attemptSpool';

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

/** How the appearances of one test so far add up. */
type Fold = {
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

function isFailing(
  status: TestCaseStatus,
): status is Exclude<TestCaseStatus, 'passed' | 'skipped'> {
  return status === 'failed' || status === 'error';
}

function startFold(first: SpooledOutcome, message?: string): Fold {
  return {
    attempts: first.attempts,
    durationMs: first.durationMs,
    anyPassed: first.status === 'passed',
    anyFailed: isFailing(first.status) || first.flaky,
    lastFailing: isFailing(first.status) ? first.status : undefined,
    message,
  };
}

function foldIn(fold: Fold, attempt: TestAttempt): void {
  fold.attempts += attempt.attempts;
  if (attempt.durationMs !== undefined) {
    fold.durationMs = roundMs((fold.durationMs ?? 0) + attempt.durationMs);
  }
  fold.anyPassed ||= attempt.status === 'passed';
  fold.anyFailed ||= isFailing(attempt.status) || attempt.flaky;
  if (isFailing(attempt.status)) {
    fold.lastFailing = attempt.status;
  }
  fold.message ??= attempt.message;
}

/** `passed` if any attempt passed, else the last failing status, else `skipped`. */
function foldedStatus(fold: Fold): TestCaseStatus {
  if (fold.anyPassed) return 'passed';
  return fold.lastFailing ?? 'skipped';
}

function foldedFlaky(fold: Fold): boolean {
  return fold.anyPassed && fold.anyFailed;
}

/**
 * Folds every appearance of the same `testId` in one report into one result:
 * attempts add up, durations add up, the test is flaky when some attempt failed or
 * errored and some passed, and its status is `passed` if any attempt passed, else
 * that of the last failing attempt, else `skipped`.
 *
 * Holds little per test: the first appearance packed in an {@link AttemptSpool},
 * its testId and position, and a small fold state for the tests seen more than once.
 * Results are built again, one by one, on each pass over {@link AttemptFolder.cases}.
 */
export class AttemptFolder {
  readonly #spool = new AttemptSpool();
  /** testId → position of its first appearance; in order of first appearance. */
  readonly #positions = new Map<string, number>();
  /** Fold state of the tests that appeared more than once, by position. */
  readonly #repeated = new Map<number, Fold>();

  add(attempt: TestAttempt): void {
    const position = this.#positions.get(attempt.testId);
    if (position === undefined) {
      this.#positions.set(
        detachedString(attempt.testId),
        this.#spool.append(attempt),
      );
      return;
    }
    let fold = this.#repeated.get(position);
    if (!fold) {
      const first = this.#spool.read(position);
      fold = startFold(first, first.message);
      this.#repeated.set(position, fold);
    }
    foldIn(fold, attempt);
  }

  /** The folded results, in order of first appearance, built as they are read. */
  *cases(): Generator<TestCaseResult> {
    for (const [testId, position] of this.#positions) {
      const first = this.#spool.read(position);
      const fold =
        this.#repeated.get(position) ?? startFold(first, first.message);
      const status = foldedStatus(fold);
      const flaky = foldedFlaky(fold);
      // Fields in schema order; absent optional fields are left out, not undefined.
      const result = { testId, name: first.name } as TestCaseResult;
      if (first.classname !== undefined) result.classname = first.classname;
      result.suitePath = [...first.suitePath];
      if (first.file !== undefined) result.file = first.file;
      result.status = status;
      if (fold.durationMs !== undefined) result.durationMs = fold.durationMs;
      result.attempts = fold.attempts;
      result.flaky = flaky;
      if ((status !== 'passed' || flaky) && fold.message !== undefined) {
        result.message = fold.message;
      }
      yield result;
    }
  }

  results(): TestCaseResult[] {
    return Array.from(this.cases());
  }

  /** The totals of the folded results, without building them. */
  totals(): TestReportTotals {
    const totals = emptyTotals(this.#positions.size);
    let durationMs = 0;
    for (const position of this.#positions.values()) {
      const fold =
        this.#repeated.get(position) ??
        startFold(this.#spool.readOutcome(position));
      countCase(totals, foldedStatus(fold), foldedFlaky(fold));
      durationMs += fold.durationMs ?? 0;
    }
    totals.durationMs = roundMs(durationMs);
    return totals;
  }
}

function emptyTotals(tests: number): TestReportTotals {
  return {
    tests,
    passed: 0,
    failed: 0,
    errors: 0,
    skipped: 0,
    flaky: 0,
    durationMs: 0,
  };
}

function countCase(
  totals: TestReportTotals,
  status: TestCaseStatus,
  flaky: boolean,
): void {
  if (status === 'passed') totals.passed += 1;
  else if (status === 'failed') totals.failed += 1;
  else if (status === 'error') totals.errors += 1;
  else totals.skipped += 1;
  if (flaky) totals.flaky += 1;
}

/** Totals computed from the folded cases only. */
export function computeTotals(
  cases: readonly TestCaseResult[],
): TestReportTotals {
  const totals = emptyTotals(cases.length);
  let durationMs = 0;
  for (const c of cases) {
    countCase(totals, c.status, c.flaky);
    durationMs += c.durationMs ?? 0;
  }
  totals.durationMs = roundMs(durationMs);
  return totals;
}

/**
 * A parsed report whose cases are produced on demand, each time they are iterated,
 * so that storing a large report never holds all of its results at once.
 */
export type FoldedTestReport = Omit<ParsedTestReport, 'cases'> & {
  cases: Iterable<TestCaseResult>;
};

/** The report of a folder, its cases read from the folder when iterated. */
export function buildFoldedReport(
  format: TestReportFormat,
  tool: string | undefined,
  folder: AttemptFolder,
): FoldedTestReport {
  return {
    format,
    ...(tool !== undefined && { tool }),
    totals: folder.totals(),
    cases: { [Symbol.iterator]: () => folder.cases() },
  };
}

/** The report of a folder with all of its cases built. */
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
