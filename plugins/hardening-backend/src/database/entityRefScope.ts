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
  if (isPg(query)) {
    return query.whereRaw('?? = any(?::text[])', [column, [...refs]]) as T;
  }
  return query.whereRaw('?? in (select value from json_each(?))', [
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
