import { Knex } from 'knex';
import {
  COUNTED_RESULT_COLUMNS,
  CountedResult,
  countByDay,
  TEST_RESULT_DAY_COUNTS,
  TestResultDay,
} from './testResultDays';

const TEST_RESULTS = 'test_results';
const REPORTS = 'evidence_reports';
const DAYS = 'test_result_days';
/** Aggregate rows per INSERT (13 parameters each). */
const DAY_CHUNK = 500;
/** Ids per DELETE. */
const ID_CHUNK = 1000;

export type PruneOutcome = {
  /** `test_results` rows folded into daily aggregates and deleted. */
  rows: number;
  /** Aggregate rows written (a (test, day) counted in two batches counts twice). */
  days: number;
  /** Transactions, one per batch. */
  batches: number;
};

const dayRow = (day: TestResultDay) => ({
  entity_ref: day.entityRef,
  test_key: day.testKey,
  day: day.day,
  test_id: day.testId,
  runs: day.runs,
  passed: day.passed,
  failed: day.failed,
  errored: day.errored,
  skipped: day.skipped,
  flaky: day.flaky,
  duration_ms: day.durationMs,
  timed_runs: day.timedRuns,
});

type Batch = { rows: number; days: number } | undefined;

/**
 * One batch on PostgreSQL, in one statement: the rows are taken (`FOR UPDATE SKIP
 * LOCKED`), deleted and counted into their days by the database, so that the backend's
 * event loop, which serves uploads meanwhile, only waits for the answer.
 */
async function foldBatchInPostgres(
  db: Knex,
  before: Date,
  batchSize: number,
): Promise<Batch> {
  const added = TEST_RESULT_DAY_COUNTS.map(
    column => `${column} = ${DAYS}.${column} + excluded.${column}`,
  ).join(', ');
  const { rows } = await db.raw(
    `with batch as (
       select t.id from ${TEST_RESULTS} t join ${REPORTS} r on r.id = t.report_id
       where r.received_at < ? order by t.id limit ? for update of t skip locked
     ), gone as (
       delete from ${TEST_RESULTS} d using batch b where d.id = b.id
       returning d.entity_ref, d.test_key, d.test_id, d.status, d.flaky, d.duration_ms,
                 d.report_id
     ), counted as (
       insert into ${DAYS} (entity_ref, test_key, day, test_id, runs, passed, failed,
                            errored, skipped, flaky, duration_ms, timed_runs)
       select g.entity_ref, g.test_key,
              to_char(r.received_at at time zone 'UTC', 'YYYY-MM-DD'), min(g.test_id),
              count(*),
              count(*) filter (where g.status = 'passed'),
              count(*) filter (where g.status = 'failed'),
              count(*) filter (where g.status = 'error'),
              count(*) filter (where g.status not in ('passed', 'failed', 'error')),
              count(*) filter (where g.flaky),
              coalesce(sum(g.duration_ms), 0), count(g.duration_ms)
       from gone g join ${REPORTS} r on r.id = g.report_id
       group by 1, 2, 3
       on conflict (entity_ref, test_key, day) do update set ${added}
       returning 1
     )
     select (select count(*) from gone) as rows, (select count(*) from counted) as days`,
    [before, batchSize],
  );
  const [{ rows: folded, days }] = rows as Array<{
    rows: string | number;
    days: string | number;
  }>;
  return Number(folded) === 0
    ? undefined
    : { rows: Number(folded), days: Number(days) };
}

/** One batch elsewhere (SQLite: one writer at a time), counted in JavaScript. */
async function foldBatch(
  db: Knex,
  before: Date,
  batchSize: number,
): Promise<Batch> {
  return db.transaction(async trx => {
    const rows: Array<CountedResult & { id: number | string }> = await trx(
      `${TEST_RESULTS} as t`,
    )
      .join(`${REPORTS} as r`, 'r.id', 't.report_id')
      .where('r.received_at', '<', before)
      .orderBy('t.id')
      .limit(batchSize)
      .select('t.id', ...COUNTED_RESULT_COLUMNS);
    if (rows.length === 0) return undefined;
    const days = countByDay(rows).map(dayRow);
    const merge = Object.fromEntries(
      TEST_RESULT_DAY_COUNTS.map(column => [
        column,
        trx.raw('??.?? + excluded.??', [DAYS, column, column]),
      ]),
    );
    for (let i = 0; i < days.length; i += DAY_CHUNK) {
      await trx(DAYS)
        .insert(days.slice(i, i + DAY_CHUNK))
        .onConflict(['entity_ref', 'test_key', 'day'])
        .merge(merge);
    }
    const ids = rows.map(row => Number(row.id));
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      await trx(TEST_RESULTS)
        .whereIn('id', ids.slice(i, i + ID_CHUNK))
        .delete();
    }
    return { rows: rows.length, days: days.length };
  });
}

/**
 * Folds the `test_results` rows of reports received before `before` into
 * `test_result_days` and deletes them, `batchSize` rows per transaction, so that a prune
 * of millions of rows never holds a long lock and a process killed in the middle leaves
 * every batch either done or not begun. On PostgreSQL a batch is one statement whose rows
 * are locked (`FOR UPDATE SKIP LOCKED`), so that two pruners at once never count a row
 * twice.
 * Stops after `maxBatches` batches (default: when nothing is left).
 */
export async function pruneTestResults(
  db: Knex,
  options: { before: Date; batchSize: number; maxBatches?: number },
): Promise<PruneOutcome> {
  const outcome: PruneOutcome = { rows: 0, days: 0, batches: 0 };
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const postgres = db.client.config.client === 'pg';
  while (outcome.batches < maxBatches) {
    const batch = postgres
      ? await foldBatchInPostgres(db, options.before, options.batchSize)
      : await foldBatch(db, options.before, options.batchSize);
    if (!batch) break;
    outcome.rows += batch.rows;
    outcome.days += batch.days;
    outcome.batches += 1;
  }
  return outcome;
}
