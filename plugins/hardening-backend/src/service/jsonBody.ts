import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { z } from 'zod';
import { UnsupportedMediaTypeError } from './errors';
import { BoundedRequestBody } from './requestBody';

/**
 * Reads a bounded JSON body and validates it with a zod schema: 415 for another content
 * type, 413 when too large, 400 for JSON that does not parse or does not match.
 */
export async function readJsonBody<T extends z.ZodType>(
  req: Request,
  schema: T,
  maxBytes: number,
): Promise<{ data: z.infer<T>; digest: string }> {
  if (!req.is('application/json')) {
    throw new UnsupportedMediaTypeError(
      `Unsupported Content-Type "${
        req.headers['content-type'] ?? '(none)'
      }": send application/json`,
    );
  }
  const body = new BoundedRequestBody(req, maxBytes);
  const text = (await body.buffer()).toString('utf8');
  return { data: parseJsonText(text, schema), digest: body.digest() };
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${what} is not valid JSON: ${(error as Error).message}`,
    );
  }
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
