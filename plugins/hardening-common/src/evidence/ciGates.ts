import { z } from 'zod';

/**
 * Outcome of one named CI check (lint, typecheck, build, tests, audit…).
 *
 * @public
 */
export const gateStatusSchema = z.enum(['passed', 'failed', 'skipped']);

/** @public */
export type GateStatus = z.infer<typeof gateStatusSchema>;

/**
 * A gate name: lower-case words such as `lint`, `build` or `security.audit`.
 *
 * @public
 */
export const gateNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'gate names are lower-case words, e.g. lint or security.audit',
  );

/** @public */
export const gateResultSchema = z.strictObject({
  name: gateNameSchema,
  status: gateStatusSchema,
  notes: z.string().max(4096).optional(),
});

/** @public */
export type GateResult = z.infer<typeof gateResultSchema>;

/**
 * Body of a CI gates upload: the results of one pipeline run, each gate once.
 *
 * @public
 */
export const gatesUploadSchema = z.strictObject({
  gates: z
    .array(gateResultSchema)
    .min(1)
    .max(200)
    .refine(
      gates => new Set(gates.map(g => g.name)).size === gates.length,
      'each gate may appear only once',
    ),
});

/** @public */
export type GatesUpload = z.infer<typeof gatesUploadSchema>;

/**
 * Body of `PUT .../required-gates`: the gates an entity must pass.
 *
 * @public
 */
export const requiredGatesSchema = z.strictObject({
  gates: z
    .array(gateNameSchema)
    .max(100)
    .refine(
      g => new Set(g).size === g.length,
      'each gate may appear only once',
    ),
});

/**
 * How one required gate stands against the newest gates report.
 *
 * @public
 */
export type RequiredGateVerdict = {
  name: string;
  /** `missing` when the newest report has no result for the gate: it counts as failing. */
  status: GateStatus | 'missing';
  passing: boolean;
};

/**
 * Checks the required gates of an entity against its newest gates report. A required
 * gate with no result, or a skipped one, is not passing.
 *
 * @public
 */
export function evaluateRequiredGates(
  required: readonly string[],
  latest: readonly GateResult[],
): { passing: boolean; gates: RequiredGateVerdict[] } {
  const byName = new Map(latest.map(g => [g.name, g.status]));
  const gates = required.map((name): RequiredGateVerdict => {
    const status = byName.get(name) ?? 'missing';
    return { name, status, passing: status === 'passed' };
  });
  return { passing: gates.every(g => g.passing), gates };
}
