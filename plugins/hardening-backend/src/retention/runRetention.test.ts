import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { parsedTestReport } from '../__testUtils__/parsedTestReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { listMissingEntities } from './missingEntities';
import { pruneReports } from './pruneReports';
import { DEFAULT_RETENTION } from './retentionSettings';
import { dayCutoff, runRetention } from './scheduleRetention';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const payments = 'component:default/payments-api';
const ledger = 'component:default/ledger';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/team-payments' },
});

describe.each(ids)('a retention run on %s', databaseId => {
  let knex: Knex;
  let evidence: DatabaseEvidenceStore;
  let digest = 0;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    evidence = new DatabaseEvidenceStore(knex);
  });

  beforeEach(async () => {
    for (const table of [
      'retention_missing_entities',
      'milestone_freezes',
      'test_result_days',
      'test_results',
      'evidence_reports',
    ]) {
      await knex(table).delete();
    }
  });

  const next = () => String(++digest).padStart(64, '0');
  const testReport = async (entityRef: string, receivedAt: string) =>
    (
      await evidence.insertTestReport({
        entityRef,
        digest: next(),
        context: { tags: [] },
        receivedAt: new Date(receivedAt),
        report: parsedTestReport([
          { name: 'issues a refund', status: 'passed' },
        ]),
      })
    ).report.id;
  const gates = async (entityRef: string, receivedAt: string) =>
    (
      await evidence.insertGatesReport({
        entityRef,
        digest: next(),
        context: { tags: [] },
        receivedAt: new Date(receivedAt),
        gates: [{ name: 'lint', status: 'passed' }],
      })
    ).report.id;
  const reportIds = async (entityRef: string) =>
    (
      await knex('evidence_reports')
        .where({ entity_ref: entityRef })
        .orderBy('received_at')
        .select('id')
    ).map((row: { id: string }) => row.id);

  function run(now: Date, entities: Entity[]) {
    const success = jest.fn();
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => ({ success, fail: jest.fn() })),
    });
    const outcome = runRetention({
      db: knex,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      auditor,
      logger: mockServices.logger.mock(),
      settings: DEFAULT_RETENTION,
      clock: () => now,
    });
    return { outcome, auditor, success };
  }

  it('deletes reports older than reportDays but each kind’s newest and those a freeze relied on', async () => {
    const oldest = await testReport(payments, '2024-01-10T00:00:00Z');
    const frozen = await testReport(payments, '2024-02-10T00:00:00Z');
    const recent = await testReport(payments, '2026-11-19T00:00:00Z');
    const onlyGates = await gates(payments, '2024-01-10T00:00:00Z');
    await knex('milestone_freezes').insert({
      id: '00000000-0000-4000-8000-000000000001',
      entity_ref: payments,
      milestone_key: 'm1',
      tag: 'v1.0.0',
      frozen_at: new Date('2024-02-11T00:00:00Z'),
      frozen_by: 'user:default/alice',
      evidence: JSON.stringify([
        {
          kind: 'test-report',
          reportId: frozen,
          digest: 'x',
          receivedAt: '2024-02-10T00:00:00.000Z',
        },
      ]),
      chain_entry_hash: 'f'.repeat(64),
      chain_seq: 0,
    });

    const now = new Date('2026-11-20T12:00:00Z');
    expect(dayCutoff(now, 730).toISOString()).toBe('2024-11-20T00:00:00.000Z');
    const { outcome, auditor, success } = run(now, [component('payments-api')]);
    expect(await outcome).toMatchObject({ reports: 1, removedEntities: [] });
    const kept = await reportIds(payments);
    expect(kept).toHaveLength(3);
    expect(kept).toEqual(expect.arrayContaining([onlyGates, frozen, recent]));
    // The pruned report's per-test rows went with it (folded first: older than 90 days).
    const rows = await knex('test_results')
      .where({ report_id: oldest })
      .count({ n: '*' });
    expect(Number(rows[0].n)).toBe(0);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'retention-prune',
      severityLevel: 'medium',
      meta: {
        testResultsBefore: '2026-08-22T00:00:00.000Z',
        reportsBefore: '2024-11-20T00:00:00.000Z',
        removedEntityGraceDays: 30,
      },
    });
    expect(success).toHaveBeenCalledWith({
      meta: {
        // The per-test rows of the two reports older than 90 days.
        testResults: 2,
        reports: 1,
        removedEntities: [],
        removedEntityReports: 0,
      },
    });
  });

  it('walks old reports one batch at a time past the ones it keeps', async () => {
    const first = await testReport(payments, '2024-01-01T00:00:00Z');
    const frozen = await testReport(payments, '2024-01-02T00:00:00Z');
    const third = await testReport(payments, '2024-01-03T00:00:00Z');
    const newest = await testReport(payments, '2026-11-19T00:00:00Z');
    const outcome = await pruneReports(knex, {
      before: new Date('2024-11-20T00:00:00Z'),
      batchSize: 1,
      keep: new Set([frozen]),
    });
    expect(outcome).toEqual({ reports: 2, batches: 2 });
    expect(await reportIds(payments)).toEqual([frozen, newest]);
    expect(await reportIds(payments)).not.toContain(first);
    expect(await reportIds(payments)).not.toContain(third);
  });

  it('keeps the evidence of an entity removed from the catalog for the grace period, lists it, then deletes it', async () => {
    await testReport(payments, '2026-11-01T00:00:00Z');
    await testReport(ledger, '2026-11-01T00:00:00Z');
    await gates(ledger, '2026-11-02T00:00:00Z');
    const catalog = [component('payments-api')];

    const first = new Date('2026-11-20T12:00:00Z');
    expect((await run(first, catalog).outcome).removedEntities).toEqual([]);
    expect(await listMissingEntities(knex, 30)).toEqual([
      {
        entityRef: ledger,
        missingSince: '2026-11-20T12:00:00.000Z',
        pruneAfter: '2026-12-20T12:00:00.000Z',
        prunedReports: 0,
      },
    ]);
    expect(await reportIds(ledger)).toHaveLength(2);

    // Still missing a day after the grace period: its reports go, payments-api's stay.
    const later = new Date('2026-12-21T12:00:00Z');
    const { outcome } = run(later, catalog);
    expect(await outcome).toMatchObject({
      removedEntities: [ledger],
      removedEntityReports: 2,
    });
    expect(await reportIds(ledger)).toEqual([]);
    expect(await reportIds(payments)).toHaveLength(1);
    expect(await listMissingEntities(knex, 30)).toEqual([
      expect.objectContaining({
        entityRef: ledger,
        prunedAt: '2026-12-21T12:00:00.000Z',
        prunedReports: 2,
      }),
    ]);
  });

  it('forgets an entity that is back in the catalog, and counts none as removed when the catalog has none of them', async () => {
    await testReport(payments, '2026-11-01T00:00:00Z');
    await testReport(ledger, '2026-11-01T00:00:00Z');
    await run(new Date('2026-11-20T12:00:00Z'), [component('payments-api')])
      .outcome;
    expect(await listMissingEntities(knex, 30)).toHaveLength(1);
    await run(new Date('2026-11-21T12:00:00Z'), [
      component('payments-api'),
      component('ledger'),
    ]).outcome;
    expect(await listMissingEntities(knex, 30)).toEqual([]);

    // An empty catalog (not yet ingested, broken location): nothing is counted removed.
    await run(new Date('2027-03-01T12:00:00Z'), []).outcome;
    expect(await listMissingEntities(knex, 30)).toEqual([]);
    expect(await reportIds(ledger)).toHaveLength(1);
  });
});
