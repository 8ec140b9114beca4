import type {
  ParsedTestReport,
  TestCaseResult,
  TestCaseStatus,
  TestReportFormat,
  TestReportTotals,
} from '@hardening/backstage-plugin-hardening-common';
import { AttemptSpool, type SpooledOutcome } from './attemptSpool';
import { NumberList } from './numberList';
import { ordinalTestId } from './reportStrings';
import { TestIdTable } from './testIdTable';
import { TestTextBudget, textBytes } from './testTextBudget';

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

/** `#previous` of the first test of its testId. */
const FIRST = -1;
/** `#previous` of a later test when no test before it is one a retry could still reach. */
const NONE_REACHABLE = -2;

/** What an {@link AttemptFolder} did, counted; it grows with the tests, never faster. */
export type FolderWork = {
  /** Tests looked at while looking back for the test an appearance retries. */
  lookBackSteps: number;
  /** Ids tried for the repeats of a testId, taken ones included. */
  idsTried: number;
};

/**
 * Turns the appearances of tests in one report, in document order, into the report's
 * tests. An appearance is a retry of an earlier test, and folded into it, only when
 *
 * - that test has the same `testId` and was listed in the same suite (the same
 *   `<testsuite>` element: any number `add` is given for it), it is the latest test
 *   with that id in that suite, and every attempt of it so far failed or errored; and
 * - the appearance itself ran (was not skipped).
 *
 * That is how gotestsum `--rerun-fails`, Playwright and Gradle write retries: the
 * failed attempt first, then the retry. Every other appearance is a test of its own: a
 * parameterised test listed once per parameter under one name, same-titled tests,
 * a test that passed and then one of the same name that failed, the same name in
 * another suite. Runs a single appearance already stands for (Surefire's
 * `<flakyFailure>` / `<rerunFailure>` children, CTRF's `retries`) come with it.
 *
 * A folded test's attempts and durations add up; it is `passed` and flaky when its
 * last attempt passed, else it keeps the status of its last failing attempt, and
 * the message of its first.
 *
 * Ids are unique within a report: the first test with a given `testId` keeps it, the
 * n-th (n ≥ 2) gets `<testId>#<n>` (see {@link ordinalTestId}; the next free ordinal
 * when the report itself has a test with that id), so that the same report shape gives
 * the same ids every time.
 *
 * Hostile reports cannot make it slow: looking back for a retried test passes over each
 * test at most once in all (see {@link AttemptFolder.add}), and the ordinal ids of two
 * different testIds never coincide, so an id is tried again only past an id the
 * report itself holds ({@link AttemptFolder.work} counts both).
 *
 * Holds little per test: its first appearance packed in an {@link AttemptSpool}, a
 * few numbers in typed arrays, its testId (one string per distinct id) and a small
 * fold state for the tests that were retried. Results are built again, one by one, on
 * each pass over {@link AttemptFolder.cases}.
 *
 * What the tests will store is counted against a {@link TestTextBudget} as they are
 * added (a test's id, name, classname, suite path, file and message; of a retry, only
 * a message its test takes over), and `add` throws once the report is over it.
 */
export class AttemptFolder {
  readonly #spool = new AttemptSpool();
  readonly #budget: TestTextBudget;
  /**
   * Per testId (by its number in `#ids`): the latest test with that id, or, once an
   * appearance was folded into an earlier one, that test (see {@link AttemptFolder.add}).
   */
  readonly #latest = new NumberList(n => new Int32Array(n));
  /** The distinct testIds, numbered; `#latest` is by their number. */
  readonly #ids = new TestIdTable();
  /** Per test, in order of first appearance: the number of its testId. */
  readonly #idOf = new NumberList(n => new Int32Array(n));
  /** Per test: the spool position of its first appearance. */
  readonly #positions = new NumberList(n => new Float64Array(n));
  /** Per test: the suite it was listed in. */
  readonly #suites = new NumberList(n => new Int32Array(n));
  /**
   * Per test: the test with the same testId before it that a retry may still reach,
   * else {@link FIRST} or {@link NONE_REACHABLE}.
   */
  readonly #previous = new NumberList(n => new Int32Array(n));
  /** Fold state of the tests that were retried, by test. */
  readonly #retried = new Map<number, Fold>();
  /** The ids of the tests that do not keep their testId, once computed. */
  #renamed: Map<number, string> | undefined;
  readonly #work: FolderWork = { lookBackSteps: 0, idsTried: 0 };

  constructor(budget: TestTextBudget = new TestTextBudget()) {
    this.#budget = budget;
  }

