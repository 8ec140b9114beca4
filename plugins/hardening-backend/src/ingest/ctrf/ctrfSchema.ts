import { z } from 'zod';

/**
 * Text of a test. JSON may carry U+0000, which XML (so JUnit) cannot and PostgreSQL does
 * not store in a text column: refused here, so the report is a 400 on every database
 * instead of a failed write on one.
 */
const text = () =>
  z.string().refine(value => !value.includes('\u0000'), {
    message: 'must not contain the NUL character (U+0000)',
  });

/**
 * The part of a CTRF report we read. Unknown fields are allowed (and dropped):
 * CTRF has many, and reporters add their own.
 */
export const ctrfTestSchema = z.object({
  name: text().pipe(z.string().min(1)),
  status: z.enum(['passed', 'failed', 'skipped', 'pending', 'other']),
  /** Milliseconds. Required by the spec; tolerated when missing. */
  duration: z.number().nonnegative().optional(),
  message: text().optional(),
  trace: text().optional(),
  filePath: text().optional(),
  /** A string in reports before spec 1.0, the suite hierarchy since. */
  suite: z.union([text(), z.array(text())]).optional(),
  retries: z.number().int().nonnegative().optional(),
  flaky: z.boolean().optional(),
});

export type CtrfTest = z.infer<typeof ctrfTestSchema>;

export const ctrfReportSchema = z.object({
  reportFormat: z.literal('CTRF').optional(),
  results: z.object({
    tool: z.object({ name: text() }),
    summary: z.object({}).optional(),
    tests: z.array(ctrfTestSchema),
  }),
});

export type CtrfReport = z.infer<typeof ctrfReportSchema>;
