import { Knex } from 'knex';
import {
  applyDatabaseMigrations,
  currentSchemaVersion,
  rollbackDatabaseMigrations,
} from './migrations';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { newestMigrationVersion } from '../__testUtils__/newestMigration';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

async function tableNames(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const rows = await knex('information_schema.tables')
      .where({ table_schema: 'public' })
      .select('table_name');
    return rows.map(r => r.table_name);
  }
  const rows = await knex('sqlite_master')
    .where({ type: 'table' })
    .select('name');
  return rows.map(r => r.name);
}

describe.each(ids)('migrations on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
  });

  it('creates the evidence tables and keeps rows through a re-run', async () => {
    expect(await currentSchemaVersion(knex)).toBeNull();
    await applyDatabaseMigrations(knex);
    expect(await currentSchemaVersion(knex)).toBe(newestMigrationVersion());
    expect(await tableNames(knex)).toEqual(
      expect.arrayContaining([
        'evidence_reports',
        'test_results',
        'required_gates',
        'milestones',
        'milestone_freezes',
        'git_tags',
        'triage_states',
        'triage_state_history',
        'runbook_uploads',
      ]),
    );

    await knex('evidence_reports').insert({
      id: '00000000-0000-4000-8000-000000000001',
      entity_ref: 'component:default/payments-api',
      kind: 'test-report',
      digest: 'a'.repeat(64),
      identity_digest: 'b'.repeat(64),
      received_at: new Date('2026-11-01T00:00:00Z'),
      ordered_at: new Date('2026-11-01T00:00:00Z'),
      receipt_seq: 1,
    });

    // Running the migrations again is a no-op that keeps the data.
    await applyDatabaseMigrations(knex);
    const rows = await knex('evidence_reports').select(
      'entity_ref',
      'tags',
      'summary',
    );
    expect(rows).toEqual([
      {
        entity_ref: 'component:default/payments-api',
        tags: '[]',
        summary: '{}',
      },
    ]);
  });

  it('refuses a second report with the same entity, kind and identity', async () => {
    await expect(
      knex('evidence_reports').insert({
        id: '00000000-0000-4000-8000-000000000002',
        entity_ref: 'component:default/payments-api',
        kind: 'test-report',
        digest: 'c'.repeat(64),
        identity_digest: 'b'.repeat(64),
        received_at: new Date('2026-11-02T00:00:00Z'),
        ordered_at: new Date('2026-11-02T00:00:00Z'),
        receipt_seq: 2,
      }),
    ).rejects.toThrow();
    expect(await knex('evidence_reports').count({ n: '*' })).toEqual([
      { n: databaseId === 'POSTGRES_15' ? '1' : 1 },
    ]);
  });

  it('rolls back cleanly', async () => {
    await rollbackDatabaseMigrations(knex);
    const remaining = await tableNames(knex);
    expect(remaining).not.toContain('evidence_reports');
    expect(remaining).not.toContain('test_results');
    expect(remaining).not.toContain('required_gates');
    expect(remaining).not.toContain('triage_failures');
    expect(remaining).not.toContain('audit_chain_entries');
    expect(remaining).not.toContain('milestones');
    expect(remaining).not.toContain('milestone_freezes');
    expect(remaining).not.toContain('git_tags');
    expect(await currentSchemaVersion(knex)).toBeNull();
  });
});
