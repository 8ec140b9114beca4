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
 * The CI system's id of a run (GitHub run id, GitLab pipeline id): letters, digits and
 * `. _ : -`, at most 128 characters.
 *
 * @public
 */
export const runIdSchema = z
  .string()
  .max(128)
  .regex(
    /^[A-Za-z0-9._:-]+$/,
    'a run id is letters, digits and . _ : - (e.g. the GitHub run id)',
  );

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
  /** The CI system's id of the run (GitHub run id, GitLab pipeline id). */
  runId: runIdSchema.optional(),
  /** The attempt of a re-run CI run, from 1 (GitHub's run attempt). */
  runAttempt: z.number().int().min(1).max(10000).optional(),
  /** When the CI run started, as ISO 8601 with a time zone. */
  runAt: z.iso
    .datetime({ offset: true })
    .transform(value => new Date(value).toISOString())
    .optional(),
  tags: z.array(evidenceTagSchema).max(32).default([]),
});

/** @public */
export type CiContext = z.infer<typeof ciContextSchema>;
