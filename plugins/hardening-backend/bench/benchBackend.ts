import { createBackend } from '@backstage/backend-defaults';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The entity every benchmark uploads evidence for. */
export const BENCH_ENTITY = 'component:default/bench-service';

export type BenchDatabase = 'sqlite' | 'postgres';

const pgUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

/** Whether the benchmark's PostgreSQL answers. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new Client({ connectionString: pgUrl });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function databaseConfig(
  database: BenchDatabase,
  prefix: string,
  sqliteDirectory: string,
): JsonObject {
  if (database === 'sqlite') {
    // File-backed, so that the RSS figures measure the ingest path, not an
    // in-memory database growing by the rows it stores.
    return {
      client: 'better-sqlite3',
      connection: { directory: sqliteDirectory },
    };
  }
  const url = new URL(pgUrl);
  return {
    client: 'pg',
    prefix,
    connection: {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password),
    },
  };
}

/** Drops the databases a PostgreSQL benchmark created (they share its prefix). */
async function dropDatabases(prefix: string) {
  const client = new Client({ connectionString: pgUrl });
  await client.connect();
  const { rows } = await client.query(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${prefix}%`],
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await client.end();
}

/**
 * Starts a real backend (the production database service, migrations, HTTP server,
 * error handling) with the Hardening plugin, a catalog holding the benchmark entity and
 * mocked auth, on the given port.
 */
export async function startBenchBackend(options: {
  database: BenchDatabase;
  port: number;
  /** More config: top-level keys replace the defaults', keys under `hardening` are added to them. */
  extraConfig?: JsonObject;
  /**
   * `mock` (default): an in-memory catalog client holding the benchmark entity.
   * `real`: the catalog backend plugin, ingesting the entity from a file location, so
   * that its own endpoints can be measured beside ours.
   */
  catalog?: 'mock' | 'real';
  /** More features for the backend, e.g. a module that hands the bench the plugin's database. */
  features?: BackendFeature[];
  /**
   * `mock` (default): `mockServices.rootLogger` at level warn.
   * `production`: the root logger a portal runs (winston, from backend-defaults) at level
   * warn. Latency benchmarks need it: with the mock logger the backend promotes several
   * MiB to the old generation at every young-generation collection (measured with
   * --trace-gc on the health route: 16–45 ms pauses, against 2–3 ms with this logger).
   */
  logger?: 'mock' | 'production';
}) {
  const prefix = `hardening_bench_${process.pid}_`;
  const sqliteDirectory = await mkdtemp(join(tmpdir(), 'hardening-bench-db-'));
  const { hardening: extraHardening, ...extraConfig } =
    options.extraConfig ?? {};
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://localhost:${options.port}`,
          listen: { port: options.port },
          logger: { level: 'warn' },
          database: databaseConfig(options.database, prefix, sqliteDirectory),
        },
        hardening: {
          ingest: {
            maxUploadBytes: 512 * 1024 * 1024,
            // `yarn bench:ingest` uploads with the mock service token.
            bindings: [
              { subject: 'external:test-service', entities: [BENCH_ENTITY] },
            ],
          },
          ...(extraHardening as JsonObject | undefined),
        },
        catalog: {
          rules: [{ allow: ['Component', 'Location'] }],
          locations: [
            {
              type: 'file',
              target: join(sqliteDirectory, 'bench-entity.json'),
            },
          ],
        },
        ...extraConfig,
      },
    }),
  );
  if (options.logger !== 'production') {
    backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
  }
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(mockServices.permissions.factory());
  const [kind, rest] = BENCH_ENTITY.split(':');
  const [namespace, name] = rest.split('/');
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind === 'component' ? 'Component' : kind,
    metadata: { name, namespace },
    spec: {
      type: 'service',
      owner: 'group:default/bench',
      lifecycle: 'production',
    },
  };
  if (options.catalog === 'real') {
    await writeFile(
      join(sqliteDirectory, 'bench-entity.json'),
      JSON.stringify(entity),
    );
    backend.add(import('@backstage/plugin-catalog-backend'));
  } else {
    backend.add(catalogServiceMock.factory({ entities: [entity] }));
  }
  backend.add(import('../src'));
  for (const feature of options.features ?? []) backend.add(feature);
  await backend.start();
  return {
    origin: `http://localhost:${options.port}`,
    entityPath: `${kind}/${namespace}/${name}`,
    baseUrl: `http://localhost:${options.port}/api/hardening/entities/${kind}/${namespace}/${name}`,
    async stop() {
      await backend.stop();
      await rm(sqliteDirectory, { recursive: true, force: true });
      if (options.database === 'postgres') {
        await dropDatabases(prefix);
      }
    },
  };
}

/** Samples the process's resident set size until stopped; returns the peak in MiB. */
export function sampleRss(intervalMs = 20) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024;
    },
  };
}

export const mib = (bytes: number) => bytes / 1024 / 1024;
