import { ConflictError } from '@backstage/errors';
import {
  classifyTriageFailure,
  TriageFailureInput,
  triageFailureSchema,
  TriageStatus,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseTriageStore } from './DatabaseTriageStore';
import { DatabaseTriageWorkflowStore } from './DatabaseTriageWorkflowStore';
import { TriageStateChange } from './TriageWorkflowStore';
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
    digest?: string,
  ) {
    uploads += 1;
    return failures.insertTriageReport({
      entityRef,
      digest: digest ?? uploads.toString(16).padStart(64, '0'),
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

  describe('reopening fixed failures that occur again', () => {
    const BID_FP = 'BID-001|TENANT-001';
    const NOS_FP = 'NOS-002|NOTIF-001';
    const SCH_FP = 'SCH-002|TENANT-001';
    const HLT_FP = 'HLT-003|STATE-001';
    const API_FP = 'API-031|IDEMP-001';

    const failure = (
      fingerprint: string,
      extra: Partial<TriageFailureInput> = {},
    ): TriageFailureInput => {
      const [scenarioId, invariantId] = fingerprint.split('|');
      return {
        scenarioId,
        invariantId,
        message: `${scenarioId} failed`,
        ...extra,
      };
    };

    /** A report of `digest` (repeated: the same letter is the same report). */
    const send = (
      digest: string,
      at: Date,
      list: TriageFailureInput[],
      entityRef = PAYMENTS,
    ) => upload(entityRef, at, 'abc1234', list, digest.repeat(64).slice(0, 64));

    /**
     * Walks a fingerprint along the lifecycle (classified as a flake, defect filed, then
     * closed) until it is `to`, one hour per step from `from`.
     */
    async function triageTo(
      fingerprint: string,
      to: Exclude<TriageStatus, 'open'>,
      from = hours(1),
      entityRef = PAYMENTS,
    ) {
      const path: TriageStateChange[] = [];
      const step = (change: Omit<TriageStateChange, 'at' | 'by'>) =>
        path.push({
          ...change,
          at: new Date(from.getTime() + path.length * 3_600_000),
          by: 'user:default/ana',
        });
      step({ to: 'classified', class: 'flake' });
      if (to !== 'classified') {
        step({
          to: 'defect-filed',
          defectUrl: 'https://github.com/acme/payments/issues/7',
        });
      }
      if (to === 'fixed' || to === 'wont-fix') step({ to });
      for (const change of path) {
        await store.changeState(entityRef, fingerprint, () => change);
      }
    }

    const stateRow = (fingerprint: string, entityRef = PAYMENTS) =>
      knex('triage_states')
        .where({ entity_ref: entityRef, fingerprint })
        .first();
    const historyCount = async () =>
      Number((await knex('triage_state_history').count({ n: '*' }))[0].n);

    it('reopens a fixed failure that occurs again, keeping its class and defect, with a history entry', async () => {
      await send('a', hours(0), [failure(BID_FP), failure(NOS_FP)]);
      await triageTo(BID_FP, 'fixed'); // classified 1 h, defect 2 h, fixed 3 h
      const before = await stateRow(BID_FP);

      const stored = await send('b', hours(10), [failure(BID_FP)]);
      expect(stored.created).toBe(true);
      expect(stored.reopened).toEqual([BID_FP]);

      const after = await stateRow(BID_FP);
      expect(after.version).toBe(before.version + 1);
      expect(after.status_changed_by).toBe('plugin:hardening');

      const [group] = await store.groups([PAYMENTS], {
        limit: 10,
        activeOnly: true,
        fingerprint: BID_FP,
      });
      expect(group.state).toEqual({
        status: 'open',
        class: 'flake',
        classifiedAt: hours(1).toISOString(),
        classifiedBy: 'user:default/ana',
        statusChangedAt: hours(10).toISOString(),
        defect: {
          url: 'https://github.com/acme/payments/issues/7',
          recordedAt: hours(2).toISOString(),
          recordedBy: 'user:default/ana',
        },
      });

      const history = await store.history(PAYMENTS, BID_FP);
      expect(history.map(h => [h.from, h.to])).toEqual([
        ['open', 'classified'],
        ['classified', 'defect-filed'],
        ['defect-filed', 'fixed'],
        ['fixed', 'open'],
      ]);
      expect(history[3]).toEqual({
        at: hours(10).toISOString(),
        by: 'plugin:hardening',
        from: 'fixed',
        to: 'open',
        note: `Reopened: occurred again in triage report ${stored.report.id}`,
      });

      // Reopened, it goes along the lifecycle again; the version guards it as before.
      await store.changeState(PAYMENTS, BID_FP, current => {
        expect(current.status).toBe('open');
        return {
          to: 'classified',
          class: 'flake',
          at: hours(11),
          by: 'user:default/ben',
        };
      });
      expect((await stateRow(BID_FP)).version).toBe(after.version + 1);
    });

    it('leaves won’t-fix, open, classified and defect-filed failures and other entities alone', async () => {
      const all = [BID_FP, NOS_FP, SCH_FP, HLT_FP, API_FP].map(f => failure(f));
      await send('a', hours(0), all);
      await send('a', hours(0), all, BILLING);
      await triageTo(BID_FP, 'wont-fix');
      await triageTo(NOS_FP, 'classified');
      await triageTo(SCH_FP, 'defect-filed');
      await triageTo(HLT_FP, 'fixed', hours(1), BILLING);
      await triageTo(API_FP, 'fixed');
      await store.changeState(PAYMENTS, API_FP, () => ({
        to: 'open',
        at: hours(5),
        by: 'user:default/ana',
      }));
      const states = await knex('triage_states').orderBy([
        'entity_ref',
        'fingerprint',
      ]);
      const entries = await historyCount();

      const stored = await send('b', hours(10), all);
      expect(stored.reopened).toEqual([]);
      expect(
        await knex('triage_states').orderBy(['entity_ref', 'fingerprint']),
      ).toEqual(states);
      expect(await historyCount()).toBe(entries);
      // The billing-api HLT-003 failure is fixed: it is reopened by a report of its own entity.
      expect(await send('c', hours(11), all, BILLING)).toMatchObject({
        reopened: [HLT_FP],
      });
    });

    it('reopens nothing for a report already stored, even one the failure was fixed after', async () => {
      await send('a', hours(0), [failure(BID_FP)]);
      await triageTo(BID_FP, 'fixed');
      const second = await send('b', hours(10), [failure(BID_FP)]);
      expect(second.reopened).toEqual([BID_FP]);

      // The same bytes again: the stored report, nothing reopened a second time.
      const again = await send('b', hours(12), [failure(BID_FP)]);
      expect(again).toMatchObject({ created: false, reopened: [] });
      expect(await historyCount()).toBe(4);

      // Fixed again after both reports; re-sending either reopens nothing.
      await store.changeState(PAYMENTS, BID_FP, () => ({
        to: 'classified',
        class: 'flake',
        at: hours(13),
        by: 'user:default/ana',
      }));
      await store.changeState(PAYMENTS, BID_FP, () => ({
        to: 'fixed',
        at: hours(14),
        by: 'user:default/ana',
      }));
      const fixed = await stateRow(BID_FP);
      for (const digest of ['a', 'b']) {
        expect(await send(digest, hours(15), [failure(BID_FP)])).toMatchObject({
          created: false,
          reopened: [],
        });
      }
      expect(await stateRow(BID_FP)).toEqual(fixed);
      expect(await historyCount()).toBe(6);
    });

    it('does not reopen for occurrences from before the fix', async () => {
      await send('a', hours(0), [failure(BID_FP), failure(NOS_FP)]);
      await triageTo(BID_FP, 'fixed'); // fixed at 3 h
      await triageTo(NOS_FP, 'fixed'); // fixed at 3 h

      // A run that failed at 2 h, uploaded late at 10 h: it ran before the fix.
      const late = await send('b', hours(10), [
        failure(BID_FP, { occurredAt: hours(2).toISOString() }),
        failure(NOS_FP, { occurredAt: hours(4).toISOString() }),
      ]);
      expect(late.reopened).toEqual([NOS_FP]);
      expect((await stateRow(BID_FP)).status).toBe('fixed');

      // A report received before the fix was recorded (a clock behind) reopens nothing.
      const early = await send('c', hours(2), [failure(BID_FP)]);
      expect(early.reopened).toEqual([]);
      expect((await stateRow(BID_FP)).status).toBe('fixed');
      expect((await stateRow(NOS_FP)).status).toBe('open');
    });

    it('reopens any number of failures in a fixed number of statements', async () => {
      const statementsFor = async (count: number, digest: string) => {
        await knex('triage_state_history').delete();
        await knex('triage_states').delete();
        const list = Array.from({ length: count }, (_, i) =>
          failure(`API-${i}|STATE-1`),
        );
        await send(`${digest}0`, hours(0), list);
        // Every failure fixed, written directly (the lifecycle is not under test here), in
        // chunks that stay under SQLite's bound-parameter limit.
        for (let from = 0; from < count; from += 400) {
          await knex('triage_states').insert(
            list.slice(from, from + 400).map((_, i) => ({
              entity_ref: PAYMENTS,
              fingerprint: `API-${from + i}|STATE-1`,
              status: 'fixed',
              class: 'flake',
              classified_at: hours(1),
              classified_by: 'user:default/ana',
              status_changed_at: hours(1),
              status_changed_by: 'user:default/ana',
              version: 2,
            })),
          );
        }

        const queries: string[] = [];
        const onQuery = (q: { sql: string }) => queries.push(q.sql);
        knex.on('query', onQuery);
        const stored = await send(`${digest}1`, hours(10), list);
        knex.removeListener('query', onQuery);

        expect(stored.reopened).toHaveLength(count);
        expect(await historyCount()).toBe(count);
        const open = await knex('triage_states')
          .where({ entity_ref: PAYMENTS, status: 'open', version: 3 })
          .count({ n: '*' });
        expect(Number(open[0].n)).toBe(count);
        return queries.filter(sql => /triage_state/.test(sql));
      };

      const one = await statementsFor(1, 'd');
      const many = await statementsFor(1500, 'e');
      expect(many).toHaveLength(one.length);
      expect(one).toHaveLength(databaseId.startsWith('POSTGRES') ? 1 : 2);
    });
  });
});
