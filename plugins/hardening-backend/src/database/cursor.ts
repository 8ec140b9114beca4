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
 * A time in a cursor: milliseconds since the epoch, any a JavaScript `Date` holds. A
 * number, not an ISO string, so that every stored time can be a cursor (ISO strings of
 * years before 0 or after 9999 are not ones `z.iso.datetime` accepts).
 */
export const cursorTimeSchema = z.number().int().min(-8.64e15).max(8.64e15);

/** The value of a time column in a cursor: see {@link cursorTimeSchema}. */
export function cursorTime(value: Date | string | number): number {
  return (value instanceof Date ? value : new Date(value)).getTime();
}

/** A cursor of a list of reports newest first: the last row's `ordered_at` and `receipt_seq`. */
export const orderedReportCursorSchema = z.object({
  t: cursorTimeSchema,
  s: z.number().int().nonnegative(),
});

/** A column and the value a cursor holds for it; times are ISO strings. */
type CursorKey = readonly [column: string, value: string | number | Date];

/**
 * Restricts a query ordered by `keys`' columns, each descending, to the rows after the
 * cursor's values: lower in the first column, or equal there and after in the rest.
 */
export function afterNewestFirst<Q extends Knex.QueryBuilder>(
  query: Q,
  keys: readonly CursorKey[],
): Q {
  const after = (
    q: Knex.QueryBuilder,
    [[column, value], ...rest]: readonly CursorKey[],
  ) => {
    if (rest.length === 0) {
      q.where(column, '<', value);
      return;
    }
    q.where(column, '<', value).orWhere(q2 =>
      q2.where(column, '=', value).andWhere(q3 => after(q3, rest)),
    );
  };
  return query.andWhere(q => after(q, keys)) as Q;
}

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
  return afterNewestFirst(query, [
    [timeColumn, new Date(after.t)],
    [idColumn, after.id],
  ]);
}
