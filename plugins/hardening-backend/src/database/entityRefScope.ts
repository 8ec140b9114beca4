import { Knex } from 'knex';

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
  const client = String(query.client.config.client);
  if (client === 'pg') {
    return query.whereRaw('?? = any(?::text[])', [column, [...refs]]) as T;
  }
  if (client === 'better-sqlite3' || client === 'sqlite3') {
    return query.whereRaw('?? in (select value from json_each(?))', [
      column,
      JSON.stringify(refs),
    ]) as T;
  }
  return query.whereIn(column, [...refs]) as T;
}
