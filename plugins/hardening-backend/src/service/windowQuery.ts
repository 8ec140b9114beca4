import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * `?since=<ISO date-time>&limit=<n>` of the aggregate read routes (grouped failures,
 * flaky tests). Unknown parameters, a malformed date or a limit out of range are a 400.
 */
export function parseWindowQuery(
  query: unknown,
  limits: { defaultLimit: number; maxLimit: number },
): { since?: Date; limit: number } {
  const schema = z.strictObject({
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(limits.maxLimit)
      .default(limits.defaultLimit),
  });
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid query parameters: ${parsed.error.issues
        .map(issue =>
          issue.code === 'unrecognized_keys'
            ? `unknown query parameter(s): ${issue.keys.join(', ')}`
            : `${issue.path.join('.')}: ${issue.message}`,
        )
        .join('; ')}`,
    );
  }
  const { since, limit } = parsed.data;
  return since ? { since: new Date(since), limit } : { limit };
}
