import { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a column value of {@link copyRows} may be. */
export type CopyValue = string | number | boolean | null;

/**
 * Characters per piece of COPY data sent: large enough that the stream's per-write
 * overhead is negligible, small enough that each piece is short-lived young-generation
 * garbage (under V8's large-object size, even for two-byte strings).
 */
const CHARS_PER_PIECE = 32 * 1024;

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * One value as a field of PostgreSQL's COPY text format: `\N` for null; backslash,
 * newline, carriage return and tab (the delimiter) backslash-escaped, so that a text
 * `\N` or `\.` stays text; booleans `t`/`f`. Non-finite numbers are null, as they are
 * in the JSON that PostgreSQL rows were written from before.
 */
export function copyField(value: CopyValue): string {
  switch (typeof value) {
    case 'string':
      return COPY_SPECIAL.test(value)
        ? value.replace(COPY_SPECIAL_ALL, c => COPY_ESCAPES[c])
        : value;
    case 'number':
      return Number.isFinite(value) ? String(value) : '\\N';
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value === null) return '\\N';
      throw new TypeError(`Cannot COPY a value of type ${typeof value}`);
  }
}

/** The rows as COPY text, in pieces of about {@link CHARS_PER_PIECE} characters. */
export function* copyText(
  rows: Iterable<readonly CopyValue[]>,
  columns: number,
): Generator<string> {
  let piece = '';
  for (const row of rows) {
    if (row.length !== columns) {
      throw new TypeError(
        `A row of ${row.length} values for ${columns} columns`,
      );
    }
    let line = copyField(row[0]);
    for (let i = 1; i < columns; i += 1) {
      line += `\t${copyField(row[i])}`;
    }
    piece += `${line}\n`;
    if (piece.length >= CHARS_PER_PIECE) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/**
 * Writes rows with `COPY … FROM STDIN` (text format) on the connection of a knex
 * transaction on PostgreSQL, streaming them from `rows` (read once, never held).
 * The rows are part of the transaction: if it rolls back, or the copy fails midway
 * (a bad value, a row that throws), none is kept. A failed copy is cancelled with
 * CopyFail before this rejects, so the transaction's connection can still roll back.
 */
export async function copyRows(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  if (!trx.isTransaction) {
    throw new Error('copyRows writes inside a transaction only');
  }
  // Inside a transaction knex hands out the transaction's own connection.
  const connection: PoolClient = await trx.client.acquireConnection();
  const target = trx
    .raw(`?? (${columns.map(() => '??').join(', ')})`, [table, ...columns])
    .toQuery();
  const copy = connection.query(copyFrom(`COPY ${target} FROM STDIN`));
  await pipeline(Readable.from(copyText(rows, columns.length)), copy);
}
