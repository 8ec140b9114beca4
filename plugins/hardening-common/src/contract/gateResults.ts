import { z } from 'zod';
import { contractGateIdSchema } from './contractDocument';

/** Most violations accepted for one gate. */
export const MAX_VIOLATIONS_PER_GATE = 10_000;
/** Most violations accepted in one upload, all gates together. */
export const MAX_VIOLATIONS_PER_UPLOAD = 100_000;
/** Most gate results in one upload. */
export const MAX_GATE_RESULTS = 1000;

/**
 * Outcome of one contract gate in one CI run: `error` when the checker could not
 * evaluate the gate.
 *
 * @public
 */
export const contractGateResultStatusSchema = z.enum(
  ['pass', 'fail', 'error'],
  {
    error: 'must be pass, fail or error',
  },
);

/** @public */
export type ContractGateResultStatus = z.infer<
  typeof contractGateResultStatusSchema
>;

/**
 * One place where a gate's rule is broken. `file` is left out for gates that do not
 * look at files (command gates).
 *
 * @public
 */
export const contractViolationSchema = z.strictObject({
  file: z.string().min(1).max(2048).optional(),
  line: z.number().int().min(1).optional(),
  message: z.string().min(1).max(4096),
});

/** @public */
export type ContractViolation = z.infer<typeof contractViolationSchema>;

/**
 * The result of one gate.
 *
 * @public
 */
export const contractGateResultSchema = z.strictObject({
  gateId: contractGateIdSchema,
  status: contractGateResultStatusSchema,
  /** How many files the gate's targets matched in the run. */
  matchedFiles: z.number().int().min(0),
  violations: z.array(contractViolationSchema).max(MAX_VIOLATIONS_PER_GATE),
});

/** @public */
export type ContractGateResult = z.infer<typeof contractGateResultSchema>;

/**
 * The native JSON body of a contract-results upload: the gate results of one run.
 *
 * @public
 */
export const contractResultsDocumentSchema = z
  .strictObject({
    /** Digest of the contract the checker ran (as `GET …/contract` reports it). */
    contractDigest: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256')
      .optional(),
    results: z.array(contractGateResultSchema).max(MAX_GATE_RESULTS),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    let total = 0;
    doc.results.forEach((result, index) => {
      if (seen.has(result.gateId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['results', index, 'gateId'],
          message: `gate "${result.gateId}" has more than one result`,
        });
      }
      seen.add(result.gateId);
      total += result.violations.length;
    });
    if (total > MAX_VIOLATIONS_PER_UPLOAD) {
      ctx.addIssue({
        code: 'custom',
        path: ['results'],
        message: `at most ${MAX_VIOLATIONS_PER_UPLOAD} violations per upload, got ${total}`,
      });
    }
  });

/** @public */
export type ContractResultsDocument = z.infer<
  typeof contractResultsDocumentSchema
>;
