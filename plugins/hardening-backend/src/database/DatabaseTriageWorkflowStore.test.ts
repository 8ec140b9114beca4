import { ConflictError } from '@backstage/errors';
import {
  classifyTriageFailure,
  TriageFailureInput,
  triageFailureSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseTriageStore } from './DatabaseTriageStore';
import { DatabaseTriageWorkflowStore } from './DatabaseTriageWorkflowStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const PAYMENTS = 'component:default/payments-api';
const BILLING = 'component:default/billing-api';
const T0 = new Date('2026-11-20T00:00:00.000Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

const bid: TriageFailureInput = {
  scenarioId: 'BID-001',
  invariantId: 'TENANT-001',
  message: 'org-b saw org-a bids',
};
const nos: TriageFailureInput = {
  scenarioId: 'NOS-002',
  invariantId: 'NOTIF-001',
  message: 'reminder sent twice',
};

describe.each(ids)('DatabaseTriageWorkflowStore on %s', databaseId => {
  let knex: Knex;
  let failures: DatabaseTriageStore;
  let store: DatabaseTriageWorkflowStore;
  let uploads = 0;

  async function upload(
    entityRef: string,
    at: Date,
    commit: string,
    list: TriageFailureInput[],
  ) {
    uploads += 1;
    return failures.insertTriageReport({
      entityRef,
      digest: uploads.toString(16).padStart(64, '0'),
      context: { commit, tags: [] },
      receivedAt: at,
      failures: list.map(f =>
        classifyTriageFailure(triageFailureSchema.parse(f)),
      ),
    });
  }

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const evidence = new DatabaseEvidenceStore(knex);
    failures = new DatabaseTriageStore(knex, evidence);
    store = new DatabaseTriageWorkflowStore(knex);
  });

  beforeEach(async () => {
    for (const table of [
      'triage_state_history',
      'triage_states',
      'triage_failures',
      'evidence_reports',
    ]) {
      await knex(table).delete();
    }
  });

  it('groups the failures of several entities with counts, first/last seen and the newest occurrence', async () => {
    await upload(PAYMENTS, hours(0), 'aaaaaaa', [bid, nos]);
    await upload(PAYMENTS, hours(5), 'bbbbbbb', [
      { ...bid, message: 'org-c saw org-a bids' },
    ]);
    await upload(BILLING, hours(2), 'ccccccc', [nos]);

    const groups = await store.groups([PAYMENTS, BILLING], {
      limit: 10,
      activeOnly: true,
    });
    expect(
      groups.map(g => [g.entityRef, g.fingerprint, g.occurrences, g.reports]),
    ).toEqual([
      [PAYMENTS, 'BID-001|TENANT-001', 2, 2],
      [BILLING, 'NOS-002|NOTIF-001', 1, 1],
      [PAYMENTS, 'NOS-002|NOTIF-001', 1, 1],
    ]);
    expect(groups[0]).toMatchObject({
      firstSeen: hours(0).toISOString(),
      lastSeen: hours(5).toISOString(),
      state: { status: 'open' },
      latest: {
        message: 'org-c saw org-a bids',
        commit: 'bbbbbbb',
        receivedAt: hours(5).toISOString(),
      },
    });
    expect(groups[0].flaky).toBeUndefined();

    expect(await store.groups([], { limit: 10, activeOnly: true })).toEqual([]);
    const one = await store.groups([PAYMENTS], {
      limit: 10,
      activeOnly: false,
      fingerprint: 'NOS-002|NOTIF-001',
    });
    expect(one.map(g => g.entityRef)).toEqual([PAYMENTS]);
  });

  it('knows when a failure both failed and passed in triage runs of one commit', async () => {
    await upload(PAYMENTS, hours(0), 'abcdef1', [bid, nos]);
    await upload(PAYMENTS, hours(1), 'abcdef1', [nos]);
    await upload(PAYMENTS, hours(2), 'fedcba9', [nos]);

    const groups = await store.groups([PAYMENTS], {
      limit: 10,
      activeOnly: true,
    });
    const byFingerprint = Object.fromEntries(
      groups.map(g => [g.fingerprint, g.flaky]),
    );
    // BID-001 failed in one of the two runs of abcdef1; NOS-002 failed in both.
    expect(byFingerprint).toEqual({
      'BID-001|TENANT-001': { commit: 'abcdef1', commits: 1 },
      'NOS-002|NOTIF-001': undefined,
    });
  });

  it('changes states with history and leaves closed failures out of the active list', async () => {
    await upload(PAYMENTS, hours(0), 'aaaaaaa', [bid, nos]);

    const classified = await store.changeState(
      PAYMENTS,
      'BID-001|TENANT-001',
      current => {
        expect(current).toEqual({ status: 'open' });
        return {
          to: 'classified',
          class: 'algorithm-regression',
          at: hours(1),
          by: 'user:default/ana',
          note: 'reproduces locally',
        };
      },
    );
    expect(classified).toEqual({
      state: {
        status: 'classified',
        class: 'algorithm-regression',
        classifiedAt: hours(1).toISOString(),
        classifiedBy: 'user:default/ana',
        statusChangedAt: hours(1).toISOString(),
      },
      entry: {
        at: hours(1).toISOString(),
        by: 'user:default/ana',
        from: 'open',
        to: 'classified',
        class: 'algorithm-regression',
        note: 'reproduces locally',
      },
    });

    await store.changeState(PAYMENTS, 'BID-001|TENANT-001', current => {
      expect(current.status).toBe('classified');
      return {
        to: 'defect-filed',
        defectUrl: 'https://github.com/acme/payments/issues/7',
        at: hours(2),
        by: 'user:default/ben',
      };
    });
    await store.changeState(PAYMENTS, 'BID-001|TENANT-001', () => ({
      to: 'fixed',
      at: hours(3),
      by: 'user:default/ben',
    }));

    const history = await store.history(PAYMENTS, 'BID-001|TENANT-001');
    expect(history.map(h => [h.from, h.to, h.by])).toEqual([
      ['open', 'classified', 'user:default/ana'],
      ['classified', 'defect-filed', 'user:default/ben'],
      ['defect-filed', 'fixed', 'user:default/ben'],
    ]);
    expect(history[1].defectUrl).toBe(
      'https://github.com/acme/payments/issues/7',
    );

    const active = await store.groups([PAYMENTS], {
      limit: 10,
      activeOnly: true,
    });
    expect(active.map(g => g.fingerprint)).toEqual(['NOS-002|NOTIF-001']);
    const all = await store.groups([PAYMENTS], {
      limit: 10,
      activeOnly: false,
    });
    expect(
      all.find(g => g.fingerprint === 'BID-001|TENANT-001')?.state,
    ).toEqual({
      status: 'fixed',
      class: 'algorithm-regression',
      classifiedAt: hours(1).toISOString(),
      classifiedBy: 'user:default/ana',
      statusChangedAt: hours(3).toISOString(),
      defect: {
        url: 'https://github.com/acme/payments/issues/7',
        recordedAt: hours(2).toISOString(),
        recordedBy: 'user:default/ben',
      },
    });
  });

  it('writes nothing when the decision refuses the change', async () => {
    await upload(PAYMENTS, hours(0), 'aaaaaaa', [bid]);
    await expect(
      store.changeState(PAYMENTS, 'BID-001|TENANT-001', () => {
        throw new ConflictError('open failures cannot be fixed');
      }),
    ).rejects.toThrow(ConflictError);
    const [{ n }] = await knex('triage_state_history').count({ n: '*' });
    expect(Number(n)).toBe(0);
    const [{ n: states }] = await knex('triage_states').count({ n: '*' });
    expect(Number(states)).toBe(0);
  });

  it('finds a failure only under its own entity', async () => {
    const stored = await upload(PAYMENTS, hours(0), 'aaaaaaa', [bid]);
    const [row] = await knex('triage_failures')
      .where('report_id', stored.report.id)
      .select('id');
    const id = String(row.id);
    expect(await store.getFailure(PAYMENTS, id)).toEqual({
      failure: expect.objectContaining({
        id,
        fingerprint: 'BID-001|TENANT-001',
        commit: 'aaaaaaa',
      }),
    });
    expect(await store.getFailure(BILLING, id)).toBeUndefined();
  });
});
