import { Knex } from 'knex';
import { storeFrozenGreenEntity } from '../__testUtils__/scorecardFixtures';
import { seedStoresOn } from '../__testUtils__/milestoneFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseRunbookFileStore } from './DatabaseRunbookFileStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

const REF = 'component:default/payments-api';
const OTHER = 'component:default/ledger-service';
const AT = new Date('2026-11-20T12:00:00.000Z');

/** The tables a scorecard reads whose writes must move the entity's version. */
const VERSIONED_TABLES = [
  'audit_chain_cosignatures',
  'audit_chain_heads',
  'delivery_contracts',
  'evidence_reports',
  'milestone_freezes',
  'milestones',
  'required_gates',
  'runbook_files',
  'runbook_uploads',
  'triage_states',
];

/** Rows no other table points at, so that they can be deleted and put back. */
const DELETABLE = [
  'audit_chain_cosignatures',
  'required_gates',
  'runbook_files',
  'runbook_uploads',
  'triage_states',
];

async function triggeredTables(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(
      `select distinct event_object_table as t from information_schema.triggers
        where trigger_name like '%_evidence_version'`,
    );
    return rows.map((r: { t: string }) => r.t).sort();
  }
  const rows = await knex('sqlite_master')
    .where({ type: 'trigger' })
    .andWhereLike('name', '%_evidence_version_%')
    .distinct('tbl_name');
  return rows.map((r: { tbl_name: string }) => r.tbl_name).sort();
}

describe.each(ids)('evidence versions on %s', databaseId => {
  let knex: Knex;

  const versionOf = async (ref: string) => {
    const row = await knex('evidence_versions')
      .where({ entity_ref: ref })
      .first('version');
    return row ? Number(row.version) : 0;
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const stores = seedStoresOn(knex, new DatabaseEvidenceStore(knex));
    await storeFrozenGreenEntity(knex, stores, REF, AT);
    await stores.evidence.setRequiredGates(REF, ['lint', 'build'], {
      updatedAt: AT,
      updatedBy: 'user:default/ana',
    });
    await knex('triage_states').insert({
      entity_ref: REF,
      fingerprint: 'f'.repeat(40),
      status: 'open',
      status_changed_at: AT,
      status_changed_by: 'user:default/ana',
      version: 1,
    });
    // A witness cosignature (the scorecards judge the freeze checklist's witnesses item).
    await knex('audit_chain_cosignatures').insert({
      entity_ref: REF,
      witness: 'witness.example.com/release-managers',
      key_id: '0a1b2c3d',
      tree_size: 1,
      cosigned_at: AT,
      line: '— witness.example.com/release-managers AAAA',
      received_at: AT,
    });
    await knex('runbook_uploads').insert({
      entity_ref: REF,
      runbook_id: 'triage',
      markdown: '# Triage\n',
      digest: 'a'.repeat(64),
      size_bytes: 10,
      uploaded_at: AT,
      uploaded_by: 'user:default/ana',
    });
    await new DatabaseRunbookFileStore(knex).recordEntity(
      REF,
      [
        {
          runbookId: 'oncall',
          path: 'docs/oncall.md',
          url: 'https://git.example.com/payments/docs/oncall.md',
          digest: 'b'.repeat(64),
          title: 'On call',
          lastUpdated: '2026-11-01',
          nextReview: null,
          error: null,
        },
      ],
      AT,
    );
  });

  it('has a trigger on exactly the tables a scorecard reads', async () => {
    expect(await triggeredTables(knex)).toEqual(VERSIONED_TABLES);
    for (const table of VERSIONED_TABLES) {
      expect(
        await knex(table).where({ entity_ref: REF }).first('entity_ref'),
      ).toBeDefined();
    }
  });

  it.each(VERSIONED_TABLES)(
    'an update of %s moves the entity’s version and no other',
    async table => {
      const before = await versionOf(REF);
      const other = await versionOf(OTHER);
      const updated = await knex(table)
        .where({ entity_ref: REF })
        .update({ entity_ref: REF });
      expect(updated).toBeGreaterThan(0);
      expect(await versionOf(REF)).toBe(before + updated);
      expect(await versionOf(OTHER)).toBe(other);
    },
  );

  it.each(DELETABLE)(
    'a delete from %s moves the version, and so does putting the rows back',
    async table => {
      const rows = await knex(table).where({ entity_ref: REF });
      const before = await versionOf(REF);
      await knex(table).where({ entity_ref: REF }).delete();
      const deleted = await versionOf(REF);
      expect(deleted).toBe(before + rows.length);
      await knex(table).insert(rows);
      expect(await versionOf(REF)).toBe(deleted + rows.length);
    },
  );

  it('does not move for a write that is rolled back', async () => {
    const before = await versionOf(REF);
    await expect(
      knex.transaction(async trx => {
        await trx('required_gates')
          .where({ entity_ref: REF })
          .update({ updated_by: 'user:default/bo' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await versionOf(REF)).toBe(before);
  });

  if (databaseId === 'POSTGRES_15') {
    it('lets a short write commit while a long one for the same entity is still open', async () => {
      const before = await versionOf(REF);
      const long = await knex.transaction();
      try {
        await long('required_gates')
          .where({ entity_ref: REF })
          .update({ updated_by: 'user:default/long' });
        // The counter is bumped at commit, so the long transaction holds no lock on it.
        const short = knex('runbook_uploads')
          .where({ entity_ref: REF })
          .update({ uploaded_by: 'user:default/short' });
        const timeout = new Promise((_, reject) =>
          setTimeout(() => reject(new Error('blocked')), 5_000).unref(),
        );
        await expect(Promise.race([short, timeout])).resolves.toBe(1);
        expect(await versionOf(REF)).toBe(before + 1);
        await long.commit();
      } finally {
        if (!long.isCompleted()) await long.rollback();
      }
      expect(await versionOf(REF)).toBe(before + 3);
    });
  }
});

describe.each(ids)('the evidence versions migration on %s', databaseId => {
  it('gives every entity with stored evidence a first version', async () => {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    // The cosignatures' trigger (a later migration) uses its function: down first.
    for (const name of [
      '20261210000000_cosignature_evidence_version.js',
      '20261206010000_evidence_versions.js',
    ]) {
      await knex.migrate.down({
        directory: `${__dirname}/../../migrations`,
        name,
      });
    }
    expect(await knex.schema.hasTable('evidence_versions')).toBe(false);
    await knex('required_gates').insert({
      entity_ref: OTHER,
      gate_name: 'lint',
      updated_at: AT,
      updated_by: 'user:default/ana',
    });
    await knex('runbook_files').insert({
      entity_ref: REF,
      runbook_id: 'oncall',
      path: 'docs/oncall.md',
      url: '',
      changed_at: AT,
    });
    await applyDatabaseMigrations(knex);
    const rows = await knex('evidence_versions')
      .orderBy('entity_ref')
      .select('entity_ref', 'version');
    expect(rows.map(r => [r.entity_ref, Number(r.version)])).toEqual([
      [OTHER, 1],
      [REF, 1],
    ]);
  });
});
