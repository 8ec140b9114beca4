import { z } from 'zod';
import { StressEvaluation } from './evaluateStressRun';
import { StressRun } from './stressRun';

/**
 * Formats a stress run can be uploaded in: the native document, or a k6 end-of-test
 * summary (`handleSummary` JSON or the legacy `--summary-export` file).
 *
 * @public
 */
export const stressRunFormatSchema = z.enum(['native', 'k6']);

/** @public */
export type StressRunFormat = z.infer<typeof stressRunFormatSchema>;

/**
 * The two JSON shapes k6 writes its end-of-test summary in.
 *
 * @public
 */
export type K6SummaryForm = 'handle-summary' | 'summary-export';

/**
 * The verdict k6 itself gave one threshold, e.g. `http_req_duration` / `p(95)<500`.
 * `ok` is true when the threshold held (normalised for the legacy export, which writes
 * the opposite).
 *
 * @public
 */
export type K6ThresholdVerdict = {
  metric: string;
  expression: string;
  ok: boolean;
};

/**
 * Summary of a stored stress run: the run in the native shape, its evaluation, and for
 * k6 uploads the form of the file and k6's own threshold verdicts (informational).
 *
 * @public
 */
export type StressRunSummary = {
  format: StressRunFormat;
  k6?: { form: K6SummaryForm; thresholds: K6ThresholdVerdict[] };
  run: StressRun;
  evaluation: StressEvaluation;
};
