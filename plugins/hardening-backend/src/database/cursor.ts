import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Opaque list cursors: base64url JSON, validated when read back so that a tampered
 * cursor is a 400, never a database error.
 */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(
  cursor: string,
  schema: T,
): z.infer<T> {
  try {
    return schema.parse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
  } catch {
    throw new InputError('Invalid cursor');
  }
}

export const reportCursorSchema = z.object({
  t: z.iso.datetime(),
  id: z.string().uuid(),
});

export const idCursorSchema = z.object({ id: z.number().int().nonnegative() });
