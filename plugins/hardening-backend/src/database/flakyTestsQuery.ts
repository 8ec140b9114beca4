import { Knex } from 'knex';
import { whereRefIn } from './entityRefScope';

/**
 * The flaky tests of these entities by `FLAKY_TEST_DEFINITION` (-common), one row
 * (`entity_ref`, `test_key`) per test, among the test results of reports received at or
 * after `since`: the tests with at least one flaky result (see {@link flakyResults}):
 *
 * - a result marked flaky (it failed, then passed on a rerun within its report), read
 *   through `test_results_flaky_idx`;
 * - or a failed or errored result whose report's commit has a report in the window in
 *   which the same test passed, looked up per failure through `test_results_history_idx`.
 *
 * The only definition in the backend: the scorecards count its rows and
 * `GET …/tests/flaky` lists them, so the two figures are the same.
 */
export function flakyTestKeys(
  db: Knex,
  refs: readonly string[],
  since: Date,
): Knex.QueryBuilder {
  return db
    .from(flakyResults(db, refs, since).as('fr'))
    .distinct('fr.entity_ref', 'fr.test_key');
}

/**
 * The flaky results behind {@link flakyTestKeys}, one row each (`id`, `entity_ref`,
 * `test_key`, `received_at`): the flaky runs of the flaky score (`GET …/tests/flaky`).
 */
export function flakyResults(
  db: Knex,
  refs: readonly string[],
  since: Date,
): Knex.QueryBuilder {
  // Driven from the reports in the window (`evidence_reports_newest_idx`), then their
  // results by report (`test_results_report_idx`, `test_results_flaky_idx`).
  const windowResults = () =>
    whereRefIn(
      db({ r: 'evidence_reports' })
        .join({ t: 'test_results' }, 't.report_id', 'r.id')
        .where('r.kind', 'test-report')
        .andWhere('r.received_at', '>=', since),
      'r.entity_ref',
      refs,
    ).select('t.id', 't.entity_ref', 't.test_key', 'r.received_at');
  const reruns = windowResults().whereRaw('t.flaky = true');
  const passedOnTheSameCommit = db({ p: 'test_results' })
    .join({ pr: 'evidence_reports' }, 'pr.id', 'p.report_id')
    .whereRaw('p.entity_ref = t.entity_ref')
    .andWhereRaw('p.test_key = t.test_key')
    .andWhere('p.status', 'passed')
    .andWhereRaw('pr.commit_sha = r.commit_sha')
    .andWhere('pr.received_at', '>=', since)
    .select(db.raw('1'));
  const flips = windowResults()
    .whereIn('t.status', ['failed', 'error'])
    .whereNotNull('r.commit_sha')
    .whereExists(passedOnTheSameCommit);
  // `union` (not `union all`) keeps each result once; unwrapped, as SQLite wants it.
  return reruns.union(flips);
}

/** How many flaky tests each entity has (entities without any are absent). */
export async function countFlakyTests(
  db: Knex,
  refs: readonly string[],
  since: Date,
): Promise<Map<string, number>> {
  const rows: Array<{ entity_ref: string; n: number | string }> = await db
    .from(flakyTestKeys(db, refs, since).as('f'))
    .select('f.entity_ref')
    .count({ n: '*' })
    .groupBy('f.entity_ref');
  return new Map(rows.map(row => [row.entity_ref, Number(row.n)]));
}