  /**
   * Adds the next appearance of a test. `suite` tells the suite it was listed in from
   * the others: a number that grows in document order as suites open, as a streaming
   * reader numbers them, and always that of the innermost open suite (a suite that
   * closed is never given again); a format without suite elements passes nothing.
   * `mayBeRetry: false` makes it a test of its own whatever came before (for the
   * reports of tools that never write a retry as an appearance of its own).
   *
   * The test an appearance retries is the latest test with its testId in `suite`. The
   * tests with that testId are chained from the latest back; looking back passes over
   * the tests of suites numbered above `suite` (nested ones that have closed), and
   * stops at the first in `suite` or in one numbered below it (one that closed before
   * `suite` opened, or encloses it: nothing before it is in `suite`). The tests passed
   * over are then left out of the chain, since no later appearance can retry them nor
   * stop at them: later ones come from `suite`, from a suite enclosing it (which passes
   * over them as well), or from one opened later (which stops at `suite`'s test as it
   * would at theirs). So each test is passed over at most once in all.
   *
   * Throws the budget's `InputError` when the report's text goes over it.
   */
  add(attempt: TestAttempt, suite = 0, mayBeRetry = true): void {
    const known = this.#ids.find(attempt.testId);
    const latest = known < 0 ? undefined : this.#latest.at(known);
    let previous = latest ?? FIRST;
    if (mayBeRetry && latest !== undefined && attempt.status !== 'skipped') {
      const reached = this.#lookBack(latest, suite);
      if (
        reached !== NONE_REACHABLE &&
        this.#suites.at(reached) === suite &&
        isFailing(this.#status(reached))
      ) {
        let fold = this.#retried.get(reached);
        if (!fold) {
          const first = this.#spool.read(this.#positions.at(reached));
          fold = startFold(first, first.message);
          this.#retried.set(reached, fold);
        }
        if (fold.message === undefined && attempt.message !== undefined) {
          this.#budget.spend(textBytes(attempt.message), false);
        }
        foldIn(fold, attempt);
        this.#latest.set(known, reached);
        return;
      }
      previous = reached;
    }
    // Spooled first, then counted (a report over the budget is refused whole): the
    // spool has measured the strings while writing them.
    const position = this.#spool.append(attempt);
    this.#budget.spend(
      textBytes(attempt.testId) +
        this.#spool.stringBytesAt(position) +
        this.#spool.suitePathBytes(attempt.suitePath),
      true,
    );
    const test = this.#idOf.length;
    if (known < 0) {
      this.#idOf.push(this.#ids.add(attempt.testId));
      this.#latest.push(test);
    } else {
      this.#idOf.push(known);
      this.#latest.set(known, test);
    }
    this.#positions.push(position);
    this.#suites.push(suite);
    this.#previous.push(previous);
    this.#renamed = undefined;
  }

  /**
   * The first test from `latest` back along the chain of its testId that was listed in
   * `suite` or in a suite numbered below it, or {@link NONE_REACHABLE}.
   */
  #lookBack(latest: number, suite: number): number {
    let test = latest;
    while (this.#suites.at(test) > suite) {
      this.#work.lookBackSteps += 1;
      test = this.#previous.at(test);
      if (test < 0) {
        return NONE_REACHABLE;
      }
    }
    this.#work.lookBackSteps += 1;
    return test;
  }

  /** What the folder did so far: {@link FolderWork}. */
  get work(): FolderWork {
    return { ...this.#work };
  }

  /** The status of a test as folded so far. */
  #status(test: number): TestCaseStatus {
    const fold = this.#retried.get(test);
    return fold
      ? foldedStatus(fold)
      : this.#spool.readOutcome(this.#positions.at(test)).status;
  }

  /** The fold state of a test, retried or not. */
  #fold(test: number): Fold {
    return (
      this.#retried.get(test) ??
      startFold(this.#spool.readOutcome(this.#positions.at(test)))
    );
  }

  /**
   * Ids of the second, third, … test of a testId: {@link ordinalTestId}, never taken.
   * A testId's next ordinal is remembered, so it tries an ordinal again only past an
   * id that is taken: one the report holds itself, or (made so on purpose) one that
   * the short `<testId>#<n>` of one testId and the long `<start>#<digest>#<n>` of
   * another share. Each taken id stands in the way of at most two tries.
   */
  #renamedTests(): Map<number, string> {
    if (this.#renamed) {
      return this.#renamed;
    }
    const renamed = new Map<number, string>();
    const given = new Set<string>();
    const nextOrdinal = new Map<string, number>();
    for (let test = 0; test < this.#idOf.length; test++) {
      if (this.#previous.at(test) === FIRST) continue;
      const testId = this.#ids.id(this.#idOf.at(test));
      let ordinal = nextOrdinal.get(testId) ?? 2;
      let id = ordinalTestId(testId, ordinal);
      this.#work.idsTried += 1;
      while (this.#ids.find(id) >= 0 || given.has(id)) {
        ordinal += 1;
        id = ordinalTestId(testId, ordinal);
        this.#work.idsTried += 1;
      }
      nextOrdinal.set(testId, ordinal + 1);
      given.add(id);
      renamed.set(test, id);
    }
    this.#renamed = renamed;
    return renamed;
  }

  /** The tests, in order of first appearance, built as they are read. */
  *cases(): Generator<TestCaseResult> {
    const renamed = this.#renamedTests();
    for (let test = 0; test < this.#idOf.length; test++) {
      const first = this.#spool.read(this.#positions.at(test));
      const fold = this.#retried.get(test);
      // A test that was not retried is its first appearance as it came.
      const status = fold ? foldedStatus(fold) : first.status;
      const flaky = fold
        ? foldedFlaky(fold)
        : status === 'passed' && first.flaky;
      const durationMs = fold ? fold.durationMs : first.durationMs;
      const message = fold ? fold.message : first.message;
      // Fields in schema order; absent optional fields are left out, not undefined.
      const result = {
        testId: renamed.get(test) ?? this.#ids.id(this.#idOf.at(test)),
        name: first.name,
      } as TestCaseResult;
      if (first.classname !== undefined) result.classname = first.classname;
      result.suitePath = first.suitePath;
      if (first.file !== undefined) result.file = first.file;
      result.status = status;
      if (durationMs !== undefined) result.durationMs = durationMs;
      result.attempts = fold ? fold.attempts : first.attempts;
      result.flaky = flaky;
      if ((status !== 'passed' || flaky) && message !== undefined) {
        result.message = message;
      }
      yield result;
    }
  }

  results(): TestCaseResult[] {
    return Array.from(this.cases());
  }

  /** The totals of the tests, without building them. */
  totals(): TestReportTotals {
    const totals = emptyTotals(this.#idOf.length);
    let durationMs = 0;
    for (let test = 0; test < this.#idOf.length; test++) {
      const fold = this.#fold(test);
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
