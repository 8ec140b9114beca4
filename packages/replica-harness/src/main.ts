/*
 * yarn test:replicas: two backends of the portal, started as the README's PostgreSQL
 * recipe starts one, on one fresh set of PostgreSQL databases, driven at once. Ends with
 * PASS or FAIL and exit code 0 or 1; stops both backends and drops the databases also
 * when a check fails or the run is interrupted.
 */
import { rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { BackendProcess, startBackend, waitUntil } from './backendProcess';
import { chainHead } from './chainAppend';
import { checkConcurrentChainAppends } from './checks/chainAppends';
import { checkConcurrentUploads } from './checks/concurrentUploads';
import { checkKillMidUpload } from './checks/killMidUpload';
import { checkReadAfterWrite } from './checks/readAfterWrite';
import { checkRegressionNotifiedOnce } from './checks/regressionNotified';
import { checkScheduledTasksOnce } from './checks/scheduledTasks';
import { checkSharedCache } from './checks/sharedCache';
import { CiIssuer, startCiIssuer, trustedIssuerEnv } from './ciIssuer';
import { ReplicaClient } from './hardeningApi';
import {
  HardeningDatabase,
  hardeningDatabaseUrl,
  pluginDatabaseUrl,
} from './hardeningDatabase';
import {
  checkPostgres,
  dropDatabases,
  freshDatabasePrefix,
  postgresEnv,
} from './postgres';
import { PAYMENTS_ENTITIES, Replica } from './replica';
import { freshTokens, replicaEnv } from './replicaConfig';
import { checkRedis, dropRedisKeys, redisCacheEnv } from './redisCache';
import { readSettings } from './settings';
import { compareOneAndTwo, Throughput } from './throughput';

type StepResult = { name: string; ok: boolean; seconds: number };

const REPLICA_NAMES = ['replica-a', 'replica-b'] as const;

function portInUse(port: number): Promise<boolean> {
  return new Promise(done => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Whether the replica's catalog has the entities the upload token is bound to. */
async function listsPaymentsEntities(reader: ReplicaClient): Promise<boolean> {
  for (const ref of PAYMENTS_ENTITIES) {
    const name = ref.replace(/^component:default\//, '');
    const answer = await reader.send(
      'GET',
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    if (answer.status !== 200) return false;
  }
  return true;
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  // Run from its sources only (never built): the repository is three folders up.
  // eslint-disable-next-line no-restricted-syntax
  const repoRoot = resolve(__dirname, '../../..');
  const logDir = join(repoRoot, 'test-results', 'replicas');
  const results: StepResult[] = [];
  const step = async (name: string, run: () => Promise<string>) => {
    const started = performance.now();
    console.log(`--- ${name}`);
    let ok = true;
    try {
      console.log(`    ${await run()}`);
    } catch (error) {
      ok = false;
      console.log(
        `    FAILED: ${error instanceof Error ? error.message : error}`,
      );
    }
    results.push({ name, ok, seconds: (performance.now() - started) / 1000 });
    return ok;
  };

  for (const port of [...settings.ports, settings.issuerPort]) {
    if (await portInUse(port)) {
      console.log(
        `Port ${port} is in use; set REPLICAS_PORT_A/B and REPLICAS_ISSUER_PORT to free ports`,
      );
      console.log('REPLICAS: FAIL');
      return 1;
    }
  }
  await checkPostgres(settings.postgresUrl);
  const { redisUrl } = settings;
  if (redisUrl) await checkRedis(redisUrl);

  const prefix = freshDatabasePrefix();
  const tokens = freshTokens();
  const runTag = prefix.replace(/_$/, '');
  const [portA] = settings.ports;
  const env = replicaEnv({
    prefix,
    publicBaseUrl: `http://localhost:${portA}`,
    tokens,
    postgres: postgresEnv(settings.postgresUrl),
  });
  if (redisUrl) Object.assign(env, redisCacheEnv(redisUrl, runTag));
  const issuer: CiIssuer = await startCiIssuer(settings.issuerPort);
  Object.assign(env, trustedIssuerEnv(issuer.url));
  console.log(
    `Starting ${REPLICA_NAMES.join(' and ')} on ports ${settings.ports.join(
      ' and ',
    )}, databases ${prefix}*, ${
      redisUrl ? `cache in Redis under ${runTag}:` : 'caches in memory'
    }, logs in ${logDir}`,
  );
  rmSync(logDir, { recursive: true, force: true });
  const backends: BackendProcess[] = [];
  const start = (i: number) => {
    const backend = startBackend({
      name: REPLICA_NAMES[i],
      repoRoot,
      logDir,
      port: settings.ports[i],
      env,
    });
    backends[i] = backend;
    return backend;
  };

  const waitForHealth = (backend: BackendProcess, deadline: number) =>
    waitUntil(backend, 'health answer', deadline, async () => {
      const health = await fetch(`${backend.origin}/api/hardening/health`);
      return health.ok;
    });
  let database: HardeningDatabase | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await database?.close().catch(() => undefined);
      await issuer.close();
      await Promise.all(backends.map(b => b.stop()));
      const dropped = await dropDatabases(settings.postgresUrl, prefix);
      const keys = redisUrl ? await dropRedisKeys(redisUrl, runTag) : 0;
      console.log(
        `Stopped the backends; dropped ${dropped} databases ${prefix}*${
          redisUrl ? ` and ${keys} Redis keys ${runTag}:*` : ''
        }`,
      );
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`${signal}: stopping`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  let figures: { two: Throughput; one: Throughput } | undefined;
  try {
    const replicas: Replica[] = [];
    // One after the other: started together on a database they have not migrated yet,
    // one of them fails (knex creates its migration lock tables without a lock; the
    // README's production notes say more).
    const started = await step('replica A starts, then replica B', async () => {
      const deadline = Date.now() + settings.startTimeoutMs;
      const took: string[] = [];
      for (let i = 0; i < settings.ports.length; i++) {
        const t0 = performance.now();
        const backend = start(i);
        const replica: Replica = {
          name: backend.name,
          upload: new ReplicaClient(
            backend.name,
            backend.origin,
            tokens.upload,
          ),
          read: new ReplicaClient(backend.name, backend.origin, tokens.read),
        };
        await waitForHealth(backend, deadline);
        await waitUntil(backend, "team-payments' entities", deadline, () =>
          listsPaymentsEntities(replica.read),
        );
        replicas.push(replica);
        took.push(
          `${backend.name} ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      }
      return `health and catalog answered: ${took.join(', ')}`;
    });
    if (started) {
      await step('concurrent uploads of every evidence kind', () =>
        checkConcurrentUploads(replicas, {
          perKind: settings.uploadsPerKind,
          runTag: `${runTag}-kinds`,
          concurrency: settings.bench.concurrency,
        }),
      );
      await step('chain appends to one entity from both replicas', () =>
        checkConcurrentChainAppends(replicas, {
          entity: 'component:default/payments-api',
          writersPerReplica: settings.chainWritersPerReplica,
          entriesPerWriter: settings.chainEntriesPerWriter,
        }),
      );
      await step('read after write across replicas', () =>
        checkReadAfterWrite(replicas, {
          entity: 'component:default/invoice-generator',
          rounds: 10,
          runTag: `${runTag}-raw`,
        }),
      );
      await step(
        redisUrl
          ? 'the cache service shared in Redis'
          : 'the cache service, in each process',
        () =>
          checkSharedCache(replicas, {
            issuer,
            audience: `http://localhost:${portA}`,
            redis: redisUrl ? { url: redisUrl, namespace: runTag } : undefined,
          }),
      );
      await step(
        'milestone regression: notified once, signalled through both replicas',
        () =>
          checkRegressionNotifiedOnce(replicas, backends, {
            entity: 'component:default/invoice-generator',
            milestoneId: 'R15.1',
            runTag: `${runTag}-regression`,
            notificationsDatabaseUrl: pluginDatabaseUrl(
              settings.postgresUrl,
              prefix,
              'notifications',
            ),
          }),
      );
      await step('throughput: two replicas against one', async () => {
        const compared = await compareOneAndTwo(replicas, {
          ...settings.bench,
          runTag: `${runTag}-bench`,
        });
        figures = compared;
        return [
          `${settings.bench.uploads} uploads, then ${settings.bench.reads} reads per run, ${settings.bench.concurrency} in flight:`,
          ...compared.runs,
        ].join('\n    ');
      });
      await step('scheduled tasks run once across both replicas', async () => {
        database ??= await HardeningDatabase.connect(
          hardeningDatabaseUrl(settings.postgresUrl, prefix),
        );
        return checkScheduledTasksOnce(replicas, backends, database);
      });
      await step(
        'kill -9 of replica A in the middle of a big upload',
        async () => {
          database ??= await HardeningDatabase.connect(
            hardeningDatabaseUrl(settings.postgresUrl, prefix),
          );
          const backendA = backends[0];
          return checkKillMidUpload(replicas, {
            entity: 'component:default/ledger-service',
            testcases: settings.killTestcases,
            runTag: `${runTag}-kill`,
            database,
            backendA,
            port: portA,
            async restartA() {
              await backendA.stop();
              await waitForHealth(
                start(0),
                Date.now() + settings.startTimeoutMs,
              );
            },
          });
        },
      );
      await step(
        'both restart together on the migrated databases',
        async () => {
          const entity = 'component:default/payments-api';
          const before = await chainHead(replicas[0].read, entity);
          await Promise.all(backends.map(b => b.stop()));
          const deadline = Date.now() + settings.startTimeoutMs;
          const t0 = performance.now();
          const restarted = settings.ports.map((_, i) => start(i));
          await Promise.all(
            restarted.map(async (backend, i) => {
              await waitForHealth(backend, deadline);
              const head = await chainHead(replicas[i].read, entity);
              if (head?.hash !== before?.hash) {
                throw new Error(
                  `${backend.name} answers head ${JSON.stringify(
                    head,
                  )}, ${JSON.stringify(before)} before the restart`,
                );
              }
            }),
          );
          return `both answered after ${(
            (performance.now() - t0) /
            1000
          ).toFixed(1)} s with the chain head of before the restart`;
        },
      );
    }
  } finally {
    await cleanUp();
  }

  console.log('\n=== Replicas');
  for (const r of results) {
    console.log(
      `  ${r.ok ? 'pass' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(1)} s)`,
    );
  }
  if (figures) {
    const { one, two } = figures;
    const line = (what: string, a: number, b: number) =>
      `  ${what}: two replicas ${a.toFixed(1)}, one replica ${b.toFixed(
        1,
      )} (×${(a / b).toFixed(2)})`;
    console.log(line('uploads/s', two.uploadsPerSecond, one.uploadsPerSecond));
    console.log(line('reads/s  ', two.readsPerSecond, one.readsPerSecond));
  }
  const failed = results.filter(r => !r.ok).map(r => r.name);
  if (failed.length > 0 || results.length < 10) {
    console.log(
      `REPLICAS: FAIL (${failed.join('; ') || 'not every check ran'})`,
    );
    return 1;
  }
  console.log('REPLICAS: PASS');
  return 0;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    console.log('REPLICAS: FAIL');
    process.exit(1);
  },
);
