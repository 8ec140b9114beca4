import { Knex } from 'knex';

/**
 * Runs independent reads on `db`: at once on a connection pool, one after another in a
 * transaction, whose one connection runs one query at a time (the pg driver deprecates
 * queueing a second query on a busy connection).
 */
export async function readAll<T extends readonly unknown[]>(
  db: Knex,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!db.isTransaction) {
    return Promise.all(
      reads.map(read => read()),
    ) as Promise<unknown> as Promise<T>;
  }
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
