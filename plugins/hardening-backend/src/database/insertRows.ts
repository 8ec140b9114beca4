import { Knex } from 'knex';

type Row = Record<string, unknown>;

/**
 * JSON text per statement on PostgreSQL. Kept under V8's large-object size (128 KiB)
 * so that each statement's text is short-lived young-generation garbage: 100,000 rows
 * sent as twenty 1.6 MB strings left 30 MiB more in the heap than this.
 */
const PG_JSON_CHARS_PER_STATEMENT = 96 * 1024;
/**
 * Bound parameters per statement on SQLite. The statement is prepared once and run
 * again for every full chunk, so its size only trades statement count against
 * binding-array size; ~1,000 parameters is as fast as 30,000.
 */
const SQLITE_PARAMETERS_PER_STATEMENT = 1_000;
/** Bound parameters per statement on any other engine (SQLite's historical limit). */
const FALLBACK_MAX_PARAMETERS = 999;

/** The part of a better-sqlite3 connection used here. */
type SqliteConnection = {
  prepare(sql: string): { run(bindings: unknown[]): unknown };
};

/**
 * Inserts many rows with few statements, reading `rows` once and holding one
 * statement's worth of them at a time, so a generator of rows is never
 * materialised. Rows must share their keys.
 *
 * - PostgreSQL: each chunk is ONE bound parameter, a JSON array of up to 96 KiB
 *   expanded by `json_populate_recordset` with the table's own column types: no
 *   1.3-million-parameter statement for knex to build, and no multi-megabyte string
 *   per statement (100,000 typical test results are about 350 statements).
 * - SQLite (better-sqlite3): a multi-row `VALUES` statement prepared once on the
 *   transaction's connection and run for every chunk. Going through knex would
 *   prepare a new statement per chunk, and each keeps its native memory (about
 *   1.5 KB per row) until the garbage collector gets to it: 100,000 rows grew the
 *   process by 150 MiB. Outside a transaction, one is opened for the rows.
 * - Any other engine: knex's own insert, in chunks under 999 parameters.
 */
export async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: Iterable<Row>,
): Promise<void> {
  const client = String(db.client.config.client);
  if (client === 'better-sqlite3') {
    if (!db.isTransaction) {
      await db.transaction(trx => insertRows(trx, table, rows));
      return;
    }
    await insertSqliteRows(db, table, rows);
    return;
  }
  if (client === 'pg') {
    await insertPgRows(db, table, rows);
    return;
  }
  await forEachChunk(
    rows,
    columns => rowsPerStatement(FALLBACK_MAX_PARAMETERS, columns),
    async chunk => {
      await db(table).insert(chunk);
    },
  );
}

async function insertPgRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: Iterable<Row>,
): Promise<void> {
  let columns: string[] | undefined;
  let json: string[] = [];
  let chars = 0;
  const write = async () => {
    const list = columns!.map(() => '??').join(', ');
    await db.raw(
      `INSERT INTO ?? (${list}) SELECT ${list} FROM json_populate_recordset(NULL::??, ?::json)`,
      [table, ...columns!, ...columns!, table, `[${json.join(',')}]`],
    );
    json = [];
    chars = 0;
  };
  for (const row of rows) {
    columns ??= Object.keys(row);
    const text = JSON.stringify(row);
    if (json.length > 0 && chars + text.length > PG_JSON_CHARS_PER_STATEMENT) {
      await write();
    }
    json.push(text);
    chars += text.length + 1;
  }
  if (json.length > 0) {
    await write();
  }
}

async function insertSqliteRows(
  trx: Knex | Knex.Transaction,
  table: string,
  rows: Iterable<Row>,
): Promise<void> {
  // Inside a transaction knex hands out the transaction's own connection.
  const connection: SqliteConnection = await trx.client.acquireConnection();
  const statements = new Map<number, ReturnType<SqliteConnection['prepare']>>();
  await forEachChunk(
    rows,
    columns => rowsPerStatement(SQLITE_PARAMETERS_PER_STATEMENT, columns),
    async (chunk, columns) => {
      let statement = statements.get(chunk.length);
      if (!statement) {
        const names = trx
          .raw(columns.map(() => '??').join(', '), columns)
          .toQuery();
        const row = `(${columns.map(() => '?').join(', ')})`;
        statement = connection.prepare(
          `INSERT INTO ${trx
            .raw('??', [table])
            .toQuery()} (${names}) VALUES ${Array(chunk.length)
            .fill(row)
            .join(', ')}`,
        );
        statements.set(chunk.length, statement);
      }
      const bindings: unknown[] = [];
      for (const item of chunk) {
        for (const column of columns) {
          bindings.push(sqliteValue(item[column]));
        }
      }
      statement.run(bindings);
    },
  );
}

/** What knex would bind for a value on SQLite. */
function sqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return Number(value);
  if (value instanceof Date) return value.valueOf();
  return value;
}

function rowsPerStatement(parameters: number, columns: string[]): number {
  return Math.max(1, Math.floor(parameters / columns.length));
}

/**
 * Calls `write` with consecutive chunks of `rows`, the columns taken from the first
 * row and the chunk size from `size(columns)`.
 */
async function forEachChunk(
  rows: Iterable<Row>,
  size: (columns: string[]) => number,
  write: (chunk: Row[], columns: string[]) => Promise<void>,
): Promise<void> {
  let columns: string[] | undefined;
  let perChunk = 0;
  let chunk: Row[] = [];
  for (const row of rows) {
    if (columns === undefined) {
      columns = Object.keys(row);
      perChunk = size(columns);
    }
    chunk.push(row);
    if (chunk.length === perChunk) {
      await write(chunk, columns);
      chunk = [];
    }
  }
  if (columns !== undefined && chunk.length > 0) {
    await write(chunk, columns);
  }
}
