/*
 * yarn bench:summary — load test of GET …/summary with autocannon (64 connections),
 * side by side with the catalog's GET /api/catalog/entities/by-name/… on the same
 * backend, on SQLite and PostgreSQL. Prints figures; asserts nothing.
 * Target: p99 ≤ 50 ms at 64 connections, zero errors.
 */
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  BENCH_ENTITY,
  BenchDatabase,
  postgresAvailable,
  startBenchBackend,
} from './benchBackend';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);

type Figures = {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
};

/**
 * Runs autocannon in its own process, so that the load generator does not share the
 * backend's event loop.
 */
async function load(url: string): Promise<Figures> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      require.resolve('autocannon/autocannon.js'),
      '--json',
      '-c',
      String(CONNECTIONS),
      '-d',
      String(DURATION_S),
      '-H',
      'authorization=Bearer mock-user-token',
      url,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Waits until the URL answers 200; returns the size of that answer in bytes. */
async function waitFor(url: string): Promise<number> {
  for (let i = 0; i < 120; i += 1) {
    const res = await fetch(url, {
      headers: { authorization: 'Bearer mock-user-token' },
    });
    if (res.ok) return (await res.arrayBuffer()).byteLength;
    await sleep(500);
  }
  throw new Error(`${url} never answered 200`);
}

function line(label: string, f: Figures) {
  return `${label.padEnd(34)} ${f.rps
    .toFixed(0)
    .padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(
    f.p99,
  ).padStart(4)} ms  errors ${f.errors}  non-2xx ${f.non2xx}`;
}

async function run(database: BenchDatabase, port: number) {
  const backend = await startBenchBackend({
    database,
    port,
    catalog: 'real',
    extraConfig: {
      hardening: { seed: { mode: 'golden', entities: [BENCH_ENTITY] } },
    },
  });
  try {
    const summaryUrl = `${backend.baseUrl}/summary`;
    const catalogUrl = `${backend.origin}/api/catalog/entities/by-name/${backend.entityPath}`;
    await waitFor(catalogUrl);
    await waitFor(summaryUrl);
    // Let the start-up seed finish before measuring.
    await sleep(5000);
    const sizes = {
      catalog: await waitFor(catalogUrl),
      summary: await waitFor(summaryUrl),
    };
    const catalog = await load(catalogUrl);
    const summary = await load(summaryUrl);
    console.log(
      `${database}, ${CONNECTIONS} connections, ${DURATION_S} s each`,
    );
    console.log(
      `${line('  catalog entities/by-name', catalog)}  ${sizes.catalog} B`,
    );
    console.log(`${line('  hardening summary', summary)}  ${sizes.summary} B`);
    console.log(
      `  p99 ratio summary/catalog: ${(
        summary.p99 / Math.max(catalog.p99, 1)
      ).toFixed(2)} (target p99 ≤ 50 ms, 0 errors)`,
    );
  } finally {
    await backend.stop();
  }
}

async function main() {
  await run('sqlite', 7430);
  if (await postgresAvailable()) await run('postgres', 7431);
  else console.log('PostgreSQL not reachable: skipping its run');
  // A stopped backend keeps its plugins' knex pools (their reaping timers keep the process
  // alive); the figures are printed, so end here.
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
