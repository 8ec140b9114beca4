import { z } from 'zod';

/**
 * A git tag name: what `git check-ref-format` accepts for `refs/tags/<name>`, limited to
 * letters, digits and `._/+-`.
 *
 * @public
 */
export const gitTagNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/+-]*$/,
    'tag names are letters, digits and "._/+-", e.g. milestone/m3.3.1-hardened',
  )
  .refine(
    name =>
      !name.includes('..') &&
      !name.includes('//') &&
      !name.endsWith('/') &&
      !name.endsWith('.') &&
      !name.endsWith('.lock'),
    'not a valid git tag name',
  );

/** @public */
export const gitTagSchema = z.strictObject({
  name: gitTagNameSchema,
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/i, 'commit must be a hexadecimal git SHA')
    .transform(c => c.toLowerCase()),
});

/** @public */
export type GitTag = z.infer<typeof gitTagSchema>;

/**
 * Body of `POST …/git-tags`: tags CI saw on the repository, each once.
 *
 * @public
 */
export const gitTagsUploadSchema = z.strictObject({
  tags: z
    .array(gitTagSchema)
    .min(1)
    .max(200)
    .refine(
      tags => new Set(tags.map(t => t.name)).size === tags.length,
      'each tag may appear only once',
    ),
});

/** @public */
export type GitTagsUpload = z.infer<typeof gitTagsUploadSchema>;

/**
 * Summary of a stored git-tags report (evidence kind `git-tags`).
 *
 * @public
 */
export type GitTagsSummary = { tags: GitTag[] };

/**
 * A tag as some git-tags report of the entity reported it.
 *
 * @public
 */
export type ReportedGitTag = GitTag & {
  reportId: string;
  digest: string;
  receivedAt: string;
};
