import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ChecklistEvidence,
  Milestone,
  milestoneSchema,
} from '@hardening/backstage-plugin-hardening-common';
import knexFactory, { Knex } from 'knex';
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
import { reportIdentity } from './reportIdentity';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const milestone: Milestone = milestoneSchema.parse({
  id: 'M3.3.1',
  title: 'Share packs hardened',
  stage: 'hardening-slice',
  thresholds: { p95LimitMs: 300 },
});

const evidence: ChecklistEvidence[] = [
  {
    kind: 'stress-run',
    reportId: '00000000-0000-4000-8000-000000000001',
    digest: 'a'.repeat(64),
    receivedAt: T0.toISOString(),
  },
];

function storesOn(knex: Knex) {
  const chains = new DatabaseAuditChainStore(
    knex,
    new DatabaseEvidenceStore(knex),
  );
  return { chains, milestones: new DatabaseMilestoneStore(knex, chains) };
}

function freezeInput(minutes: number, frozenBy = 'user:default/ana') {
  return {
    entityRef,
    milestoneId: 'm3.3.1',
    frozenAt: at(minutes),
    frozenBy,
    decide: async () => ({
      tag: 'milestone/m3.3.1-hardened',
      tagCommit: 'abcdef1234567',
      evidence,
    }),
  };
}

async function count(knex: Knex, table: string): Promise<number> {
  const [{ n }] = await knex(table).count({ n: '*' });
  return Number(n);
}

