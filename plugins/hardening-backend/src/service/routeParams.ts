import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { z } from 'zod';
import { describeQueryIssues } from './ciContextQuery';

/** A path parameter validated with `schema`; a 400 naming `what` otherwise. */
export function pathParam<T extends z.ZodType<string>>(
  req: Request,
  name: string,
  schema: T,
  what: string,
): z.infer<T> {
  const parsed = schema.safeParse(req.params[name]);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what} in path: ${parsed.error.issues
        .map(i => i.message)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** Routes without query parameters answer 400 to any, so that a typo is never ignored. */
export function noQueryParams(req: Request): void {
  const parsed = z.strictObject({}).safeParse(req.query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid parameters: ${describeQueryIssues(parsed.error)}`,
    );
  }
}
