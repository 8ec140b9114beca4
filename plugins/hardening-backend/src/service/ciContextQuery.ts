import { InputError } from '@backstage/errors';
import {
  CiContext,
  ciContextSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';

const single = z.string().max(2048);
const tagsParam = z.union([single, z.array(single).max(32)]).transform(value =>
  (Array.isArray(value) ? value : [value])
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean),
);

/** The CI context parameters every upload accepts in its query string. */
const ciContextQueryShape = {
  commit: single.optional(),
  branch: single.optional(),
  runUrl: single.optional(),
  pipeline: single.optional(),
  runId: single.optional(),
  runAttempt: z.coerce.number().optional(),
  runAt: single.optional(),
  tags: tagsParam.optional(),
};

/** Query-string validation issues as one readable sentence. */
export function describeQueryIssues(error: z.ZodError): string {
  return error.issues
    .map(issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown query parameter(s): ${issue.keys.join(', ')}`
        : `${issue.path.join('.') || 'query'}: ${issue.message}`,
    )
    .join('; ');
}

/**
 * A query string validated with `schema`: anything else is a 400
 * `Invalid query parameters: <issues>`, followed by `hint` when given.
 */
export function parseQuery<T extends z.ZodType>(
  schema: T,
  query: unknown,
  hint?: string,
): z.output<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid query parameters: ${describeQueryIssues(parsed.error)}${
        hint ? ` (${hint})` : ''
      }`,
    );
  }
  return parsed.data;
}

/**
 * Reads an upload's query string: the CI context
 * (`?commit=…&branch=…&runUrl=…&pipeline=…&runId=…&runAttempt=…&runAt=…&tags=e2e:happy,smoke`) plus the parameters
 * of the evidence kind (`extra`). Anything else is a 400, so a typo is never dropped
 * silently.
 */
export function parseUploadQueryWith<E extends z.ZodRawShape>(
  query: unknown,
  extra: E,
): { context: CiContext; params: z.infer<z.ZodObject<E>> } {
  const raw = z
    .strictObject({ ...ciContextQueryShape, ...extra })
    .safeParse(query);
  if (!raw.success) {
    throw new InputError(
      `Invalid upload parameters: ${describeQueryIssues(raw.error)}`,
    );
  }
  const data = raw.data as Record<string, unknown>;
  const context = ciContextSchema.safeParse({
    commit: data.commit,
    branch: data.branch,
    runUrl: data.runUrl,
    pipeline: data.pipeline,
    runId: data.runId,
    runAttempt: data.runAttempt,
    runAt: data.runAt,
    tags: data.tags ?? [],
  });
  if (!context.success) {
    throw new InputError(
      `Invalid CI context: ${describeQueryIssues(context.error)}`,
    );
  }
  const params: Record<string, unknown> = {};
  for (const key of Object.keys(extra)) {
    if (data[key] !== undefined) params[key] = data[key];
  }
  return { context: context.data, params: params as z.infer<z.ZodObject<E>> };
}

/** The query string of an upload without parameters of its own: the CI context only. */
export function parseUploadQuery(query: unknown): { context: CiContext } {
  return { context: parseUploadQueryWith(query, {}).context };
}

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
});

/** `?limit=&cursor=` of list endpoints. */
export function parseListQuery(query: unknown): {
  limit: number;
  cursor?: string;
} {
  const parsed = listQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid list parameters: ${describeQueryIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}
