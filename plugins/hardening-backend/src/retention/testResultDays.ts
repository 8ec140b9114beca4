import { TestCaseStatus } from '@hardening/backstage-plugin-hardening-common';

/** Results of one UTC day, counted. */
export type DayCounts = {
  /** YYYY-MM-DD, UTC. */
  day: string;
  runs: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  /** The sum of the durations of the runs that had one, and how many those were. */
  durationMs: number;
  timedRuns: number;
};

/** One test's results of one UTC day, counted. */
export type TestResultDay = DayCounts & {
  entityRef: string;
  testKey: string;
  testId: string;
};

/** The days of these counts added up per day, oldest first. */
export function sumByDay(days: readonly DayCounts[]): DayCounts[] {
  const byDay = new Map<string, DayCounts>();
  for (const day of days) {
    const sum = byDay.get(day.day);
    if (!sum) {
      byDay.set(day.day, { ...day });
      continue;
    }
    sum.runs += day.runs;
    sum.passed += day.passed;
    sum.failed += day.failed;
    sum.errored += day.errored;
    sum.skipped += day.skipped;
    sum.flaky += day.flaky;
    sum.durationMs += day.durationMs;
    sum.timedRuns += day.timedRuns;
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** What a day is counted from: one `test_results` row and its report's time. */
export type CountedResult = {
  entity_ref: string;
  test_key: string;
  test_id: string;
  status: TestCaseStatus;
  flaky: boolean | number;
  duration_ms: number | string | null;
  received_at: Date | string | number;
};

/** The counted columns of `test_result_days`. */
export const TEST_RESULT_DAY_COUNTS = [
  'runs',
  'passed',
  'failed',
  'errored',
  'skipped',
  'flaky',
  'duration_ms',
  'timed_runs',
] as const;

/**
 * The columns a {@link CountedResult} is selected from: `test_results as t` joined with
 * its report, `evidence_reports as r`.
 */
export const COUNTED_RESULT_COLUMNS = [
  't.entity_ref',
  't.test_key',
  't.test_id',
  't.status',
  't.flaky',
  't.duration_ms',
  'r.received_at',
] as const;

/** The UTC day (YYYY-MM-DD) of a stored time. */
export function utcDay(at: Date | string | number): string {
  return (at instanceof Date ? at : new Date(at)).toISOString().slice(0, 10);
}

/** Results counted per (entity, test, day), in the order first seen. */
export function countByDay(rows: readonly CountedResult[]): TestResultDay[] {
  const days = new Map<string, TestResultDay>();
  for (const row of rows) {
    const day = utcDay(row.received_at);
    const key = `${row.entity_ref}\u0000${row.test_key}\u0000${day}`;
    let counted = days.get(key);
    if (!counted) {
      counted = {
        entityRef: row.entity_ref,
        testKey: row.test_key,
        testId: row.test_id,
        day,
        runs: 0,
        passed: 0,
        failed: 0,
        errored: 0,
        skipped: 0,
        flaky: 0,
        durationMs: 0,
        timedRuns: 0,
      };
      days.set(key, counted);
    }
    counted.runs += 1;
    if (row.status === 'passed') counted.passed += 1;
    else if (row.status === 'failed') counted.failed += 1;
    else if (row.status === 'error') counted.errored += 1;
    else counted.skipped += 1;
    if (row.flaky) counted.flaky += 1;
    if (row.duration_ms !== null) {
      counted.durationMs += Number(row.duration_ms);
      counted.timedRuns += 1;
    }
  }
  return [...days.values()];
}
