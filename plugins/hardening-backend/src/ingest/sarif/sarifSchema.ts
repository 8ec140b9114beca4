import { z } from 'zod';

/**
 * The parts of a SARIF 2.1.0 log that gate results are read from. Everything else SARIF
 * allows (and tools add) is accepted and ignored.
 */
export const sarifResultKindSchema = z.enum([
  'pass',
  'fail',
  'open',
  'review',
  'notApplicable',
  'informational',
]);

export type SarifResultKind = z.infer<typeof sarifResultKindSchema>;

const messageSchema = z.object({
  text: z.string().optional(),
  id: z.string().optional(),
  arguments: z.array(z.string()).optional(),
});

const locationSchema = z.object({
  physicalLocation: z
    .object({
      artifactLocation: z
        .object({ uri: z.string().optional(), index: z.number().optional() })
        .optional(),
      region: z
        .object({ startLine: z.number().int().min(1).optional() })
        .optional(),
    })
    .optional(),
});

export const sarifRuleSchema = z.object({
  id: z.string().min(1),
  shortDescription: z.object({ text: z.string() }).optional(),
  /** Our convention: `matchedFiles` is how many files the gate's targets matched. */
  properties: z
    .object({ matchedFiles: z.number().int().min(0).optional() })
    .optional(),
});

export type SarifRule = z.infer<typeof sarifRuleSchema>;

export const sarifResultSchema = z.object({
  ruleId: z.string().min(1).optional(),
  ruleIndex: z.number().int().min(0).optional(),
  rule: z
    .object({
      id: z.string().min(1).optional(),
      index: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Absent means `fail` (SARIF 2.1.0 §3.27.9). */
  kind: sarifResultKindSchema.optional(),
  level: z.enum(['none', 'note', 'warning', 'error']).optional(),
  message: messageSchema,
  locations: z.array(locationSchema).optional(),
});

export type SarifResult = z.infer<typeof sarifResultSchema>;

export const sarifRunSchema = z.object({
  tool: z.object({
    driver: z.object({
      name: z.string(),
      rules: z.array(sarifRuleSchema).optional(),
    }),
  }),
  invocations: z
    .array(z.object({ executionSuccessful: z.boolean() }))
    .optional(),
  /** Our convention: the digest of the contract the checker ran. */
  properties: z
    .object({
      contractDigest: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256')
        .optional(),
    })
    .optional(),
  /** Absent or null when the tool did not produce results. */
  results: z.array(sarifResultSchema).nullable().optional(),
});

export type SarifRun = z.infer<typeof sarifRunSchema>;

export const sarifLogSchema = z.object({
  version: z.literal('2.1.0', {
    error: 'only SARIF version "2.1.0" is supported',
  }),
  runs: z.array(sarifRunSchema),
});

export type SarifLog = z.infer<typeof sarifLogSchema>;
