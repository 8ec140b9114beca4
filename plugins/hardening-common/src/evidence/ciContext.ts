import { z } from 'zod';

/**
 * A tag on a report, e.g. `e2e:happy` or `e2e:security`: lower-case words separated by
 * `:`, `-`, `_` or `.`.
 *
 * @public
 */
export const evidenceTagSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]*(:[a-z0-9][a-z0-9._-]*)*$/,
    'tags are lower-case words joined by ":", e.g. e2e:happy',
  )
  .max(64);

/**
 * The CI run a piece of evidence came from.
 *
 * @public
 */
export const ciContextSchema = z.object({
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/i, 'commit must be a hexadecimal git SHA')
    .optional(),
  branch: z.string().min(1).max(255).optional(),
  runUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  pipeline: z.string().min(1).max(255).optional(),
  tags: z.array(evidenceTagSchema).max(32).default([]),
});

/** @public */
export type CiContext = z.infer<typeof ciContextSchema>;
