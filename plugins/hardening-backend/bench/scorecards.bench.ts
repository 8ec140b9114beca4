/*
 * yarn bench:scorecards — GET /scorecards/org over 5,000 entities with ~50 reports each,
 * on SQLite and PostgreSQL. Prints figures; asserts nothing. Target: ≤ 300 ms.
 *
 * Seeding: the seed runner's full mode writes 14 days of evidence (about 50 reports of
 * every kind) for a few template services through the real parsers and stores; their rows
 * are then copied to 5,000 entities with the bulk insert path (`insertRows`), with new
 * report ids. The catalog is an in-memory mock holding the 5,000 components and a
 * three-level group tree; 28 days of snapshots back the trends.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DatabaseEvidenceStore } from '../src/database/DatabaseEvidenceStore';
import { DEFAULT_ACCESS_CACHE_TTL_SECONDS } from '../src/plugin';
import { insertRows } from '../src/database/insertRows';
import { applyDatabaseMigrations } from '../src/database/migrations';
import { warmScorecards } from '../src/scorecard/scorecardWarmUp';
import { createScorecardServices } from '../src/scorecard/scorecardServices';
import { takeScorecardSnapshot } from '../src/scorecard/scorecardSnapshots';
import { DEFAULT_SEED_END, runSeed } from '../src/seed/SeedRunner';
import { createEntityAccessCheck } from '../src/service/entityAccess';
import { createScorecardRouter } from '../src/service/scorecardRouter';
import { BenchDatabase, postgresAvailable } from './benchBackend';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 5000);
const TEMPLATES = Number(process.env.BENCH_TEMPLATES ?? 24);
const SEED_DAYS = 14;
const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const TREND_DAYS = 28;
const NOW = new Date(DEFAULT_SEED_END.getTime() + 6 * 3_600_000);

const pgUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

const pad = (n: number) => String(n).padStart(4, '0');
const templateRef = (i: number) =>
  [
    'component:default/payments-api',
    'component:default/identity-service',
    'component:default/fraud-scoring',
    'component:default/invoice-generator',
  ][i] ?? `component:default/template-${pad(i)}`;
const benchRef = (i: number) => `component:default/bench-svc-${pad(i)}`;

/** 10 departments of 10 teams under one org; 20 systems; tiers 1–3. */
export function catalogEntities(): Entity[] {
  const group = (name: string, children: string[]): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
  });
  const departments = Array.from({ length: 10 }, (_, d) => `dept-${d}`);
  const teams = (d: number) =>
    Array.from({ length: 10 }, (_, t) => `team-${d}-${t}`);
  const groups = [
    group('org', departments),
    ...departments.map((name, d) => group(name, teams(d))),
    ...departments.flatMap((_, d) => teams(d).map(t => group(t, []))),
  ];
  const components = Array.from(
    { length: ENTITIES },
    (_, i): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `bench-svc-${pad(i)}`,
        namespace: 'default',
        labels: { tier: String((i % 3) + 1) },
      },
      spec: {
        type: 'service',
        owner: `team-${i % 10}-${Math.floor(i / 10) % 10}`,
        system: `system-${i % 20}`,
        lifecycle: i % 7 === 0 ? 'experimental' : 'production',
      },
    }),
  );
  return [...groups, ...components];
}

/**
 * BENCH_KEEP=1 keeps the seeded database (a fixed SQLite file under the temp folder, a
 * fixed PostgreSQL database) and reuses it on the next run instead of seeding again.
 */
const KEEP = process.env.BENCH_KEEP === '1';

async function openDatabase(
  database: BenchDatabase,
  name: string,
): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (database === 'sqlite') {
    const dir = KEEP
      ? join(tmpdir(), 'hardening-bench-scorecards')
      : await mkdtemp(join(tmpdir(), 'hardening-bench-scorecards-'));
    await mkdir(dir, { recursive: true });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'bench.sqlite') },
      useNullAsDefault: true,
    });
    return {
      knex,
      drop: async () => {
        await knex.destroy();
        if (!KEEP) await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new Client({ connectionString: pgUrl });
  await admin.connect();
  const exists =
    (await admin.query('select 1 from pg_database where datname = $1', [name]))
      .rowCount === 1;
  if (!KEEP || !exists) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 10 },
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      if (!KEEP) {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
      await admin.end();
    },
  };
}

