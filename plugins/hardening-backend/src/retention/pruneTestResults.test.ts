import { Knex } from 'knex';
import {
  parsedTestReport,
  TestOutcome,
} from '../__testUtils__/parsedTestReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { DatabaseTestHistoryStore } from '../database/DatabaseTestHistoryStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { pruneTestResults } from './pruneTestResults';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const other = 'component:default/ledger';
const refund = 'refunds::issues a refund';
const limit = 'refunds::refuses above the charge';

type Outcome = TestOutcome;
const report = (outcomes: Outcome[]) => parsedTestReport(outcomes);

describe.each(ids)('test-result retention on %s', databaseId => {
  let knex: Knex;
  let evidence: DatabaseEvidenceStore;
  let history: DatabaseTestHistoryStore;
  let digest = 0;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    evidence = new DatabaseEvidenceStore(knex);
    history = new DatabaseTestHistoryStore(knex);
  });

  beforeEach(async () => {
    await knex('test_result_days').delete();
    await knex('test_results').delete();
    await knex('evidence_reports').delete();
  });

  async function upload(
    receivedAt: string,
    outcomes: Outcome[],
    ref = entityRef,
  ) {
    digest += 1;
    await evidence.insertTestReport({
      entityRef: ref,
      digest: String(digest).padStart(64, '0'),
      context: { tags: [], commit: 'abc1234' },
      receivedAt: new Date(receivedAt),
      report: report(outcomes),
    });
  }

  /** Reports on three old days and one recent day; 11 result rows. */
  async function seed() {
    await upload('2026-06-01T08:00:00Z', [
      { name: 'issues a refund', status: 'passed', durationMs: 10 },
      { name: 'refuses above the charge', status: 'failed' },
    ]);
    await upload('2026-06-01T23:59:59Z', [
      {
        name: 'issues a refund',
        status: 'failed',
        durationMs: 30,
        attempts: 2,
        flaky: true,
      },
      { name: 'refuses above the charge', status: 'error' },
    ]);
    await upload('2026-06-02T00:00:00Z', [
      { name: 'issues a refund', status: 'skipped' },
      { name: 'refuses above the charge', status: 'passed', durationMs: 5 },
    ]);
    await upload(
      '2026-06-02T10:00:00Z',
      [{ name: 'issues a refund', status: 'passed', durationMs: 20 }],
      other,
    );
    await upload('2026-11-19T12:00:00Z', [
      { name: 'issues a refund', status: 'passed', durationMs: 12 },
      { name: 'refuses above the charge', status: 'passed', durationMs: 7 },
    ]);
    await upload('2026-11-20T12:00:00Z', [
      { name: 'issues a refund', status: 'failed', durationMs: 40 },
      { name: 'refuses above the charge', status: 'passed' },
    ]);
  }

  const since = new Date('2026-05-01T00:00:00Z');
  const daysOf = async () => ({
    refund: await history.testDays(entityRef, refund, since),
    limit: await history.testDays(entityRef, limit, since),
    other: await history.testDays(other, refund, since),
  });

  it('folds old result rows into daily aggregates in bounded batches, with the same daily figures after as before', async () => {
    await seed();
    const before = await daysOf();
    expect(before.refund).toEqual([
      {
        day: '2026-06-01',
        runs: 2,
        passed: 1,
        failed: 1,
        errors: 0,
        skipped: 0,
        flaky: 1,
        meanDurationMs: 20,
      },
      {
        day: '2026-06-02',
        runs: 1,
        passed: 0,
        failed: 0,
        errors: 0,
        skipped: 1,
        flaky: 0,
      },
      {
        day: '2026-11-19',
        runs: 1,
        passed: 1,
        failed: 0,
        errors: 0,
        skipped: 0,
        flaky: 0,
        meanDurationMs: 12,
      },
      {
        day: '2026-11-20',
        runs: 1,
        passed: 0,
        failed: 1,
        errors: 0,
        skipped: 0,
        flaky: 0,
        meanDurationMs: 40,
      },
    ]);

    const outcome = await pruneTestResults(knex, {
      before: new Date('2026-08-22T00:00:00Z'),
      batchSize: 2,
    });
    // 7 old rows of 11, two per transaction.
    expect(outcome).toMatchObject({ rows: 7, batches: 4 });
    expect(Number((await knex('test_results').count({ n: '*' }))[0].n)).toBe(4);
    expect(await daysOf()).toEqual(before);
    // Reports and their summaries stay.
    expect(
      Number((await knex('evidence_reports').count({ n: '*' }))[0].n),
    ).toBe(6);

    // Nothing left to prune: a second run changes nothing.
    expect(
      await pruneTestResults(knex, {
        before: new Date('2026-08-22T00:00:00Z'),
        batchSize: 2,
      }),
    ).toEqual({ rows: 0, days: 0, batches: 0 });
    expect(await daysOf()).toEqual(before);
  });

  it('keeps the recent rows the flaky window reads, and stops after maxBatches', async () => {
    await seed();
    const flakyBefore = await history.flakyTests(entityRef, {
      since: new Date('2026-11-07T00:00:00Z'),
      limit: 10,
    });
    const partial = await pruneTestResults(knex, {
      before: new Date('2026-08-22T00:00:00Z'),
      batchSize: 3,
      maxBatches: 1,
    });
    expect(partial).toMatchObject({ rows: 3, batches: 1 });
    expect(
      await history.flakyTests(entityRef, {
        since: new Date('2026-11-07T00:00:00Z'),
        limit: 10,
      }),
    ).toEqual(flakyBefore);
  });
});
