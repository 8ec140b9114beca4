import { FlakyTest } from './testHistory';

/**
 * How many days of test reports every flaky-test figure covers: the Hardening tab's flaky
 * tests, the scorecard metric `flakyTests` and the roll-ups built from it.
 *
 * @public
 */
export const FLAKY_WINDOW_DAYS = 14;

/**
 * What makes a test flaky, in the words every view shows next to the figure.
 *
 * @public
 */
export const FLAKY_TEST_DEFINITION = `A test counts as flaky when, in the test reports received in the last ${FLAKY_WINDOW_DAYS} days (today, UTC, and the ${
  FLAKY_WINDOW_DAYS - 1
} days before), it failed and then passed on a rerun within one report, or it both passed and failed (or errored) in reports of the same commit.`;

/** `in the last 14 days`: the window, as shown after every flaky figure. @public */
export const FLAKY_WINDOW_WORDS = `in the last ${FLAKY_WINDOW_DAYS} days`;

/** Milliseconds in a day. @public */
export const DAY_MS = 86_400_000;

/**
 * The start of the flaky window at `now`: 00:00 UTC of the day `days` ({@link
 * FLAKY_WINDOW_DAYS} unless given) − 1 days before `now`'s UTC day, so that the window
 * holds today and the 13 days before and moves once a day. Reports received at or after
 * it count.
 *
 * @public
 */
export function flakyWindowStart(
  now: Date,
  days: number = FLAKY_WINDOW_DAYS,
): Date {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  return new Date(today - (days - 1) * DAY_MS);
}

/**
 * A flaky figure with its window, e.g. `0 in the last 14 days`.
 *
 * @public
 */
export function describeFlakyCount(count: number): string {
  return `${count} ${FLAKY_WINDOW_WORDS}`;
}

/**
 * Body of `GET …/tests/flaky`: the most flaky tests first (at most `limit`), how many
 * tests are flaky in all (`total`, the figure the scorecards show), and the window: the
 * time reports were counted from and, unless the caller chose `since`, its length in days.
 *
 * @public
 */
/**
 * How `GET …/tests/flaky?sort=` orders the tests, always most first: flake rate, flaky
 * runs, failures, runs, or the newest flaky run.
 *
 * @public
 */
export const FLAKY_TEST_SORTS = [
  'flakyRuns',
  'flakeRate',
  'failures',
  'runs',
  'lastFlaky',
] as const;

/** @public */
export type FlakyTestSort = (typeof FLAKY_TEST_SORTS)[number];

/** Outcomes of a test's newest runs each listed flaky test carries, for a sparkline. @public */
export const FLAKY_RECENT_RUNS = 20;

/** @public */
export type FlakyTestList = {
  items: FlakyTest[];
  total: number;
  since: string;
  windowDays: number | null;
};
