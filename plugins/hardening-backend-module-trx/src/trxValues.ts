import type { TestCaseStatus } from '@hardening/backstage-plugin-hardening-common';

/**
 * `UnitTestResult/@outcome` (the TestOutcome type of the TRX schema) as a status of the
 * common model:
 *
 * - `Passed`, `PassedButRunAborted`, `Warning` (passed with a warning) and `Completed`
 *   are passed;
 * - `Failed` is failed;
 * - `Error`, `Timeout`, `Aborted`, `Disconnected` (the test host went away),
 *   `NotRunnable` (a test that cannot be run, e.g. a bad signature) and `InProgress`
 *   (still running when the file was written) are errors;
 * - `NotExecuted`, `Inconclusive` and `Pending` are skipped.
 */
export const TRX_OUTCOMES: ReadonlyMap<string, TestCaseStatus> = new Map<
  string,
  TestCaseStatus
>([
  ['Passed', 'passed'],
  ['PassedButRunAborted', 'passed'],
  ['Warning', 'passed'],
  ['Completed', 'passed'],
  ['Failed', 'failed'],
  ['Error', 'error'],
  ['Timeout', 'error'],
  ['Aborted', 'error'],
  ['Disconnected', 'error'],
  ['NotRunnable', 'error'],
  ['InProgress', 'error'],
  ['NotExecuted', 'skipped'],
  ['Inconclusive', 'skipped'],
  ['Pending', 'skipped'],
]);

/** Outcomes whose result is not passed for a reason the outcome itself tells. */
export const OUTCOME_WORDS: ReadonlyMap<string, string> = new Map([
  ['Timeout', 'Timed out'],
  ['Aborted', 'Aborted'],
  ['Disconnected', 'The test host disconnected'],
  ['NotRunnable', 'Not runnable'],
  ['InProgress', 'Still in progress when the run ended'],
  ['Inconclusive', 'Inconclusive'],
]);

/** A .NET TimeSpan as TRX writes durations: `[d.]hh:mm:ss[.fffffff]`. */
const TIMESPAN =
  /^\s*(?:(\d{1,8})\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?\s*$/;

/** A `duration` in milliseconds (to the microsecond), or undefined when it is not a TimeSpan. */
export function parseTrxDuration(
  value: string | undefined,
): number | undefined {
  const match = value === undefined ? null : TIMESPAN.exec(value);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds, fraction] = match;
  if (Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const ticks = Number((fraction ?? '').padEnd(7, '0')); // 100 ns each
  const ms =
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000 +
    ticks / 10_000;
  return Math.round(ms * 1000) / 1000;
}

/** The file name of a path written on Windows or elsewhere (`C:\b\Calc.Tests.dll`). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
