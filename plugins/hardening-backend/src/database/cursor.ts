import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
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

/**
 * Restricts a newest-first query (ordered by `timeColumn` desc, then `idColumn` desc) to
 * the rows after a cursor's `{ t, id }`: older rows, and rows of the same time with a
 * smaller id, so that rows sharing a timestamp are neither skipped nor repeated.
 */
export function afterNewestFirstCursor<Q extends Knex.QueryBuilder>(
  query: Q,
  timeColumn: string,
  idColumn: string,
  after: { t: string; id: string | number },
): Q {
  const t = new Date(after.t);
  return query.andWhere(q =>
    q
      .where(timeColumn, '<', t)
      .orWhere(q2 =>
        q2.where(timeColumn, '=', t).andWhere(idColumn, '<', after.id),
      ),
  ) as Q;
}
