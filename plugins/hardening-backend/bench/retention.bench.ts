/*
 * `yarn bench:retention` (issue 15): the retention task's prune of per-test rows on
 * PostgreSQL while CI uploads continue.
 *
 * A real backend (benchBackend.ts, the production root logger) on PostgreSQL gets
 * BENCH_RETENTION_ROWS (default 10,000,000) `test_results` rows in reports received a year
 * ago (1,000 tests each), written with INSERT … SELECT from one uploaded report. Then, for
 * BENCH_RETENTION_SECONDS (default 20) each, a client uploads a JUnit report of
 * BENCH_RETENTION_TESTS (default 200) test cases at a time over HTTP:
 *
 *   baseline  with nothing else running;
 *   pruning   while `pruneTestResults` (what the daily task runs, batches of 5,000, in the
 *             backend's process) folds every one of the old rows into daily aggregates.
 *
 * Prints the prune's rows/s and the uploads' p50/p99 in both phases, their ratio (target
 * p99 ≤ 2× the baseline) and every upload error (target none). The prune phase lasts
 * until the prune ends (uploads go on until then, at least BENCH_RETENTION_SECONDS).
 * Prints figures; exits 1 only when an upload failed or rows are left.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pruneTestResults } from '../src/retention/pruneTestResults';
import {
  BENCH_ENTITY,
  postgresAvailable,
  startBenchBackend,
} from './benchBackend';

const ROWS = Number(process.env.BENCH_RETENTION_ROWS ?? 10_000_000);
const SECONDS = Number(process.env.BENCH_RETENTION_SECONDS ?? 20);
const TESTS = Number(process.env.BENCH_RETENTION_TESTS ?? 200);
const PER_REPORT = 1000;
const BATCH = 5000;

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** A JUnit file of TESTS test cases, the `n`th: each upload is another report. */
function junit(n: number): string {
  const cases = Array.from(
    { length: TESTS },
    (_, i) =>
      `<testcase classname="retention.Suite" name="case ${i}" time="0.01"/>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="upload ${n}"><testsuite name="retention" tests="${TESTS}">\n${cases}\n</testsuite></testsuites>\n`;
}

/** Writes the old rows: reports copied from one uploaded report, their rows generated. */
async function seedOldRows(knex: Knex, baseUrl: string) {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/test-reports?commit=5eed0001`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/xml',
      Authorization: 'Bearer mock-service-token',
    },
    body: junit(0),
  });
  if (res.status !== 201) {
    throw new Error(`seed upload: ${res.status} ${await res.text()}`);
  }
  const { report } = (await res.json()) as { report: { id: string } };
  const columns: string[] = (
    await knex('information_schema.columns')
      .where({ table_name: 'evidence_reports' })
      .andWhere('table_schema', knex.raw('current_schema()'))
      .select('column_name')
  ).map((row: { column_name: string }) => row.column_name);
  const generated: Record<string, string> = {
    id: 'gen_random_uuid()::text',
    digest: "encode(sha256(('old report ' || g)::bytea), 'hex')",
    identity_digest: "encode(sha256(('old identity ' || g)::bytea), 'hex')",
    received_at: "now() - interval '365 days' + g * interval '1 second'",
    ordered_at: "now() - interval '365 days' + g * interval '1 second'",
    receipt_seq: "nextval('evidence_reports_receipt_seq')",
  };
  const reports = Math.ceil(ROWS / PER_REPORT);
  const list = columns.map(c => `"${c}"`).join(', ');
  const values = columns.map(c => generated[c] ?? `r."${c}"`).join(', ');
  await knex.raw(
    `insert into evidence_reports (${list})
     select ${values} from evidence_reports r, generate_series(1, ?) g
     where r.id = ?`,
    [reports, report.id],
  );
  await knex.raw(
    `insert into test_results
       (report_id, entity_ref, test_key, test_id, name, suite_path, status, duration_ms, attempts, flaky)
     select r.id, r.entity_ref, encode(sha256(('retention::case ' || t)::bytea), 'hex'),
            'retention::case ' || t, 'case ' || t, '["retention"]',
            case when t % 50 = 0 then 'failed' else 'passed' end, 10, 1, false
     from evidence_reports r, generate_series(1, ?) t
     where r.entity_ref = ? and r.received_at < now() - interval '300 days'`,
    [PER_REPORT, BENCH_ENTITY],
  );
  await knex.raw('VACUUM (ANALYZE)');
  const [{ n }] = await knex('test_results').count({ n: '*' });
  console.log(
    `  seeded ${count(Number(n))} test_results rows in ${count(
      reports,
    )} reports in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

type Phase = { latencies: number[]; errors: string[] };

/** Uploads one report after the other until `done` says stop. */
async function uploadUntil(
  baseUrl: string,
  first: number,
  done: () => boolean,
): Promise<Phase> {
  const phase: Phase = { latencies: [], errors: [] };
  for (let n = first; !done(); n++) {
    const body = junit(n);
    const started = performance.now();
    try {
      const res = await fetch(
        `${baseUrl}/test-reports?commit=${n.toString(16).padStart(7, '0')}`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/xml',
            Authorization: 'Bearer mock-service-token',
          },
          body,
        },
      );
      await res.arrayBuffer();
      if (res.status !== 201) phase.errors.push(`HTTP ${res.status}`);
      else phase.latencies.push(performance.now() - started);
    } catch (error) {
      phase.errors.push(String(error));
    }
  }
  return phase;
}

