import { Knex } from 'knex';

const isPg = (db: Knex | Knex.QueryBuilder) =>
  String(db.client.config.client) === 'pg';

/**
 * Restricts a query to rows whose `column` is one of `refs`, with ONE bound parameter
 * however many refs there are: a text array on PostgreSQL (`= any(?)`), a JSON array
 * read by `json_each` on SQLite. A scorecard of thousands of entities then needs neither
 * thousands of parameters (SQLite caps them) nor one query per chunk of refs.
 */
export function whereRefIn<T extends Knex.QueryBuilder>(
  query: T,
  column: string,
  refs: readonly string[],
): T {
  return whereRefs(query, column, refs, true);
}

function whereRefs<T extends Knex.QueryBuilder>(
  query: T,
  column: string,
  refs: readonly string[],
  included: boolean,
): T {
  if (isPg(query)) {
    const test = included ? '= any' : '<> all';
    return query.whereRaw(`?? ${test}(?::text[])`, [column, [...refs]]) as T;
  }
  const test = included ? 'in' : 'not in';
  return query.whereRaw(`?? ${test} (select value from json_each(?))`, [
    column,
    JSON.stringify(refs),
  ]) as T;
}

/**
 * The refs as a table `s` with one column `value`, one row per ref, from ONE bound
 * parameter: `unnest(?::text[])` on PostgreSQL, `json_each(?)` on SQLite. Queries select
 * from it and look each entity's facts up with correlated subqueries, which both
 * databases answer with one index seek per entity.
 */
export function refsTable(db: Knex, refs: readonly string[]): Knex.Raw {
  return isPg(db)
    ? db.raw('unnest(?::text[]) as s(value)', [[...refs]])
    : db.raw('json_each(?) as s', [JSON.stringify(refs)]);
}

/** `column`'s values of a group joined by commas: `string_agg` / `group_concat`. */
export function commaList(db: Knex, column: string): Knex.Raw {
  return isPg(db)
    ? db.raw(`string_agg(??, ',')`, [column])
    : db.raw(`group_concat(??, ',')`, [column]);
}

/**
 * Rows of strings as a table `p` with the named columns, from one bound parameter per
 * column on PostgreSQL (`unnest` of parallel text arrays) and one JSON array of arrays
 * on SQLite, e.g. the (entity, tag) pairs whose newest tagged report is looked up.
 */
export function tuplesTable(
  db: Knex,
  columns: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): Knex.Raw {
  if (isPg(db)) {
    return db.raw(
      `unnest(${columns.map(() => '?::text[]').join(', ')}) as p(${columns
        .map(() => '??')
        .join(', ')})`,
      [...columns.map((_, i) => rows.map(row => row[i])), ...columns],
    );
  }
  return db.raw(
    `(select ${columns
      .map((_, i) => `json_extract(value, '$[${i}]') as ??`)
      .join(', ')} from json_each(?)) as p`,
    [...columns, JSON.stringify(rows)],
  );
}

/**
 * Restricts a query to rows whose `column` is none of `refs`, with ONE bound parameter
 * as in {@link whereRefIn}: `<> all(?)` on PostgreSQL, `not in json_each(?)` on SQLite.
 * With no refs every row matches.
 */
export function whereRefNotIn<T extends Knex.QueryBuilder>(
  query: T,
  column: string,
  refs: readonly string[],
): T {
  return whereRefs(query, column, refs, false);
}
