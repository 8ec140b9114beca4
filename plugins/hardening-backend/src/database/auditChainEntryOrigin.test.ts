import { milestoneSchema } from '@hardening/backstage-plugin-hardening-common';
import {
  buildAuditChain,
  digestOf,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseAuditChainStore } from './DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseMilestoneStore } from './DatabaseMilestoneStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const REF = 'component:default/payments-api';
const AT = new Date('2026-11-20T12:00:00.000Z');

describe.each(ids)(
  'the audit chain entry origin migration on %s',
  databaseId => {
    it('marks the entries recorded freezes point at as written by the portal for who froze, and every other entry as uploaded', async () => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const chains = new DatabaseAuditChainStore(
        knex,
        new DatabaseEvidenceStore(knex),
      );
      const milestones = new DatabaseMilestoneStore(knex, chains);
      const released = buildAuditChain(2);
      const upload = await chains.appendChain({
        entityRef: REF,
        digest: digestOf(toJsonl(released)),
        context: { tags: [] },
        receivedAt: AT,
        entries: released,
      });
      await milestones.saveMilestone(
        REF,
        milestoneSchema.parse({
          id: 'M1',
          title: 'Hardened',
          stage: 'hardening-slice',
          thresholds: { p95LimitMs: 300 },
        }),
        { at: AT, by: 'user:default/ana' },
      );
      const { freeze } = await milestones.freeze({
        entityRef: REF,
        milestoneId: 'M1',
        frozenAt: AT,
        frozenBy: 'user:default/bo',
        decide: async () => ({ tag: 'milestone/m1-hardened', evidence: [] }),
      });

      await knex.migrate.down({
        directory: `${__dirname}/../../migrations`,
        name: '20261207020000_audit_chain_entry_origin.js',
      });
      expect(await knex.schema.hasColumn('audit_chain_entries', 'origin')).toBe(
        false,
      );
      // A freeze entry an upload stored before uploads were checked: no freeze points at it.
      await knex('audit_chain_entries').insert({
        entity_ref: REF,
        seq: 3,
        hash: 'f'.repeat(64),
        prev_hash: freeze.chainEntryHash,
        action: 'freeze',
        timestamp: AT,
        payload: '{"action":"freeze"}',
        report_id: upload.report.id,
      });

      await applyDatabaseMigrations(knex);
      const rows = await knex('audit_chain_entries')
        .where({ entity_ref: REF })
        .orderBy('seq')
        .select('seq', 'action', 'origin', 'requested_by');
      expect(
        rows.map(r => [Number(r.seq), r.action, r.origin, r.requested_by]),
      ).toEqual([
        [0, 'verify', 'upload', null],
        [1, 'migrate', 'upload', null],
        [2, 'freeze', 'portal', 'user:default/bo'],
        [3, 'freeze', 'upload', null],
      ]);
    });
  },
);
