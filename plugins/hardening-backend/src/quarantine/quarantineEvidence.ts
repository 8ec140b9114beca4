import { Knex } from 'knex';
import { tuplesTable, whereRefIn } from '../database/entityRefScope';

/**
 * The failed or errored results of these reports whose test is `quarantined` for the
 * report's entity: test ids per report id (reports without any are absent). The e2e
 * checklist item does not count them.
 */
export async function quarantinedFailures(
  db: Knex | Knex.Transaction,
  reportIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (reportIds.length === 0) return out;
  const rows: Array<{ report_id: string; test_id: string }> = await whereRefIn(
    db({ t: 'test_results' })
      .join({ q: 'test_quarantine' }, function joinState() {
        this.on('q.entity_ref', 't.entity_ref').andOn(
          'q.test_key',
          't.test_key',
        );
      })
      .whereIn('t.status', ['failed', 'error'])
      .andWhere('q.state', 'quarantined'),
    't.report_id',
    [...new Set(reportIds)],
  )
    .distinct('t.report_id', 't.test_id')
    .orderBy(['t.report_id', 't.test_id']);
  for (const row of rows) {
    out.set(row.report_id, [...(out.get(row.report_id) ?? []), row.test_id]);
  }
  return out;
}

/**
 * The `disabled` tests of each entity that ran in some stored test report carrying the
 * tag of one of these (entity, LIKE pattern of an e2e tag) pairs: its disabled e2e tests
 * (entities without any are absent).
 */
export async function disabledE2eTests(
  db: Knex | Knex.Transaction,
  pairs: ReadonlyArray<readonly [string, string]>,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (pairs.length === 0) return out;
  const ranInTagged = db({ t: 'test_results' })
    .join({ r: 'evidence_reports' }, 'r.id', 't.report_id')
    .whereRaw('t.entity_ref = q.entity_ref')
    .andWhereRaw('t.test_key = q.test_key')
    .andWhere('r.kind', 'test-report')
    .andWhereRaw(`r.tags like p.pattern escape '\\'`)
    .select(db.raw('1'));
  const rows: Array<{ entity_ref: string; test_id: string }> = await db
    .from(tuplesTable(db, ['entity_ref', 'pattern'], pairs))
    .join({ q: 'test_quarantine' }, 'q.entity_ref', 'p.entity_ref')
    .where('q.state', 'disabled')
    .whereExists(ranInTagged)
    .distinct('q.entity_ref', 'q.test_id')
    .orderBy(['q.entity_ref', 'q.test_id']);
  for (const row of rows) {
    out.set(row.entity_ref, [...(out.get(row.entity_ref) ?? []), row.test_id]);
  }
  return out;
}
