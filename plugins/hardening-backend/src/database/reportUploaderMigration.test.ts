import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const MIGRATIONS = `${__dirname}/../../migrations`;
const MIGRATION = '20261207030000_report_uploader.js';
const REF = 'component:default/payments-api';
const AT = new Date('2026-11-20T12:00:00.000Z');

/** The names of the evidence-version triggers on evidence_reports. */
async function reportTriggers(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(
      `select distinct trigger_name as name from information_schema.triggers
        where event_object_table = 'evidence_reports'
          and trigger_name like '%evidence_version%'`,
    );
    return rows.map((r: { name: string }) => r.name).sort();
  }
  const rows = await knex('sqlite_master')
    .where({ type: 'trigger', tbl_name: 'evidence_reports' })
    .select('name');
  return rows.map((r: { name: string }) => r.name).sort();
}

async function versionOf(knex: Knex): Promise<number> {
  const row = await knex('evidence_versions')
    .where({ entity_ref: REF })
    .first('version');
  return row ? Number(row.version) : 0;
}

const gates = (store: DatabaseEvidenceStore, commit: string) =>
  store.insertGatesReport({
    entityRef: REF,
    digest: 'a'.repeat(64),
    context: { commit, tags: [] },
    receivedAt: AT,
    uploader: { type: 'service', subject: 'ci-evidence-upload' },
    gates: [{ name: 'lint', status: 'passed' }],
  });

describe.each(ids)('the report uploader migration on %s', databaseId => {
  it('adds and drops the uploader column, keeping the rows and the evidence-version triggers', async () => {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = new DatabaseEvidenceStore(knex);
    const triggers = await reportTriggers(knex);
    expect(triggers.length).toBeGreaterThan(0);
    const stored = await gates(store, 'abcdef1');
    expect(stored.report.uploader).toEqual({
      type: 'service',
      subject: 'ci-evidence-upload',
    });

    await knex.migrate.down({ directory: MIGRATIONS, name: MIGRATION });
    expect(await knex.schema.hasColumn('evidence_reports', 'uploader')).toBe(
      false,
    );
    expect(await reportTriggers(knex)).toEqual(triggers);
    expect(await knex('evidence_reports').pluck('id')).toEqual([
      stored.report.id,
    ]);

    await applyDatabaseMigrations(knex);
    expect(await reportTriggers(knex)).toEqual(triggers);
    // Rows stored before have no uploader, and are served without one.
    const [before] = (await store.listReports(REF, 'ci-gates', { limit: 10 }))
      .items;
    expect(before.id).toBe(stored.report.id);
    expect(before).not.toHaveProperty('uploader');

    // The triggers still move the entity's version.
    const version = await versionOf(knex);
    const next = await gates(store, 'abcdef2');
    expect(next.created).toBe(true);
    expect(await versionOf(knex)).toBeGreaterThan(version);
    expect(next.report.uploader).toEqual(stored.report.uploader);
  });
});
