import { z } from 'zod';

/**
 * The production-readiness metrics every validation report must carry, and pass.
 *
 * @public
 */
export const REQUIRED_VALIDATION_METRICS = [
  'tenant-isolation',
  'rbac',
  'feature-flags',
  'immutable-audit',
  'determinism',
  'rollback',
] as const;

/** @public */
export type RequiredValidationMetric =
  (typeof REQUIRED_VALIDATION_METRICS)[number];

/**
 * A metric id: one of {@link REQUIRED_VALIDATION_METRICS} or a team's own, in lower-case
 * words joined by `-` or `.` (e.g. `backup.restore`).
 *
 * @public
 */
export const validationMetricIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[a-z0-9][a-z0-9.-]*$/,
    'metric ids are lower-case words joined by "-" or ".", e.g. tenant-isolation',
  );

/** @public */
export const validationMetricStatusSchema = z.enum(['pass', 'fail']);

/** @public */
export type ValidationMetricStatus = z.infer<
  typeof validationMetricStatusSchema
>;

/** @public */
export const validationMetricSchema = z.strictObject({
  id: validationMetricIdSchema,
  status: validationMetricStatusSchema,
  /** How it was checked, or why it failed. */
  detail: z.string().max(4096).optional(),
});

/** @public */
export type ValidationMetric = z.infer<typeof validationMetricSchema>;

/**
 * A production validation report: the readiness metrics checked against one environment
 * (and release), each metric once.
 *
 * @public
 */
export const validationReportSchema = z.strictObject({
  environment: z.string().trim().min(1).max(128),
  /** The release tag or version that was validated. */
  release: z.string().trim().min(1).max(128).optional(),
  checkedAt: z.iso.datetime({ offset: true }),
  metrics: z
    .array(validationMetricSchema)
    .min(1)
    .max(200)
    .refine(
      metrics => new Set(metrics.map(m => m.id)).size === metrics.length,
      'each metric may appear only once',
    ),
});

/** @public */
export type ValidationReport = z.infer<typeof validationReportSchema>;

/**
 * How one metric stands: `missing` when a required metric is not in the report.
 *
 * @public
 */
export type ValidationMetricVerdict = {
  id: string;
  required: boolean;
  status: ValidationMetricStatus | 'missing';
  passing: boolean;
  message: string;
};

/** @public */
export type ValidationEvaluation = {
  passing: boolean;
  metrics: ValidationMetricVerdict[];
};

/**
 * Judges a validation report: it passes only when every required metric is present and
 * passed, and no other reported metric failed (a failure the team chose to report still
 * counts). Required metrics come first, in the order given, then the others as reported.
 *
 * @public
 */
export function evaluateValidationReport(
  report: ValidationReport,
  required: readonly string[] = REQUIRED_VALIDATION_METRICS,
): ValidationEvaluation {
  const byId = new Map(report.metrics.map(m => [m.id, m]));
  const requiredSet = new Set(required);
  const verdict = (
    metric: ValidationMetric,
    isRequired: boolean,
  ): ValidationMetricVerdict => ({
    id: metric.id,
    required: isRequired,
    status: metric.status,
    passing: metric.status === 'pass',
    message:
      metric.status === 'pass'
        ? 'passed'
        : `failed${metric.detail ? `: ${metric.detail}` : ''}`,
  });
  const metrics: ValidationMetricVerdict[] = [
    ...[...requiredSet].map(id => {
      const metric = byId.get(id);
      return metric
        ? verdict(metric, true)
        : {
            id,
            required: true,
            status: 'missing' as const,
            passing: false,
            message: `required metric "${id}" is missing from the report`,
          };
    }),
    ...report.metrics
      .filter(m => !requiredSet.has(m.id))
      .map(m => verdict(m, false)),
  ];
  return { passing: metrics.every(m => m.passing), metrics };
}

/**
 * Summary of a stored validation report: the report and its evaluation.
 *
 * @public
 */
export type ValidationReportSummary = {
  report: ValidationReport;
  evaluation: ValidationEvaluation;
};
