import { z } from 'zod';

/**
 * The part of a CTRF report we read. Unknown fields are allowed (and dropped):
 * CTRF has many, and reporters add their own.
 */
export const ctrfTestSchema = z.object({
  name: z.string().min(1),
  status: z.enum(['passed', 'failed', 'skipped', 'pending', 'other']),
  /** Milliseconds. Required by the spec; tolerated when missing. */
  duration: z.number().nonnegative().optional(),
  message: z.string().optional(),
  trace: z.string().optional(),
  filePath: z.string().optional(),
  /** A string in reports before spec 1.0, the suite hierarchy since. */
  suite: z.union([z.string(), z.array(z.string())]).optional(),
  retries: z.number().int().nonnegative().optional(),
  flaky: z.boolean().optional(),
});

export type CtrfTest = z.infer<typeof ctrfTestSchema>;

export const ctrfReportSchema = z.object({
  reportFormat: z.literal('CTRF').optional(),
  results: z.object({
    tool: z.object({ name: z.string() }),
    summary: z.object({}).optional(),
    tests: z.array(ctrfTestSchema),
  }),
});

export type CtrfReport = z.infer<typeof ctrfReportSchema>;
