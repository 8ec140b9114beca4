import { InputError } from '@backstage/errors';
import {
  CiContext,
  ciContextSchema,
  testReportFormatSchema,
  TestReportFormat,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';

const single = z.string().max(2048);
const tagsParam = z.union([single, z.array(single).max(32)]).transform(value =>
  (Array.isArray(value) ? value : [value])
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean),
);

const uploadQuerySchema = z.strictObject({
  commit: single.optional(),
  branch: single.optional(),
  runUrl: single.optional(),
  pipeline: single.optional(),
  tags: tagsParam.optional(),
  format: testReportFormatSchema.optional(),
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown query parameter(s): ${issue.keys.join(', ')}`
        : `${issue.path.join('.') || 'query'}: ${issue.message}`,
    )
    .join('; ');
}

/**
 * Reads the CI context of an upload from its query string
 * (`?commit=…&branch=…&runUrl=…&pipeline=…&tags=e2e:happy,smoke`).
 */
export function parseUploadQuery(query: unknown): {
  context: CiContext;
  format?: TestReportFormat;
} {
  const raw = uploadQuerySchema.safeParse(query);
  if (!raw.success) {
    throw new InputError(
      `Invalid upload parameters: ${describeIssues(raw.error)}`,
    );
  }
  const { format, ...contextInput } = raw.data;
  const context = ciContextSchema.safeParse({
    ...contextInput,
    tags: contextInput.tags ?? [],
  });
  if (!context.success) {
    throw new InputError(
      `Invalid CI context: ${describeIssues(context.error)}`,
    );
  }
  return { context: context.data, format };
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
      `Invalid list parameters: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}
