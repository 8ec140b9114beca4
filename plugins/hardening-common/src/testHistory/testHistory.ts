import { TestCaseStatus } from '../evidence/testReport';

/**
 * One result of one test, in one stored test report.
 *
 * @public
 */
export type TestHistoryEntry = {
  reportId: string;
  receivedAt: string;
  commit?: string;
  branch?: string;
  runUrl?: string;
  status: TestCaseStatus;
  attempts: number;
  /** Failed and then passed on a rerun within the report. */
  flaky: boolean;
  durationMs?: number;
  message?: string;
};

/**
 * A test that is flaky (see `FLAKY_TEST_DEFINITION`): it passed on a rerun within a report
 * (`rerunPasses`), or it both passed and failed (or errored) in different reports of the
 * same commit (`sameCommitFlips`, the number of such commits), in the reports of the
 * window, with its flaky score (`flakyRuns`, `flakeRate`).
 *
 * @public
 */
export type FlakyTest = {
  testId: string;
  /** Name in the newest report holding the test. */
  name: string;
  /** Results of the test in the reports of the window. */
  runs: number;
  /** Of those, failed or errored. */
  failures: number;
  /**
   * Flaky results: marked flaky (failed, then passed on a rerun within the report) or
   * failed/errored in a report whose commit has a report in the window where it passed.
   */
  flakyRuns: number;
  /** flakyRuns / runs, 0 to 1. */
  flakeRate: number;
  /** Receipt time of the report of the newest flaky result. */
  lastFlakyAt: string;
  /** Results marked flaky (failed, then passed on a rerun within their report). */
  rerunPasses: number;
  sameCommitFlips: number;
  /** Statuses of its newest runs in the window (at most `FLAKY_RECENT_RUNS`), oldest first. */
  recent: TestCaseStatus[];
  /** Receipt time, commit and status of the newest report holding the test. */
  lastSeen: string;
  lastCommit?: string;
  lastStatus: TestCaseStatus;
};

/**
 * One test's results of one UTC day, counted: the same figures whether the day's result
 * rows are still stored or were folded into daily aggregates by retention
 * (`hardening.retention.testResultDays`).
 *
 * @public
 */
export type TestDay = {
  /** YYYY-MM-DD, UTC (the day the reports were received). */
  day: string;
  runs: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** Results that failed and then passed on a rerun within their report. */
  flaky: number;
  /** Mean duration of the runs that reported one; absent when none did. */
  meanDurationMs?: number;
};

/**
 * `GET …/tests/days`: one test's days, oldest first, from `since`.
 *
 * @public
 */
export type TestDayList = {
  testId: string;
  since: string;
  items: TestDay[];
};
