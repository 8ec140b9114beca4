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

/**
 * Folds the `test_results` rows of reports received before `before` into
 * `test_result_days` and deletes them, `batchSize` rows per transaction, so that a prune
 * of millions of rows never holds a long lock and a process killed in the middle leaves
 * every batch either done or not begun. On PostgreSQL the batch's rows are locked
 * (`FOR UPDATE SKIP LOCKED`), so that two pruners at once never count a row twice.
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
    const batch = await db.transaction(async trx => {
      let select = trx(`${TEST_RESULTS} as t`)
        .join(`${REPORTS} as r`, 'r.id', 't.report_id')
        .where('r.received_at', '<', options.before)
        .orderBy('t.id')
        .limit(options.batchSize)
        .select('t.id', ...COUNTED_RESULT_COLUMNS);
      if (postgres) select = select.forUpdate('t').skipLocked();
      const rows: Array<CountedResult & { id: number | string }> = await select;
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
    if (!batch) break;
    outcome.rows += batch.rows;
    outcome.days += batch.days;
    outcome.batches += 1;
  }
  return outcome;
}