type Row = Record<string, unknown>;

/** Tables holding per-entity rows, in insert order, with their id remappings. */
const CLONED: Array<{
  table: string;
  /** Primary key regenerated as a UUID, remembered for the tables pointing at it. */
  uuid?: 'id';
  /** Auto-incremented key left out. */
  serial?: boolean;
  /** Columns pointing at a regenerated key. */
  refs?: string[];
  /** A unique sequence number, given to the copies after the highest stored. */
  sequence?: 'receipt_seq';
}> = [
  { table: 'evidence_reports', uuid: 'id', sequence: 'receipt_seq' },
  { table: 'test_results', serial: true, refs: ['report_id'] },
  { table: 'contract_violations', serial: true, refs: ['report_id'] },
  { table: 'triage_failures', serial: true, refs: ['report_id'] },
  { table: 'git_tags', serial: true, refs: ['report_id'] },
  { table: 'audit_chain_entries', refs: ['report_id'] },
  { table: 'audit_chain_heads' },
  { table: 'delivery_contracts', uuid: 'id' },
  { table: 'required_gates' },
  { table: 'milestone_freezes', uuid: 'id' },
  { table: 'milestones', refs: ['freeze_id'] },
  { table: 'triage_states' },
];

type CloneSpec = (typeof CLONED)[number];

/** The rows of one table for every bench entity, entity i from template i % TEMPLATES. */
function* copiesOf(
  spec: CloneSpec,
  byTemplate: Map<string, Row[]>,
  ids: Map<string, string>,
  sequence: { next: number },
): Generator<Row> {
  for (let i = 0; i < ENTITIES; i += 1) {
    const entityRef = benchRef(i);
    for (const row of byTemplate.get(templateRef(i % TEMPLATES)) ?? []) {
      const copy: Row = { ...row, entity_ref: entityRef };
      if (spec.serial) delete copy.id;
      if (spec.uuid) {
        const id = randomUUID();
        ids.set(`${entityRef}|${row.id}`, id);
        copy.id = id;
      }
      for (const column of spec.refs ?? []) {
        if (copy[column] !== null) {
          copy[column] = ids.get(`${entityRef}|${row[column]}`);
        }
      }
      if (spec.sequence) copy[spec.sequence] = sequence.next += 1;
      yield copy;
    }
  }
}

/** Copies the templates' rows to ENTITIES entities; returns how many rows were written. */
export async function cloneTemplates(knex: Knex): Promise<number> {
  const templates = Array.from({ length: TEMPLATES }, (_, i) => templateRef(i));
  let rows = 0;
  // New ids by entity and old id, for the tables pointing at regenerated keys.
  const ids = new Map<string, string>();
  for (const spec of CLONED) {
    const byTemplate = new Map<string, Row[]>();
    const query = knex(spec.table).whereIn('entity_ref', templates);
    // Copies keep their template's order, numbered after the rows already stored.
    const sequence = { next: 0 };
    if (spec.sequence) {
      query.orderBy(spec.sequence);
      const [{ max }] = await knex(spec.table).max({ max: spec.sequence });
      sequence.next = Number(max ?? 0);
    }
    for (const row of (await query) as Row[]) {
      const list = byTemplate.get(row.entity_ref as string) ?? [];
      list.push(row);
      byTemplate.set(row.entity_ref as string, list);
    }
    for (let i = 0; i < ENTITIES; i += 1) {
      rows += byTemplate.get(templateRef(i % TEMPLATES))?.length ?? 0;
    }
    await insertRows(
      knex,
      spec.table,
      copiesOf(spec, byTemplate, ids, sequence),
    );
    if (
      spec.sequence &&
      sequence.next > 0 &&
      knex.client.config.client === 'pg'
    ) {
      // PostgreSQL's own sequence numbers the rows stored after the copies.
      await knex.raw(`select setval('evidence_reports_receipt_seq', ?)`, [
        sequence.next,
      ]);
    }
  }
  return rows;
}

