import { Knex } from 'knex';

/** Bound parameters one statement may carry, with headroom under each engine's limit. */
const MAX_PARAMETERS: Record<string, number> = {
  pg: 60_000, // PostgreSQL: 65,535
  'better-sqlite3': 30_000, // SQLite (as bundled by better-sqlite3): 32,766
};
const FALLBACK_MAX_PARAMETERS = 999;

function isSqlite(db: Knex | Knex.Transaction): boolean {
  return String(db.client.config.client).includes('sqlite');
}

/** Rows per statement on PostgreSQL, sent as one JSON parameter. */
const PG_ROWS_PER_STATEMENT = 20_000;

/**
 * Inserts many rows with few statements. Rows must share their keys.
 *
 * - PostgreSQL: each chunk is ONE bound parameter, a JSON array expanded by
 *   `json_populate_recordset` with the table's own column types, so 100,000 rows are
 *   five round trips and no 1.3-million-parameter statement for knex to build.
 * - SQLite: a plain multi-row `VALUES` list up to the parameter limit; knex's own
 *   multi-row insert for SQLite is an `INSERT … SELECT … UNION ALL …`, which SQLite
 *   caps at 500 rows and which is slower to plan.
 */
export async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const columns = Object.keys(rows[0]);
  const client = String(db.client.config.client);
  const perStatement = Math.max(
    1,
    Math.floor(
      (MAX_PARAMETERS[client] ?? FALLBACK_MAX_PARAMETERS) / columns.length,
    ),
  );
  const sqlite = isSqlite(db);
  if (client === 'pg') {
    const list = columns.map(() => '??').join(', ');
    for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
      await db.raw(
        `INSERT INTO ?? (${list}) SELECT ${list} FROM json_populate_recordset(NULL::??, ?::json)`,
        [
          table,
          ...columns,
          ...columns,
          table,
          JSON.stringify(rows.slice(i, i + PG_ROWS_PER_STATEMENT)),
        ],
      );
    }
    return;
  }
  const rowPlaceholder = `(${columns.map(() => '?').join(', ')})`;

  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    if (!sqlite) {
      await db(table).insert(chunk);
      continue;
    }
    const bindings: unknown[] = [];
    for (const row of chunk) {
      for (const column of columns) {
        const value = row[column];
        bindings.push(
          typeof value === 'boolean' ? Number(value) : value ?? null,
        );
      }
    }
    await db.raw(
      `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES ${chunk
        .map(() => rowPlaceholder)
        .join(', ')}`,
      [table, ...columns, ...bindings] as Knex.RawBinding[],
    );
  }
}
