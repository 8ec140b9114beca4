import { z } from 'zod';

const port = z.coerce.number().int().min(1024).max(65535);
const count = z.coerce.number().int().min(1);

/**
 * What the harness may be told through the environment; everything has a default that
 * keeps a run under about three minutes on a 2-core machine.
 */
const settingsSchema = z.object({
  /** The PostgreSQL both replicas share (the same variable the database tests read). */
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: z
    .string()
    .default('postgresql://postgres@127.0.0.1:5432'),
  /** Where both replicas keep Backstage's cache service: a shared Redis, or each its memory. */
  REPLICAS_CACHE: z.enum(['redis', 'memory']).default('redis'),
  REPLICAS_REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  REPLICAS_PORT_A: port.default(7301),
  REPLICAS_PORT_B: port.default(7302),
  /** The loopback port of the CI OIDC issuer the harness plays. */
  REPLICAS_ISSUER_PORT: port.default(7303),
  /** How long each backend may take to answer its health route and list the demo catalog. */
  REPLICAS_START_TIMEOUT_S: count.default(240),
  /** Uploads of each evidence kind in the concurrent-upload check. */
  REPLICAS_UPLOADS_PER_KIND: count.default(10),
  /** Concurrent chain writers per replica, and the entries each appends. */
  REPLICAS_CHAIN_WRITERS: count.default(2),
  REPLICAS_CHAIN_ENTRIES: count.default(10),
  /** Test cases of the upload during which replica A is killed. */
  REPLICAS_KILL_TESTCASES: count.default(100_000),
  /** The measured workload, run against both replicas and then against one. */
  REPLICAS_BENCH_UPLOADS: count.default(300),
  REPLICAS_BENCH_READS: count.default(1000),
  REPLICAS_BENCH_CONCURRENCY: count.default(8),
});

export type HarnessSettings = {
  postgresUrl: string;
  /** The Redis both replicas keep the cache service in; undefined for in-memory caches. */
  redisUrl: string | undefined;
  ports: readonly [number, number];
  issuerPort: number;
  startTimeoutMs: number;
  uploadsPerKind: number;
  chainWritersPerReplica: number;
  chainEntriesPerWriter: number;
  killTestcases: number;
  bench: { uploads: number; reads: number; concurrency: number };
};

export function readSettings(env: NodeJS.ProcessEnv): HarnessSettings {
  const s = settingsSchema.parse(env);
  if (s.REPLICAS_PORT_A === s.REPLICAS_PORT_B) {
    throw new Error('REPLICAS_PORT_A and REPLICAS_PORT_B must differ');
  }
  return {
    postgresUrl: s.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
    redisUrl: s.REPLICAS_CACHE === 'redis' ? s.REPLICAS_REDIS_URL : undefined,
    ports: [s.REPLICAS_PORT_A, s.REPLICAS_PORT_B],
    issuerPort: s.REPLICAS_ISSUER_PORT,
    startTimeoutMs: s.REPLICAS_START_TIMEOUT_S * 1000,
    uploadsPerKind: s.REPLICAS_UPLOADS_PER_KIND,
    chainWritersPerReplica: s.REPLICAS_CHAIN_WRITERS,
    chainEntriesPerWriter: s.REPLICAS_CHAIN_ENTRIES,
    killTestcases: s.REPLICAS_KILL_TESTCASES,
    bench: {
      uploads: s.REPLICAS_BENCH_UPLOADS,
      reads: s.REPLICAS_BENCH_READS,
      concurrency: s.REPLICAS_BENCH_CONCURRENCY,
    },
  };
}
