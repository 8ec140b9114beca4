import { z } from 'zod';

/**
 * What a phase of a stress run exercises: the write path that must work (`happy`), the
 * read path (`read`), or requests that must be refused (`negative`: forged or expired
 * tokens, cross-tenant access…).
 *
 * @public
 */
export const stressPhaseKindSchema = z.enum(['happy', 'read', 'negative']);

/** @public */
export type StressPhaseKind = z.infer<typeof stressPhaseKindSchema>;

/**
 * The statuses that count as "denied as expected" in a negative phase that does not list
 * its own `expectedStatuses`: unauthenticated, forbidden, not found.
 *
 * @public
 */
export const DEFAULT_DENIAL_STATUSES: readonly number[] = [401, 403, 404];

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const millis = z.number().nonnegative().max(86_400_000);
const timestamp = z.iso.datetime({ offset: true });

/** An HTTP status code, or `0` for a request that got no response (k6's convention). */
const statusKey = z
  .string()
  .regex(
    /^(0|[1-5][0-9]{2})$/,
    'status codes are 100–599, or 0 for no response',
  );

const LATENCY_ORDER = ['p50', 'p90', 'p95', 'p99', 'max'] as const;

/**
 * Latency percentiles of a phase in milliseconds; `p95` is the one the thresholds judge.
 *
 * @public
 */
export const stressLatencySchema = z
  .strictObject({
    p50: millis.optional(),
    p90: millis.optional(),
    p95: millis,
    p99: millis.optional(),
    max: millis.optional(),
  })
  .superRefine((latency, ctx) => {
    const present = LATENCY_ORDER.filter(
      key => typeof latency[key] === 'number',
    );
    for (let i = 1; i < present.length; i++) {
      const lower = present[i - 1];
      const upper = present[i];
      if (latency[lower]! > latency[upper]!) {
        ctx.addIssue({
          code: 'custom',
          path: [upper],
          message: `${upper} (${latency[upper]}) is below ${lower} (${latency[lower]}): percentiles must not decrease`,
        });
      }
    }
  });

/** @public */
export type StressLatency = z.infer<typeof stressLatencySchema>;

/**
 * One phase of a stress run.
 *
 * `failures` is the exact number of failed requests. In a negative phase a failure is a
 * request that was NOT denied as expected (it got a 200, a 500, …).
 *
 * @public
 */
export const stressPhaseSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kind: stressPhaseKindSchema,
    requests: count,
    failures: count,
    /** Required for happy and read phases; negative phases are judged on denials only. */
    latencyMs: stressLatencySchema.optional(),
    /** Negative phases only: the statuses that count as a proper denial. */
    expectedStatuses: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .max(20)
      .refine(
        codes => new Set(codes).size === codes.length,
        'each status may appear only once',
      )
      .optional(),
    /** How many requests got each status, e.g. `{ "403": 118, "404": 2 }`. */
    statusCounts: z.record(statusKey, count).optional(),
  })
  .superRefine((phase, ctx) => {
    const { requests, failures, kind } = phase;
    if (
      typeof requests === 'number' &&
      typeof failures === 'number' &&
      failures > requests
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['failures'],
        message: `failures (${failures}) exceed requests (${requests})`,
      });
    }
    if (phase.statusCounts && typeof requests === 'number') {
      const counted = Object.values(phase.statusCounts).reduce(
        (sum, n) => sum + (typeof n === 'number' ? n : 0),
        0,
      );
      if (counted > requests) {
        ctx.addIssue({
          code: 'custom',
          path: ['statusCounts'],
          message: `statusCounts add up to ${counted}, more than the ${requests} requests`,
        });
      }
    }
    if (kind !== 'negative' && phase.latencyMs === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['latencyMs'],
        message: `latencyMs (with p95) is required for ${kind} phases`,
      });
    }
    if (kind !== 'negative' && phase.expectedStatuses !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expectedStatuses'],
        message: 'expectedStatuses applies to negative phases only',
      });
    }
  });

/** @public */
export type StressPhase = z.infer<typeof stressPhaseSchema>;

/**
 * The limits a stress run is judged against.
 *
 * @public
 */
export const stressThresholdsSchema = z.strictObject({
  /** Exclusive upper bound of failures / requests in each happy and read phase, e.g. 0.01. */
  maxErrorRate: z.number().gt(0).max(1),
  /** Exclusive upper bound of each happy and read phase's p95, in milliseconds. */
  p95Ms: z.number().gt(0).max(86_400_000),
  /** Happy phases must have exactly zero failed requests. */
  happyPathZeroErrors: z.boolean().default(true),
  /** Share of requests of each negative phase that must be denied as expected. */
  negativePassRate: z.number().gt(0).max(1).default(1),
});

/** @public */
export type StressThresholds = z.infer<typeof stressThresholdsSchema>;

/**
 * A stress run as the Hardening backend keeps it (also the body of a native upload).
 *
 * @public
 */
export const stressRunSchema = z
  .strictObject({
    /** What was stressed, e.g. `share-pack`. */
    scenario: z.string().trim().min(1).max(200),
    /** Where it ran: a base URL or an environment name. */
    target: z.string().trim().min(1).max(2048).optional(),
    startedAt: timestamp,
    finishedAt: timestamp.optional(),
    phases: z.array(stressPhaseSchema).min(1).max(100),
    thresholds: stressThresholdsSchema,
  })
  .superRefine((run, ctx) => {
    if (Array.isArray(run.phases)) {
      const seen = new Set<string>();
      run.phases.forEach((phase, index) => {
        if (phase && typeof phase.name === 'string') {
          if (seen.has(phase.name)) {
            ctx.addIssue({
              code: 'custom',
              path: ['phases', index, 'name'],
              message: `phase "${phase.name}" appears more than once`,
            });
          }
          seen.add(phase.name);
        }
      });
    }
    if (
      typeof run.startedAt === 'string' &&
      typeof run.finishedAt === 'string' &&
      Date.parse(run.finishedAt) < Date.parse(run.startedAt)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['finishedAt'],
        message: 'finishedAt is before startedAt',
      });
    }
  });

/** A parsed stress run, with the thresholds' defaults filled in. @public */
export type StressRun = z.infer<typeof stressRunSchema>;

/** A stress run as it may be written, before defaults are applied. @public */
export type StressRunInput = z.input<typeof stressRunSchema>;
