import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { refsTable } from './entityRefScope';
import { applyDatabaseMigrations } from './migrations';
import { newestOfEachKind, newestReportId } from './newestOrder';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const KINDS = ['ci-gates', 'stress-run', 'test-report'];
const ENTITIES = 200;
const PER_KIND = 6;
const refOf = (i: number) => `component:default/service-${i}`;

/** One backwards seek of evidence_reports_newest_idx, reading the index only, as each database says it. */
const SEEKS: Record<string, RegExp> = {
  POSTGRES_15:
    /"Node Type":"Index Only Scan","Parent Relationship":"Outer","Parallel Aware":false,"Async Capable":false,"Scan Direction":"Backward","Index Name":"evidence_reports_newest_idx"/g,
  SQLITE_3:
    /SEARCH evidence_reports USING COVERING INDEX evidence_reports_newest_idx \(entity_ref=\? AND kind=\?\)/g,
};

/** The plan of a query: SQLite's EXPLAIN QUERY PLAN lines, PostgreSQL's JSON plan as text. */
async function planOf(knex: Knex, query: Knex.QueryBuilder): Promise<string> {
  const { sql, bindings } = query.toSQL();
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(`explain (format json) ${sql}`, bindings);
    return JSON.stringify(rows[0]['QUERY PLAN']);
  }
  const rows: Array<{ detail: string }> = await knex.raw(
    `explain query plan ${sql}`,
    bindings,
  );
  return rows.map(r => r.detail).join('\n');
}

/**
 * "The newest report of each kind for many entities" (scorecards, freeze checklists, the
 * summary) is one backwards seek of evidence_reports_newest_idx per entity and kind,
 * without a sort, on a table with enough rows that the planners choose by cost.
 */
describe.each(ids)('the newest-report plans on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const at = Date.parse('2026-11-01T00:00:00.000Z');
    let seq = 0;
    const rows = [];
    for (let e = 0; e < ENTITIES; e += 1) {
      for (const kind of KINDS) {
        for (let n = 0; n < PER_KIND; n += 1) {
          seq += 1;
          rows.push({
            id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
            entity_ref: refOf(e),
            kind,
            digest: String(seq).padStart(64, '0'),
            identity_digest: String(seq).padStart(64, '0'),
            received_at: new Date(at + n * 60_000),
            ordered_at: new Date(at + n * 60_000),
            receipt_seq: seq,
          });
        }
      }
    }
    for (let i = 0; i < rows.length; i += 200) {
      await knex('evidence_reports').insert(rows.slice(i, i + 200));
    }
    await knex.raw('analyze');
  });

  it('reads the newest report id of each kind of many entities by index seeks', async () => {
    const refs = Array.from({ length: 50 }, (_, i) => refOf(i));
    const query = knex
      .from(refsTable(knex, refs))
      .select(
        { entity_ref: 's.value' },
        ...KINDS.map(kind =>
          newestReportId(knex, knex.ref('s.value'), kind).as(kind),
        ),
      );
    const plan = await planOf(knex, query);
    expect(plan.match(SEEKS[databaseId])).toHaveLength(KINDS.length);
    expect(plan).not.toMatch(/Sort|TEMP B-TREE|Seq Scan|SCAN evidence_reports/);

    const rows = await query;
    expect(rows).toHaveLength(50);
    expect(rows[7]['ci-gates']).toBe(
      `00000000-0000-4000-8000-${String(7 * 18 + PER_KIND).padStart(12, '0')}`,
    );
  });

  it('reads the newest report of each kind of one entity by index seeks', async () => {
    const query = newestOfEachKind(knex, refOf(3), KINDS);
    const plan = await planOf(knex, query);
    expect(plan.match(SEEKS[databaseId])).toHaveLength(KINDS.length);
    expect(plan).not.toMatch(/Seq Scan|SCAN evidence_reports/);
    // The only sort is of the few rows found, by kind.
    expect(plan.match(/"Sort Key":\[[^\]]*\]/g) ?? []).toEqual(
      databaseId === 'POSTGRES_15'
        ? ['"Sort Key":["evidence_reports.kind"]']
        : [],
    );
    const rows: Array<{ kind: string; receipt_seq: number | string }> =
      await query;
    expect(rows.map(r => [r.kind, Number(r.receipt_seq)])).toEqual([
      ['ci-gates', 3 * 18 + 6],
      ['stress-run', 3 * 18 + 12],
      ['test-report', 3 * 18 + 18],
    ]);
  });
});
