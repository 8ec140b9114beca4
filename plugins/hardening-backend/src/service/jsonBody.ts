import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { z } from 'zod';
import { parseJsonText as parseJson } from '../ingest/formats/jsonText';
import { UnsupportedMediaTypeError } from './errors';
import { BoundedRequestBody } from './requestBody';
import { UploadLimit } from './uploadLimits';

/**
 * Reads a bounded JSON body and validates it with a zod schema: 415 for another content
 * type, 413 when larger than `limit` (naming its config key, or that it is fixed and for
 * which uploads), 400 for JSON that does not parse or does not match. The body is held
 * once, as text, until it is parsed (see {@link readJson}).
 */
export async function readJsonBody<T extends z.ZodType>(
  req: Request,
  schema: T,
  limit: UploadLimit,
): Promise<{ data: z.infer<T>; digest: string }> {
  if (!req.is('application/json')) {
    throw new UnsupportedMediaTypeError(
      `Unsupported Content-Type "${
        req.headers['content-type'] ?? '(none)'
      }": send application/json`,
    );
  }
  const body = new BoundedRequestBody(req, limit);
  const data = validateJson(await readJson(body), schema);
  return { data, digest: body.digest() };
}

/**
 * Reads a body as JSON: its bytes gathered in one buffer and decoded once
 * ({@link BoundedRequestBody.text}); the text is garbage once `JSON.parse` returns. At
 * most one full copy of the body is referenced besides the parsed value. A 400 says why
 * the text is not JSON; `what` names the document (e.g. "CTRF report").
 */
export async function readJson(
  body: BoundedRequestBody,
  what = 'Body',
): Promise<unknown> {
  return parseJson(await body.text(), what);
}

/** Validates parsed JSON with a zod schema; a 400 names the path and message of every mismatch. */
export function validateJson<T extends z.ZodType>(
  json: unknown,
  schema: T,
  what = 'Body',
): z.infer<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what.toLocaleLowerCase('en-US')}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * Parses JSON text and validates it with a zod schema; a 400 (`InputError`) says why:
 * the syntax error, or the path and message of every mismatch. `what` names the
 * document in the message (e.g. "CTRF report").
 */
export function parseJsonText<T extends z.ZodType>(
  text: string,
  schema: T,
  what = 'Body',
): z.infer<T> {
  return validateJson(parseJson(text, what), schema, what);
}