/** Today's snapshot, copied to the days before for the trends. */
export async function seedSnapshots(
  knex: Knex,
  deps: Parameters<typeof takeScorecardSnapshot>[0],
) {
  await takeScorecardSnapshot(deps);
  const today: Row[] = await knex('scorecard_snapshots').select('*');
  function* earlier(): Generator<Row> {
    for (let d = 1; d < TREND_DAYS; d += 1) {
      const day = new Date(NOW.getTime() - d * 86_400_000)
        .toISOString()
        .slice(0, 10);
      for (const row of today) yield { ...row, day };
    }
  }
  await insertRows(knex, 'scorecard_snapshots', earlier());
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/**
 * The first call and p50/p99 of the next CALLS; `before` runs (untimed) before each of
 * those.
 */
async function timeCalls(
  url: string,
  before?: (call: number) => Promise<void>,
) {
  const times: number[] = [];
  let bytes = 0;
  let first = 0;
  for (let i = 0; i <= CALLS; i += 1) {
    if (i > 0) await before?.(i);
    const started = performance.now();
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    if (i === 0) first = performance.now() - started;
    else times.push(performance.now() - started);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return {
    first,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    bytes,
  };
}

async function run(database: BenchDatabase) {
  const { knex, drop } = await openDatabase(
    database,
    KEEP
      ? 'hardening_bench_scorecards'
      : `hardening_bench_scorecards_${process.pid}`,
  );
  try {
    await applyDatabaseMigrations(knex);
    const reused =
      KEEP &&
      (await knex('scorecard_snapshots').first('entity_ref')) !== undefined;
    let started = performance.now();
    let seeding = 'reused the kept database';
    if (!reused) {
      const seed = await runSeed({
        mode: 'full',
        days: SEED_DAYS,
        entityRefs: Array.from({ length: TEMPLATES }, (_, i) => templateRef(i)),
        store: new DatabaseEvidenceStore(knex),
        database: knex,
      });
      const seedSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      const copied = await cloneTemplates(knex);
      const cloneSeconds = (performance.now() - started) / 1000;
      // What autovacuum / a long-lived SQLite file would have by now: planner statistics
      // and (PostgreSQL) the visibility map that index-only scans rely on.
      await knex.raw(database === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
      seeding = `full mode ${seedSeconds.toFixed(
        1,
      )} s for ${TEMPLATES} templates (${
        seed.reports
      } reports), ${copied} rows copied in ${cloneSeconds.toFixed(1)} s`;
    }
    const [{ n: reports }] = await knex('evidence_reports')
      .whereLike('entity_ref', 'component:default/bench-svc-%')
      .count({ n: '*' });
    const [{ n: testResults }] = await knex('test_results').count({ n: '*' });

    const catalog = catalogServiceMock({ entities: catalogEntities() });
    const auth = mockServices.auth();
    const httpAuth = mockServices.httpAuth({
      defaultCredentials: mockCredentials.user('user:default/bench'),
    });
    const permissions = mockServices.permissions({
      result: AuthorizeResult.ALLOW,
    });
    const servicesWith = (catalogCacheTtlMs: number) =>
      createScorecardServices({
        database: knex,
        auth,
        catalog,
        permissions,
        clock: () => NOW,
        catalogCacheTtlMs,
      });
    // As the plugin runs by default: catalog answers remembered for
    // hardening.access.cacheTtlSeconds.
    const services = servicesWith(DEFAULT_ACCESS_CACHE_TTL_SECONDS * 1000);
    started = performance.now();
    if (!reused) {
      await seedSnapshots(knex, {
        ...services,
        auth,
        retentionDays: 182,
        clock: () => NOW,
      });
      seeding += `, snapshots ${((performance.now() - started) / 1000).toFixed(
        1,
      )} s`;
    }

    const serve = (s: typeof services) => {
      const server = express()
        .use(
          createScorecardRouter({
            scorecards: s.service,
            httpAuth,
            checkEntityAccess: createEntityAccessCheck({
              auth,
              httpAuth,
              catalog,
              permissions,
            }),
          }),
        )
        .listen(0);
      return {
        base: `http://localhost:${(server.address() as AddressInfo).port}`,
        close: () => server.close(),
      };
    };
    const { base, close } = serve(services);
    // A fresh process (nothing read yet) that reads the catalog on every call.
    const uncached = serve(servicesWith(0));
    const store = new DatabaseEvidenceStore(knex);
    try {
      const org = await timeCalls(`${base}/scorecards/org`);
      const orgUncached = await timeCalls(`${uncached.base}/scorecards/org`);
      // A restarted backend as the plugin runs it: its start-up read of every entity's
      // evidence (in the background, readiness does not wait for it), then the first page.
      const restarted = servicesWith(DEFAULT_ACCESS_CACHE_TTL_SECONDS * 1000);
      const warmStarted = performance.now();
      await warmScorecards({ ...restarted, auth, clock: () => NOW });
      const warmUpMs = performance.now() - warmStarted;
      const afterWarmUp = serve(restarted);
      const orgWarmed = await timeCalls(`${afterWarmUp.base}/scorecards/org`);
      afterWarmUp.close();
      // CI keeps uploading: before each call, a gates report for another entity.
      const orgAfterUpload = await timeCalls(
        `${base}/scorecards/org`,
        async call => {
          await store.insertGatesReport({
            entityRef: benchRef((call * 397) % ENTITIES),
            digest: randomUUID().replace(/-/g, '').padEnd(64, '0'),
            context: { tags: [] },
            receivedAt: NOW,
            gates: [
              { name: 'lint', status: 'passed' },
              { name: 'build', status: call % 2 ? 'passed' : 'failed' },
            ],
          });
        },
      );
      const scope = await services.catalog.entities(
        mockCredentials.user('user:default/bench'),
      );
      const computeTimes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const t = performance.now();
        await services.service.scorecards(scope, NOW);
        computeTimes.push(performance.now() - t);
      }
      computeTimes.sort((a, b) => a - b);
      const catalogTimes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const t = performance.now();
        await servicesWith(0).catalog.entities(
          mockCredentials.user('user:default/bench'),
        );
        catalogTimes.push(performance.now() - t);
      }
      catalogTimes.sort((a, b) => a - b);
      const filtered = await timeCalls(
        `${base}/scorecards/org?system=system-3&tier=1`,
      );
      const group = await timeCalls(`${base}/scorecards/groups/default/dept-3`);
      const csv = await timeCalls(`${base}/scorecards/org.csv`);
      const ms = (v: number) => `${v.toFixed(0).padStart(4)} ms`;
      const line = (label: string, f: Awaited<ReturnType<typeof timeCalls>>) =>
        `  ${label.padEnd(44)} first ${ms(f.first)}  p50 ${ms(f.p50)}  p99 ${ms(
          f.p99,
        )}  ${(f.bytes / 1024).toFixed(0)} KiB`;
      console.log(
        `${database}: ${ENTITIES} entities, ${Number(reports)} reports (${(
          Number(reports) / ENTITIES
        ).toFixed(1)} each), ${Number(
          testResults,
        )} test results, ${TREND_DAYS} days of snapshots`,
      );
      console.log(`  seeding: ${seeding}`);
      console.log(
        `  evidence read + metrics + levels, ${
          scope.length
        } entities (warm): median ${ms(
          computeTimes[2],
        )}; mocked catalog listing median ${ms(catalogTimes[2])}`,
      );
      console.log(line(`GET /scorecards/org (${CALLS} calls)`, org));
      console.log(line('  catalog read on every call (ttl 0)', orgUncached));
      console.log(
        line(`  after the start-up read (${ms(warmUpMs).trim()})`, orgWarmed),
      );
      console.log(line('  a gates upload before each call', orgAfterUpload));
      console.log(line('GET /scorecards/org?system&tier', filtered));
      console.log(line('GET /scorecards/groups/default/dept-3', group));
      console.log(line('GET /scorecards/org.csv', csv));
      const worst = Math.max(org.p99, orgUncached.p99, orgAfterUpload.p99);
      console.log(
        `  target: org p99 ≤ 300 ms in all three — ${
          worst <= 300 ? 'met' : 'NOT met'
        } (worst p99 ${worst.toFixed(0)} ms)`,
      );
    } finally {
      close();
      uncached.close();
    }
  } finally {
    await drop();
  }
}

/** BENCH_DATABASES=sqlite (or postgres) runs one of the two. */
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');

async function main() {
  if (DATABASES.includes('sqlite')) await run('sqlite');
  if (!DATABASES.includes('postgres')) return;
  if (await postgresAvailable()) await run('postgres');
  else console.log('PostgreSQL not reachable: skipping its run');
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