function describe(label: string, phase: Phase) {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  console.log(
    `  ${label.padEnd(10)} ${sorted.length} uploads of ${TESTS} tests: p50 ${at(
      50,
    ).toFixed(1)} ms  p99 ${at(99).toFixed(1)} ms  max ${(
      sorted[sorted.length - 1] ?? NaN
    ).toFixed(1)} ms; ${phase.errors.length} errors${
      phase.errors.length ? ` (${phase.errors.slice(0, 3).join(', ')})` : ''
    }`,
  );
  return at(99);
}

async function main() {
  console.log(
    `retention bench: node ${process.version}, ${count(
      ROWS,
    )} old test_results rows, uploads of ${TESTS} tests, ${SECONDS} s per phase, load average ${loadavg()
      .map(n => n.toFixed(1))
      .join(' ')}`,
  );
  if (!(await postgresAvailable())) {
    console.log('PostgreSQL not reachable: nothing to measure');
    process.exit(0);
  }
  let handOver: (knex: Knex) => void = () => {};
  const pluginDatabase = new Promise<Knex>(resolve => {
    handOver = resolve;
  });
  const probe = createBackendModule({
    pluginId: 'hardening',
    moduleId: 'retention-bench',
    register(env) {
      env.registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          handOver(await database.getClient());
        },
      });
    },
  });
  const backend = await startBenchBackend({
    database: 'postgres',
    port: 7442,
    features: [probe],
    logger: 'production',
    // The daily task is not what is measured: this bench runs the prune itself.
    extraConfig: { hardening: { retention: { enabled: false } } },
  });
  let failed = false;
  try {
    const knex = await pluginDatabase;
    await seedOldRows(knex, backend.baseUrl);

    const baselineEnd = performance.now() + SECONDS * 1000;
    const baseline = await uploadUntil(
      backend.baseUrl,
      1,
      () => performance.now() > baselineEnd,
    );

    let pruning = true;
    const pruneStarted = performance.now();
    const minimumEnd = pruneStarted + SECONDS * 1000;
    const prune = pruneTestResults(knex, {
      before: new Date(Date.now() - 90 * 86_400_000),
      batchSize: BATCH,
    }).finally(() => {
      pruning = false;
    });
    const during = await uploadUntil(
      backend.baseUrl,
      1_000_000,
      () => !pruning && performance.now() > minimumEnd,
    );
    const outcome = await prune;
    const pruneSeconds = (performance.now() - pruneStarted) / 1000;

    console.log(
      `  prune      ${count(outcome.rows)} rows in ${pruneSeconds.toFixed(
        0,
      )} s: ${count(outcome.rows / pruneSeconds)} rows/s, ${count(
        outcome.batches,
      )} transactions of ${count(BATCH)}`,
    );
    const p99Baseline = describe('baseline', baseline);
    const p99During = describe('pruning', during);
    console.log(
      `  p99 ratio  ${(p99During / p99Baseline).toFixed(
        2,
      )}× (target ≤ 2×, no upload error)`,
    );
    const [{ n: left }] = await knex('test_results')
      .where('entity_ref', BENCH_ENTITY)
      .count({ n: '*' });
    console.log(
      `  left       ${count(
        Number(left),
      )} test_results rows (the uploads of both phases)`,
    );
    failed =
      baseline.errors.length + during.errors.length > 0 ||
      Number(left) !==
        (baseline.latencies.length + during.latencies.length + 1) * TESTS;
  } finally {
    await backend.stop();
  }
  // A stopped backend keeps its plugins' knex pools alive; the figures are printed.
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
