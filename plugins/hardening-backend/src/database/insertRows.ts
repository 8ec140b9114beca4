import { Knex } from 'knex';
import { copyRows, CopyValue } from './copyRows';

type Row = Record<string, unknown>;

/**
 * JSON text per statement on PostgreSQL. Kept under V8's large-object size (128 KiB)
 * so that each statement's text is short-lived young-generation garbage: 100,000 rows
 * sent as twenty 1.6 MB strings left 30 MiB more in the heap than this.
 */
const PG_JSON_CHARS_PER_STATEMENT = 96 * 1024;
/** Bound parameters per statement on any other engine (SQLite's historical limit). */
const FALLBACK_MAX_PARAMETERS = 999;

/** The part of a better-sqlite3 connection used here. */
type SqliteConnection = {
  prepare(sql: string): { run(bindings: readonly unknown[]): unknown };
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
 * - SQLite (better-sqlite3): see {@link insertRowValues}.
 * - Any other engine: knex's own insert, in chunks under 999 parameters.
 */
export async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: Iterable<Row>,
): Promise<void> {
  const client = String(db.client.config.client);
  if (client === 'better-sqlite3') {
    await insertRowValues(db, table, ...valuesOf(rows));
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

/**
 * Inserts many rows given as value lists in the order of `columns`, reading `rows`
 * once and holding one row at a time.
 *
 * - SQLite (better-sqlite3): ONE single-row `INSERT` prepared on the transaction's
 *   connection and run for every row. A multi-row `VALUES` statement may fail after
 *   some of its rows, so SQLite keeps a statement journal for it: every index page
 *   the statement touches is first copied there (with random test keys, a temp-file
 *   write per row); a single-row insert needs none. Going through knex would prepare
 *   a new statement per chunk, each keeping its native memory (about 1.5 KB per row)
 *   until the garbage collector gets to it. Outside a transaction, one is opened.
 * - PostgreSQL: `COPY … FROM STDIN` on the transaction's connection ({@link copyRows});
 *   outside a transaction, one is opened.
 * - Any other engine: knex's own insert, in chunks under 999 parameters.
 */
export async function insertRowValues(
  db: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<void> {
  const client = String(db.client.config.client);
  if (!db.isTransaction && (client === 'better-sqlite3' || client === 'pg')) {
    await db.transaction(trx => insertRowValues(trx, table, columns, rows));
    return;
  }
  if (client === 'better-sqlite3') {
    insertSqliteRows(
      await db.client.acquireConnection(),
      db
        .raw(`?? (${columns.map(() => '??').join(', ')})`, [table, ...columns])
        .toQuery(),
      columns.length,
      rows,
    );
    return;
  }
  if (client === 'pg') {
    await copyRows(
      db as Knex.Transaction,
      table,
      columns,
      rows as Iterable<readonly CopyValue[]>,
    );
    return;
  }
  await forEachChunk(
    objectsOf(columns, rows),
    keys => rowsPerStatement(FALLBACK_MAX_PARAMETERS, keys),
    async chunk => {
      await db(table).insert(chunk);
    },
  );
}

function insertSqliteRows(
  connection: SqliteConnection,
  target: string,
  columns: number,
  rows: Iterable<readonly unknown[]>,
): void {
  const sql = `INSERT INTO ${target} VALUES (${Array(columns)
    .fill('?')
    .join(', ')})`;
  let statement: ReturnType<SqliteConnection['prepare']> | undefined;
  for (const row of rows) {
    statement ??= connection.prepare(sql);
    statement.run(row.map(sqliteValue));
  }
}

/** The columns of the first row and every row's values in their order. */
function valuesOf(
  rows: Iterable<Row>,
): [columns: string[], values: Iterable<unknown[]>] {
  const iterator = rows[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) return [[], []];
  const columns = Object.keys(first.value);
  function* values() {
    yield columns.map(column => first.value[column]);
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const row = next.value;
      yield columns.map(column => row[column]);
    }
  }
  return [columns, values()];
}

function* objectsOf(
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Generator<Row> {
  for (const values of rows) {
    yield Object.fromEntries(columns.map((column, i) => [column, values[i]]));
  }
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
