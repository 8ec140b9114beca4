import { InputError } from '@backstage/errors';
import {
  classifyTriageFailure,
  TriageFailure,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseTriageStore } from './DatabaseTriageStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';

const leak: TriageFailure = {
  scenarioId: 'BID-001',
  invariantId: 'TENANT-001',
  organizationUnderTest: 'org-a',
  keyEntityIds: ['org-a', 'bid-window-42'],
  title: 'Bid notification reached another organisation',
  symptom: 'org-b driver notified',
  message: 'expected 0 notifications for org-b, found 1',
  stack: 'Error: expected 0\n    at check (tenant.ts:10:5)',
  evidence: [
    { kind: 'log', uri: 'https://ci.example.com/runs/7/log.txt' },
    { kind: 'report', uri: 'ci-artifacts/report.json', label: 'JSON report' },
  ],
  occurredAt: '2026-11-20T10:15:00+01:00',
  labels: { suite: 'nightly' },
};

const noInvariant: TriageFailure = {
  scenarioId: 'SCH-004',
  title: 'Schedule generation timed out',
  message: 'timeout after 30000 ms',
};

async function counts(knex: Knex) {
  const [reports] = await knex('evidence_reports').count({ n: '*' });
  const [failures] = await knex('triage_failures').count({ n: '*' });
  return { reports: Number(reports.n), failures: Number(failures.n) };
}

