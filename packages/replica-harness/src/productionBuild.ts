/*
 * yarn test:production-build: builds the backend for production (`yarn build:backend`,
 * which builds the app it serves too), lays out what packages/backend/Dockerfile copies
 * into its image in a temporary folder (the skeleton, a production install with
 * `yarn workspaces focus --all --production`, the examples, the app-config files, the
 * bundle), starts it with the Dockerfile's command on a fresh set of PostgreSQL
 * databases, and checks that its health route, a catalog route and the app's index.html
 * answer. Stops it, drops the databases and the folder whatever happens; prints how long
 * each part took and PRODUCTION BUILD: PASS or FAIL (exit code 0 or 1).
 */
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BackendProcess, startBackend, waitUntil } from './backendProcess';
import { ReplicaClient } from './hardeningApi';
import {
  checkPostgres,
  dropDatabases,
  freshDatabasePrefix,
  postgresEnv,
} from './postgres';
import { freshTokens, replicaEnv } from './replicaConfig';

/** The Dockerfile's CMD, run in the folder laid out as the image's /app. */
const DOCKERFILE_COMMAND = [
  'node',
  'packages/backend',
  '--config',
  'app-config.yaml',
  '--config',
  'app-config.production.yaml',
] as const;

const settingsSchema = z.object({
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: z
    .string()
    .default('postgresql://postgres@127.0.0.1:5432'),
  PRODUCTION_BUILD_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .default(7331),
  /** `1`: start what an earlier run built, without building again. */
  PRODUCTION_BUILD_SKIP_BUILD: z.enum(['0', '1']).default('0'),
});

/** Runs a command to its end, its output shown; throws unless it exits with 0. */
function run(command: string, args: string[], options: SpawnSyncOptions) {
  const done = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (done.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${done.status}`);
  }
}

/**
 * The image's /app, as the Dockerfile builds it, in `dir`: the Yarn release and
 * settings, the lock file and root package.json, the skeleton's package.json files, the
 * production install, the examples and app-config files, and the bundle.
 */
function layOutImage(repoRoot: string, dir: string) {
  for (const file of [
    '.yarn',
    '.yarnrc.yml',
    'backstage.json',
    'yarn.lock',
    'package.json',
  ]) {
    cpSync(join(repoRoot, file), join(dir, file), { recursive: true });
  }
  const dist = join(repoRoot, 'packages/backend/dist');
  run('tar', ['xzf', join(dist, 'skeleton.tar.gz')], { cwd: dir });
  run('yarn', ['workspaces', 'focus', '--all', '--production'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), {
    recursive: true,
  });
  for (const config of ['app-config.yaml', 'app-config.production.yaml']) {
    cpSync(join(repoRoot, config), join(dir, config));
  }
  run('tar', ['xzf', join(dist, 'bundle.tar.gz')], { cwd: dir });
}

const seconds = (since: number) =>
  `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const settings = settingsSchema.parse(process.env);
  // Run from its sources only (never built): the repository is three folders up.
  // eslint-disable-next-line no-restricted-syntax
  const repoRoot = resolve(__dirname, '../../..');
  const port = settings.PRODUCTION_BUILD_PORT;
  const postgresUrl =
    settings.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  await checkPostgres(postgresUrl);
  const timings: string[] = [];

  const image = mkdtempSync(join(tmpdir(), 'production-build-'));
  try {
    if (settings.PRODUCTION_BUILD_SKIP_BUILD === '0') {
      const t0 = performance.now();
      console.log('--- yarn build:backend');
      run('yarn', ['build:backend'], { cwd: repoRoot });
      timings.push(`build ${seconds(t0)}`);
    }
    const t1 = performance.now();
    console.log(`--- the image's /app laid out in ${image}`);
    layOutImage(repoRoot, image);
    timings.push(`layout with the production install ${seconds(t1)}`);
    for (const built of [
      'packages/backend/dist/index.cjs.js',
      'packages/app/dist/index.html',
    ]) {
      if (!existsSync(join(image, built))) {
        throw new Error(`${built} is not in the bundle`);
      }
    }
  } catch (error) {
    rmSync(image, { recursive: true, force: true });
    console.log(error instanceof Error ? error.message : error);
    console.log('PRODUCTION BUILD: FAIL');
    return 1;
  }

  const prefix = freshDatabasePrefix().replace(/^replicas_/, 'prodbuild_');
  const tokens = freshTokens();
  const origin = `http://localhost:${port}`;
  const env = {
    ...replicaEnv({
      prefix,
      publicBaseUrl: origin,
      tokens,
      postgres: postgresEnv(postgresUrl),
    }),
    NODE_ENV: 'production',
    APP_BASE_URL: origin,
    BACKEND_BASE_URL: origin,
  };
  const logDir = join(repoRoot, 'test-results', 'production-build');
  let backend: BackendProcess | undefined;
  const problems: string[] = [];
  try {
    const t0 = performance.now();
    console.log(`--- ${DOCKERFILE_COMMAND.join(' ')} on port ${port}`);
    backend = startBackend({
      name: 'backend',
      repoRoot: image,
      logDir,
      port,
      env,
      command: DOCKERFILE_COMMAND,
      listenAs: 'address',
    });
    const deadline = Date.now() + 180_000;
    await waitUntil(backend, 'health answer', deadline, async () => {
      const health = await fetch(`${origin}/api/hardening/health`);
      return health.ok;
    });
    timings.push(`health answered ${seconds(t0)} after start`);
    const reader = new ReplicaClient('backend', origin, tokens.read);
    await waitUntil(
      backend,
      'payments-api in the catalog',
      deadline,
      async () =>
        (
          await reader.send(
            'GET',
            '/api/catalog/entities/by-name/component/default/payments-api',
          )
        ).status === 200,
    );
    timings.push(`catalog answered ${seconds(t0)} after start`);
    const index = await fetch(`${origin}/`);
    const html = await index.text();
    if (
      index.status !== 200 ||
      !index.headers.get('content-type')?.includes('text/html') ||
      !html.includes('<div id="root">')
    ) {
      problems.push(
        `GET / answered ${index.status} ${index.headers.get(
          'content-type',
        )}, not the app's index.html`,
      );
    }
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  } finally {
    await backend?.stop();
    rmSync(image, { recursive: true, force: true });
    const dropped = await dropDatabases(postgresUrl, prefix);
    console.log(`Stopped the backend; dropped ${dropped} databases ${prefix}*`);
  }
  console.log(`  ${timings.join('; ')}`);
  if (problems.length > 0) {
    console.log(problems.map(p => `  FAILED: ${p}`).join('\n'));
    console.log('PRODUCTION BUILD: FAIL');
    return 1;
  }
  console.log(
    '  health route, catalog route (payments-api) and the app (index.html) answered',
  );
  console.log('PRODUCTION BUILD: PASS');
  return 0;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    console.log('PRODUCTION BUILD: FAIL');
    process.exit(1);
  },
);
