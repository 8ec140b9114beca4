/*
 * yarn bench:triage — the triage queue and runbook parsing, measured in the service (no
 * HTTP, no catalog): an entity's queue and a team's queue over every entity, on
 * in-memory SQLite and, when it answers, PostgreSQL. Prints figures; asserts nothing.
 *
 * Data: BENCH_ENTITIES entities (default 40), each with 10 triage reports of 60 failures
 * drawn from 120 fingerprints, a third of them triaged.
 */
import { Entity } from '@backstage/catalog-model';
import knexFactory, { Knex } from 'knex';
import { Client } from 'pg';
import { DatabaseEvidenceStore } from '../src/database/DatabaseEvidenceStore';
import { DatabaseRunbookStore } from '../src/database/DatabaseRunbookStore';
import { DatabaseTriageStore } from '../src/database/DatabaseTriageStore';
import { DatabaseTriageWorkflowStore } from '../src/database/DatabaseTriageWorkflowStore';
import { applyDatabaseMigrations } from '../src/database/migrations';
import { EntityFileReader } from '../src/runbook/EntityFileReader';
import { parseRunbook } from '../src/runbook/parseRunbook';
import { RunbookService } from '../src/runbook/RunbookService';
import { DEMO_RUNBOOK } from '../src/seed/demoTriageWorkflow';
import { TriageService } from '../src/triage/TriageService';
import { DEFAULT_TRIAGE_SETTINGS } from '../src/triage/triageSettings';
import { postgresAvailable } from './benchBackend';
import {
  classifyTriageFailure,
  SCENARIO_TAXONOMY,
  INVARIANT_TAXONOMY,
} from '@hardening/backstage-plugin-hardening-common';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 40);
const REPORTS = 10;
const FAILURES_PER_REPORT = 60;
const FINGERPRINTS = 120;
const NOW = new Date('2026-11-20T12:00:00.000Z');
const pgUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

function entity(i: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `bench-${i}`, namespace: 'default' },
    spec: { owner: 'team-bench' },
  };
}

async function fill(knex: Knex) {
  const evidence = new DatabaseEvidenceStore(knex);
  const triage = new DatabaseTriageStore(knex, evidence);
  const workflow = new DatabaseTriageWorkflowStore(knex);
  for (let e = 0; e < ENTITIES; e += 1) {
    const entityRef = `component:default/bench-${e}`;
    for (let r = 0; r < REPORTS; r += 1) {
      const failures = Array.from({ length: FAILURES_PER_REPORT }, (_, f) => {
        const n = (r * 7 + f * 2) % FINGERPRINTS;
        return classifyTriageFailure({
          scenarioId: `${SCENARIO_TAXONOMY[n % 7]}-${String(n).padStart(
            3,
            '0',
          )}`,
          invariantId: `${INVARIANT_TAXONOMY[n % 5]}-${n % 9}`,
          message: n % 4 === 0 ? 'connect ECONNREFUSED' : `failure ${n}`,
          keyEntityIds: ['org-a', `id-${n}`],
          evidence: [{ kind: 'log', uri: `runs/${r}/log.txt` }],
        });
      });
      await triage.insertTriageReport({
        entityRef,
        digest: `${e}-${r}`.padStart(64, '0'),
        context: { commit: `abcdef${r % 5}`, tags: [] },
        receivedAt: new Date(NOW.getTime() - (REPORTS - r) * 3_600_000),
        failures,
      });
    }
    const groups = await workflow.groups([entityRef], {
      limit: 1000,
      activeOnly: true,
    });
    for (const group of groups.filter((_, i) => i % 3 === 0)) {
      await workflow.changeState(entityRef, group.fingerprint, () => ({
        to: 'classified',
        class: 'algorithm-regression',
        at: NOW,
        by: 'user:default/bench',
      }));
    }
  }
}

async function timeIt(runs: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(
    1,
  )} ms (${runs} runs)`;
}

async function measure(name: string, knex: Knex) {
  await applyDatabaseMigrations(knex);
  const fillStart = Date.now();
  await fill(knex);
  if (knex.client.config.client === 'pg') {
    // Statistics as autovacuum would have them after a bulk load.
    await knex.raw('ANALYZE');
  }
  const [{ n }] = await knex('triage_failures').count({ n: '*' });
  console.log(
    `${name}: ${ENTITIES} entities, ${n} failure rows, filled in ${(
      (Date.now() - fillStart) /
      1000
    ).toFixed(1)} s`,
  );
  const clock = () => NOW;
  const files = new EntityFileReader({});
  const service = new TriageService({
    workflow: new DatabaseTriageWorkflowStore(knex),
    runbooks: new RunbookService({
      store: new DatabaseRunbookStore(knex),
      files,
      settings: DEFAULT_TRIAGE_SETTINGS,
      clock,
    }),
    files,
    settings: DEFAULT_TRIAGE_SETTINGS,
    clock,
  });
  const all = Array.from({ length: ENTITIES }, (_, i) => entity(i));
  const one = await service.queue([all[0]], 200);
  console.log(
    `  entity queue (${one.items.length} items): ${await timeIt(30, () =>
      service.queue([all[0]], 200),
    )}`,
  );
  const team = await service.queue(all, 1000);
  console.log(
    `  team queue over ${ENTITIES} entities (${
      team.items.length
    } items): ${await timeIt(15, () => service.queue(all, 1000))}`,
  );
}

async function main() {
  const demo = DEMO_RUNBOOK;
  const big = Array.from({ length: 400 }, (_, i) =>
    demo.replace(/# /g, `# ${i} `),
  ).join('\n');
  console.log(
    `runbook parse, demo (${demo.length} bytes): ${await timeIt(50, async () =>
      parseRunbook(demo, SCENARIO_TAXONOMY),
    )}`,
  );
  console.log(
    `runbook parse, ${(Buffer.byteLength(big) / 1024).toFixed(
      0,
    )} KiB: ${await timeIt(10, async () =>
      parseRunbook(big, SCENARIO_TAXONOMY),
    )}`,
  );

  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  await measure('SQLite (in memory)', sqlite);
  await sqlite.destroy();

  if (await postgresAvailable()) {
    const name = `bench_triage_${process.pid}`;
    const admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const pg = knexFactory({
      client: 'pg',
      connection: `${pgUrl.replace(/\/$/, '')}/${name}`,
    });
    try {
      await measure('PostgreSQL', pg);
    } finally {
      await pg.destroy();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    }
  } else {
    console.log('PostgreSQL: not reachable, skipped');
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