describe.each(ids)('DatabaseTriageStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseTriageStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseTriageStore(knex, new DatabaseEvidenceStore(knex));
  });

  beforeEach(async () => {
    await knex('triage_failures').delete();
    await knex('evidence_reports').delete();
  });

  function insert(
    digest: string,
    failures: TriageFailure[],
    receivedAt = '2026-11-20T12:00:00Z',
    commit?: string,
  ) {
    return store.insertTriageReport({
      entityRef,
      digest: digest.repeat(64).slice(0, 64),
      context: { tags: [], ...(commit ? { commit } : {}) },
      receivedAt: new Date(receivedAt),
      runId: 'run-7',
      failures: failures.map(f => classifyTriageFailure(f)),
    });
  }

  it('stores the report, its summary and every failure, flagging one without an invariantId', async () => {
    const { report, created } = await insert(
      'a',
      [leak, noInvariant],
      '2026-11-20T12:00:00Z',
      'abc1234',
    );
    expect(created).toBe(true);
    expect(report).toMatchObject({
      kind: 'triage',
      entityRef,
      context: { commit: 'abc1234', tags: [] },
      summary: {
        runId: 'run-7',
        failures: 2,
        diagnosticsDefects: 1,
        unknownTaxonomy: 0,
        byScenarioPrefix: { BID: 1, SCH: 1 },
        byInvariantPrefix: { TENANT: 1 },
      },
    });

    const page = await store.listFailures(entityRef, {
      reportId: report.id,
      limit: 10,
    });
    expect(page.nextCursor).toBeUndefined();
    expect(page.items).toEqual([
      {
        ...leak,
        id: expect.any(String),
        reportId: report.id,
        receivedAt: '2026-11-20T12:00:00.000Z',
        commit: 'abc1234',
        fingerprint: 'BID-001|TENANT-001',
        scenarioPrefix: 'BID',
        invariantPrefix: 'TENANT',
        occurredAt: '2026-11-20T09:15:00.000Z',
        diagnosticsDefect: false,
        unknownTaxonomy: false,
      },
      {
        ...noInvariant,
        id: expect.any(String),
        reportId: report.id,
        receivedAt: '2026-11-20T12:00:00.000Z',
        commit: 'abc1234',
        fingerprint: expect.stringMatching(/^SCH-004\|#[0-9a-f]{16}$/),
        scenarioPrefix: 'SCH',
        keyEntityIds: [],
        evidence: [],
        labels: {},
        diagnosticsDefect: true,
        diagnosticsReason: 'missing invariantId',
        unknownTaxonomy: false,
      },
    ]);
  });

  it('returns the stored report for the same digest and writes nothing more', async () => {
    const first = await insert('b', [leak]);
    const second = await insert('b', [leak, noInvariant], '2026-11-21T00:00Z');
    expect(second).toEqual({
      report: first.report,
      created: false,
      reopened: [],
    });
    expect(await counts(knex)).toEqual({ reports: 1, failures: 1 });
  });

  it('stores thousands of failures in batches, or nothing when one batch fails', async () => {
    const many = Array.from({ length: 1201 }, (_, i) => ({
      scenarioId: `API-${i}`,
      invariantId: 'STATE-1',
    }));
    await insert('c', many);
    expect(await counts(knex)).toEqual({ reports: 1, failures: 1201 });

    const classified = many.map(f => classifyTriageFailure(f));
    // A row the database refuses, in the third batch.
    classified[1100] = {
      ...classified[1100],
      fingerprint: null as unknown as string,
    };
    await expect(
      store.insertTriageReport({
        entityRef,
        digest: 'd'.repeat(64),
        context: { tags: [] },
        receivedAt: new Date('2026-11-20T12:00:00Z'),
        failures: classified,
      }),
    ).rejects.toThrow();
    expect(await counts(knex)).toEqual({ reports: 1, failures: 1201 });
  });

  it('lists failures newest first across reports, by fingerprint, with a cursor', async () => {
    await insert('1', [leak, noInvariant], '2026-11-18T00:00:00Z');
    await insert('2', [leak], '2026-11-19T00:00:00Z');
    const latest = await insert('3', [leak], '2026-11-20T00:00:00Z');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listFailures(entityRef, {
        fingerprint: 'BID-001|TENANT-001',
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map(f => f.receivedAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      '2026-11-20T00:00:00.000Z',
      '2026-11-19T00:00:00.000Z',
      '2026-11-18T00:00:00.000Z',
    ]);

    const all = await store.listFailures(entityRef, { limit: 1 });
    expect(all.items.map(f => f.reportId)).toEqual([latest.report.id]);
    expect(
      (await store.listFailures('component:default/other', { limit: 10 }))
        .items,
    ).toEqual([]);
    await expect(
      store.listFailures(entityRef, { limit: 1, cursor: 'bm90LWpzb24' }),
    ).rejects.toThrow(InputError);
  });

  it('groups failures per fingerprint in one query, with counts, first and last seen and the latest message', async () => {
    await insert('1', [leak, noInvariant], '2026-11-18T00:00:00Z');
    await insert(
      '2',
      [{ ...leak, message: 'found 3' }, { title: 'no ids at all' }],
      '2026-11-19T00:00:00Z',
    );
    const r3 = await insert(
      '3',
      [
        { ...leak, message: 'found 2' },
        { ...leak, message: 'found 5' },
      ],
      '2026-11-20T00:00:00Z',
    );
    await store.insertTriageReport({
      entityRef: 'component:default/other',
      digest: '9'.repeat(64),
      context: { tags: [] },
      receivedAt: new Date('2026-11-21T00:00:00Z'),
      failures: [classifyTriageFailure(leak)],
    });

    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    const groups = await store.groupedFailures(entityRef, { limit: 50 });
    knex.removeListener('query', onQuery);
    expect(queries).toHaveLength(1);
    expect(queries[0].toLowerCase()).toContain('group by');

    expect(groups).toEqual([
      {
        fingerprint: 'BID-001|TENANT-001',
        scenarioId: 'BID-001',
        invariantId: 'TENANT-001',
        scenarioPrefix: 'BID',
        invariantPrefix: 'TENANT',
        occurrences: 4,
        reports: 3,
        firstSeen: '2026-11-18T00:00:00.000Z',
        lastSeen: '2026-11-20T00:00:00.000Z',
        latestFailureId: expect.any(String),
        latestReportId: r3.report.id,
        latestTitle: leak.title,
        latestMessage: 'found 5',
        diagnosticsDefect: false,
        unknownTaxonomy: false,
      },
      {
        fingerprint: expect.stringMatching(/^\|#[0-9a-f]{16}$/),
        occurrences: 1,
        reports: 1,
        firstSeen: '2026-11-19T00:00:00.000Z',
        lastSeen: '2026-11-19T00:00:00.000Z',
        latestFailureId: expect.any(String),
        latestReportId: expect.any(String),
        latestTitle: 'no ids at all',
        diagnosticsDefect: true,
        diagnosticsReason: 'missing scenarioId and invariantId',
        unknownTaxonomy: false,
      },
      expect.objectContaining({
        scenarioId: 'SCH-004',
        occurrences: 1,
        lastSeen: '2026-11-18T00:00:00.000Z',
        diagnosticsReason: 'missing invariantId',
      }),
    ]);

    const recent = await store.groupedFailures(entityRef, {
      since: new Date('2026-11-19T00:00:00Z'),
      limit: 50,
    });
    expect(recent.map(g => [g.scenarioId, g.occurrences, g.firstSeen])).toEqual(
      [
        ['BID-001', 3, '2026-11-19T00:00:00.000Z'],
        [undefined, 1, '2026-11-19T00:00:00.000Z'],
      ],
    );
    expect(await store.groupedFailures(entityRef, { limit: 1 })).toHaveLength(
      1,
    );
  });

  it('deletes a report’s failures with the report', async () => {
    const { report } = await insert('e', [leak, noInvariant]);
    await knex('evidence_reports').where({ id: report.id }).delete();
    expect(await counts(knex)).toEqual({ reports: 0, failures: 0 });
  });
});
