import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The connection settings the portal's app-config.postgres.yaml reads (POSTGRES_*). */
export type PostgresEnv = {
  POSTGRES_HOST: string;
  POSTGRES_PORT: string;
  POSTGRES_USER: string;
  POSTGRES_PASSWORD: string;
};

export function postgresEnv(url: string): PostgresEnv {
  const parsed = new URL(url);
  return {
    POSTGRES_HOST: parsed.hostname,
    POSTGRES_PORT: parsed.port || '5432',
    POSTGRES_USER: decodeURIComponent(parsed.username || 'postgres'),
    POSTGRES_PASSWORD: decodeURIComponent(parsed.password),
  };
}

/**
 * A database prefix no other run uses (`backend.database.prefix`): every plugin of the
 * portal gets the database `<prefix><pluginId>`.
 */
export function freshDatabasePrefix(): string {
  return `replicas_${process.pid}_${randomBytes(3).toString('hex')}_`;
}

async function withClient<T>(
  url: string,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers at all. */
export async function checkPostgres(url: string): Promise<void> {
  await withClient(url, client => client.query('SELECT 1'));
}

/** Drops every database whose name starts with the prefix; returns how many. */
export async function dropDatabases(
  url: string,
  prefix: string,
): Promise<number> {
  return withClient(url, async client => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS "${datname.replaceAll(
          '"',
          '""',
        )}" WITH (FORCE)`,
      );
    }
    return rows.length;
  });
}