describe.each(ids)('DatabaseMilestoneStore on %s', databaseId => {
  let knex: Knex;
  let chains: DatabaseAuditChainStore;
  let store: DatabaseMilestoneStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    ({ chains, milestones: store } = storesOn(knex));
  });

  beforeEach(async () => {
    for (const table of [
      'milestone_freezes',
      'milestones',
      'audit_chain_heads',
      'audit_chain_entries',
      'audit_chain_tree_tiles',
      'audit_chain_checkpoints',
      'audit_chain_cosignatures',
      'evidence_reports',
    ]) {
      await knex(table).delete();
    }
  });

  it('creates a milestone, updates it in place and finds it whatever the case of its id', async () => {
    const created = await store.saveMilestone(entityRef, milestone, {
      at: at(0),
      by: 'user:default/ana',
    });
    expect(created).toEqual({
      created: true,
      milestone: {
        ...milestone,
        entityRef,
        createdAt: at(0).toISOString(),
        updatedAt: at(0).toISOString(),
        updatedBy: 'user:default/ana',
        freeze: null,
        regression: null,
      },
    });

    const updated = await store.saveMilestone(
      entityRef,
      { ...milestone, id: 'm3.3.1', stage: 'orchestration-slice' },
      { at: at(5), by: 'user:default/bo' },
    );
    expect(updated.created).toBe(false);
    expect(updated.milestone).toMatchObject({
      id: 'm3.3.1',
      stage: 'orchestration-slice',
      createdAt: at(0).toISOString(),
      updatedAt: at(5).toISOString(),
      updatedBy: 'user:default/bo',
    });
    expect(await count(knex, 'milestones')).toBe(1);
    expect((await store.getMilestone(entityRef, 'M3.3.1'))?.stage).toBe(
      'orchestration-slice',
    );
    expect(
      await store.getMilestone('component:default/other', 'M3.3.1'),
    ).toBeUndefined();

    await store.saveMilestone(
      entityRef,
      { ...milestone, id: 'M3.4' },
      { at: at(1), by: 'user:default/ana' },
    );
    expect((await store.listMilestones(entityRef)).map(m => m.id)).toEqual([
      'm3.3.1',
      'M3.4',
    ]);
  });

  it('appends the freeze to the audit chain in the same transaction, on top of the stored head', async () => {
    const released = buildAuditChain(3);
    await chains.appendChain({
      entityRef,
      digest: digestOf(toJsonl(released)),
      context: { tags: [] },
      receivedAt: at(-60),
      entries: released,
    });
    await store.saveMilestone(entityRef, milestone, {
      at: at(0),
      by: 'user:default/ana',
    });

    const { milestone: frozen, freeze } = await store.freeze(freezeInput(10));

    expect(freeze).toEqual({
      milestoneId: 'M3.3.1',
      tag: 'milestone/m3.3.1-hardened',
      frozenAt: at(10).toISOString(),
      frozenBy: 'user:default/ana',
      evidence,
      chainEntryHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(frozen.freeze).toEqual(freeze);

    const { items, head } = {
      ...(await chains.listEntries(entityRef, { limit: 10 })),
      head: await chains.getHead(entityRef),
    };
    expect(items).toHaveLength(4);
    expect(head).toMatchObject({ seq: 3, hash: freeze.chainEntryHash });
    expect(items[3].entry).toEqual({
      action: 'freeze',
      timestamp: at(10).toISOString(),
      actor: 'user:default/ana',
      details: {
        milestoneId: 'M3.3.1',
        title: 'Share packs hardened',
        tag: 'milestone/m3.3.1-hardened',
        commit: 'abcdef1234567',
        evidence: [{ kind: 'stress-run', digest: evidence[0].digest }],
      },
      prevHash: released[2].hash,
      hash: freeze.chainEntryHash,
    });
    expect(await chains.verifyStoredChain(entityRef)).toMatchObject({
      ok: true,
      length: 4,
    });
    const report = await knex('evidence_reports')
      .where({ id: items[3].reportId })
      .first();
    expect(report).toMatchObject({
      kind: 'audit-chain',
      commit_sha: 'abcdef1234567',
      tags: '["milestone:m3.3.1"]',
    });
  });

  it('records for each report what identifies it among reports with its bytes: identity digest and run', async () => {
    const reports = new DatabaseEvidenceStore(knex);
    const gates = [{ name: 'lint', status: 'passed' as const }];
    const run = {
      commit: 'ABCDEF1234567',
      branch: 'main',
      runId: '9001',
      runAttempt: 2,
      runUrl: 'https://ci.example.com/runs/9001',
      tags: [],
    };
    // Two green runs with the same bytes: only the identity tells them apart.
    await reports.insertGatesReport({
      entityRef,
      digest: 'b'.repeat(64),
      context: { commit: '1111111', tags: [] },
      receivedAt: at(-20),
      gates,
    });
    const { report } = await reports.insertGatesReport({
      entityRef,
      digest: 'b'.repeat(64),
      context: run,
      receivedAt: at(-10),
      gates,
    });
    const decided: ChecklistEvidence[] = [
      {
        kind: 'ci-gates',
        reportId: report.id,
        digest: report.digest,
        receivedAt: report.receivedAt,
      },
      {
        kind: 'contract',
        reportId: '7',
        digest: 'c'.repeat(64),
        receivedAt: at(-30).toISOString(),
      },
    ];
    await store.saveMilestone(entityRef, milestone, {
      at: at(0),
      by: 'user:default/ana',
    });

    const { freeze } = await store.freeze({
      ...freezeInput(10),
      decide: async () => ({
        tag: 'milestone/m3.3.1-hardened',
        evidence: decided,
      }),
    });

    const identityDigest = reportIdentity(report.digest, report.context);
    expect(freeze.evidence).toEqual([
      {
        ...decided[0],
        identityDigest,
        commit: 'ABCDEF1234567',
        runId: '9001',
        runAttempt: 2,
        runUrl: 'https://ci.example.com/runs/9001',
      },
      decided[1],
    ]);
    expect((await store.getMilestone(entityRef, 'M3.3.1'))?.freeze).toEqual(
      freeze,
    );
    const [entry] = (await chains.listEntries(entityRef, { limit: 1 })).items;
    expect(entry.entry.details).toMatchObject({
      evidence: [
        {
          kind: 'ci-gates',
          digest: 'b'.repeat(64),
          identityDigest,
          commit: 'ABCDEF1234567',
          runId: '9001',
          runAttempt: 2,
          runUrl: 'https://ci.example.com/runs/9001',
        },
        { kind: 'contract', digest: 'c'.repeat(64) },
      ],
    });
    expect(await chains.verifyStoredChain(entityRef)).toMatchObject({
      ok: true,
    });
  });

  it('reads a freeze recorded before evidence identities were kept', async () => {
    await store.saveMilestone(entityRef, milestone, {
      at: at(0),
      by: 'user:default/ana',
    });
    const { freeze } = await store.freeze(freezeInput(10));
    const before = [
      {
        kind: 'stress-run',
        reportId: 'r1',
        digest: 'd'.repeat(64),
        receivedAt: T0.toISOString(),
      },
    ];
    await knex('milestone_freezes').update({
      evidence: JSON.stringify(before),
    });

    expect((await store.getMilestone(entityRef, 'M3.3.1'))?.freeze).toEqual({
      ...freeze,
      evidence: before,
    });
  });

  it('refuses a second freeze and an unknown milestone, writing nothing', async () => {
    await expect(store.freeze(freezeInput(10))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await count(knex, 'audit_chain_entries')).toBe(0);
    expect(await count(knex, 'evidence_reports')).toBe(0);

    await store.saveMilestone(entityRef, milestone, {
      at: at(0),
      by: 'user:default/ana',
    });
    const first = await store.freeze(freezeInput(10));
    await expect(store.freeze(freezeInput(11))).rejects.toThrow(
      new ConflictError(
        `Milestone M3.3.1 of component:default/payments-api is already frozen (tag milestone/m3.3.1-hardened, ${at(
          10,
        ).toISOString()} by user:default/ana)`,
      ),
    );
    expect(await count(knex, 'audit_chain_entries')).toBe(1);
    expect(await count(knex, 'evidence_reports')).toBe(1);
    expect(await count(knex, 'milestone_freezes')).toBe(1);
    expect((await store.getMilestone(entityRef, 'M3.3.1'))?.freeze).toEqual(
      first.freeze,
    );
  });

  it('marks a regression once, only for the current freeze, and a new freeze clears it', async () => {
    await store.saveMilestone(entityRef, milestone, {
      at: at(0),
      by: 'user:default/ana',
    });
    const { freeze } = await store.freeze(freezeInput(10));
    const regression = {
      regressedAt: at(20).toISOString(),
      failingItems: [
        {
          id: 'stress' as const,
          label: 'Stress run within thresholds',
          reason: 'p95 over the limit',
        },
      ],
    };

    expect(
      await store.markRegressed(entityRef, 'M3.3.1', {
        chainEntryHash: 'f'.repeat(64),
        regression,
      }),
    ).toBeUndefined();
    const marked = await store.markRegressed(entityRef, 'M3.3.1', {
      chainEntryHash: freeze.chainEntryHash,
      regression,
    });
    expect(marked?.regression).toEqual(regression);
    expect(
      await store.markRegressed(entityRef, 'M3.3.1', {
        chainEntryHash: freeze.chainEntryHash,
        regression: { ...regression, regressedAt: at(30).toISOString() },
      }),
    ).toBeUndefined();
    expect(
      (await store.getMilestone(entityRef, 'M3.3.1'))?.regression?.regressedAt,
    ).toBe(at(20).toISOString());

    const again = await store.freeze(freezeInput(40, 'user:default/bo'));
    expect(again.milestone.regression).toBeNull();
    expect(again.freeze).toMatchObject({ frozenBy: 'user:default/bo' });
    expect(again.freeze.chainEntryHash).not.toBe(freeze.chainEntryHash);
    expect(await count(knex, 'milestone_freezes')).toBe(2);
    expect(await chains.verifyStoredChain(entityRef)).toMatchObject({
      ok: true,
      length: 2,
      head: { seq: 1, hash: again.freeze.chainEntryHash },
    });
  });

  it('lets exactly one of two concurrent freezes of a milestone win', async () => {
    const other =
      databaseId === 'POSTGRES_15' ? knexFactory(knex.client.config) : knex;
    try {
      await store.saveMilestone(entityRef, milestone, {
        at: at(0),
        by: 'user:default/ana',
      });
      const results = await Promise.allSettled([
        store.freeze(freezeInput(10, 'user:default/ana')),
        storesOn(other).milestones.freeze(freezeInput(10, 'user:default/bo')),
      ]);
      expect(results.map(r => r.status).sort()).toEqual([
        'fulfilled',
        'rejected',
      ]);
      const error = (
        results.find(r => r.status === 'rejected') as PromiseRejectedResult
      ).reason;
      expect(error).toBeInstanceOf(ConflictError);
      expect(await count(knex, 'milestone_freezes')).toBe(1);
      expect(await chains.verifyStoredChain(entityRef)).toMatchObject({
        ok: true,
        length: 1,
      });
    } finally {
      if (other !== knex) await other.destroy();
    }
  });
});
