import { z } from 'zod';

/**
 * Final outcome of one test in one report, after reruns are folded together.
 *
 * @public
 */
export const testCaseStatusSchema = z.enum([
  'passed',
  'failed',
  'error',
  'skipped',
]);

/** @public */
export type TestCaseStatus = z.infer<typeof testCaseStatusSchema>;

/**
 * One test of a report. A test that ran several times in the same report (reruns,
 * retries) is one result with `attempts` > 1; it is `flaky` when it both failed and
 * passed, and its final `status` is then `passed`.
 *
 * @public
 */
export const testCaseResultSchema = z.object({
  /**
   * Stable identity of the test across reports: `<classname or suite path>::<name>`,
   * unique within a report (the n-th test sharing an identity gets `#<n>` appended).
   */
  testId: z.string().min(1).max(1024),
  name: z.string().min(1).max(1024),
  classname: z.string().max(1024).optional(),
  /** Names of the enclosing `<testsuite>` elements, outermost first. */
  suitePath: z.array(z.string().max(1024)).max(64),
  file: z.string().max(2048).optional(),
  status: testCaseStatusSchema,
  /** Sum of the attempts' durations, when the report gives any. */
  durationMs: z.number().nonnegative().optional(),
  attempts: z.number().int().positive(),
  flaky: z.boolean(),
  /** First failure or error message, truncated. */
  message: z.string().max(4096).optional(),
});

/** @public */
export type TestCaseResult = z.infer<typeof testCaseResultSchema>;

/**
 * Counts of a test report, always computed from its test cases (never from the
 * summary attributes a tool writes, which disagree with the cases in real files).
 *
 * @public
 */
export const testReportTotalsSchema = z.object({
  tests: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  flaky: z.number().int().nonnegative(),
  /** Sum of the test cases' durations. */
  durationMs: z.number().nonnegative(),
});

/** @public */
export type TestReportTotals = z.infer<typeof testReportTotalsSchema>;

/**
 * The id of a test-report format: `junit` and `ctrf` are built in, backend modules add
 * more through `@hardening/backstage-plugin-hardening-node` (e.g. `trx`). Lower-case
 * letters, digits and `-`, starting with a letter, at most 32.
 *
 * @public
 */
export const testReportFormatSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    'is not a format id (lower-case letters, digits and "-", at most 32)',
  );

/** The formats the backend reads without a module. @public */
export const BUILT_IN_TEST_REPORT_FORMATS = ['junit', 'ctrf'] as const;

/** @public */
export type TestReportFormat = z.infer<typeof testReportFormatSchema>;

/**
 * A parsed test report, before it is stored.
 *
 * @public
 */
export type ParsedTestReport = {
  format: TestReportFormat;
  /** The producing tool when the file names it (e.g. `pytest`, `vitest`, `jest`). */
  tool?: string;
  totals: TestReportTotals;
  cases: TestCaseResult[];
};
