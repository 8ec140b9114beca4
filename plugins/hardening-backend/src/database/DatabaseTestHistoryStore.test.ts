import { InputError } from '@backstage/errors';
import {
  ParsedTestReport,
  TestCaseResult,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { junitFixture, parseXml } from '../__testUtils__/junitInput';
import { parsedTestReport } from '../__testUtils__/parsedTestReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseTestHistoryStore } from './DatabaseTestHistoryStore';
import { countFlakyTests } from './flakyTestsQuery';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const commitA = 'aaaaaaa1';
const commitB = 'bbbbbbb2';
/** Before every report of these tests: a window that holds them all. */
const EARLY = new Date('2026-11-01T00:00:00Z');

type Outcome = Partial<TestCaseResult> & { name: string };

const report = (outcomes: Outcome[]) =>
  parsedTestReport(
    outcomes.map(o => ({ status: 'passed' as const, ...o })),
    'checkout',
  );

describe.each(ids)('DatabaseTestHistoryStore on %s', databaseId => {
  let knex: Knex;
  let evidence: DatabaseEvidenceStore;
  let store: DatabaseTestHistoryStore;
  let digest = 0;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    evidence = new DatabaseEvidenceStore(knex);
    store = new DatabaseTestHistoryStore(knex);
  });

  beforeEach(async () => {
    await knex('test_results').delete();
    await knex('evidence_reports').delete();
  });

  async function uploadReport(
    receivedAt: string,
    commit: string | undefined,
    parsed: ParsedTestReport,
    ref = entityRef,
  ) {
    digest += 1;
    const { report: stored } = await evidence.insertTestReport({
      entityRef: ref,
      digest: String(digest).padStart(64, '0'),
      context: { tags: [], ...(commit ? { commit, branch: 'main' } : {}) },
      receivedAt: new Date(receivedAt),
      report: parsed,
    });
    return stored.id;
  }

  function upload(
    receivedAt: string,
    commit: string | undefined,
    outcomes: Outcome[],
    ref = entityRef,
  ) {
    return uploadReport(receivedAt, commit, report(outcomes), ref);
  }

  it("returns one test's results newest first, paged across equal timestamps", async () => {
    const r1 = await upload('2026-11-18T00:00:00Z', commitA, [
      {
        name: 'pays',
        status: 'failed',
        message: 'expected 200, got 502',
        durationMs: 40,
      },
      { name: 'refunds' },
    ]);
    const r2 = await upload('2026-11-19T00:00:00Z', commitA, [
      { name: 'pays', attempts: 2, flaky: true, durationMs: 85.5 },
    ]);
    const r3 = await upload('2026-11-19T00:00:00Z', undefined, [
      { name: 'pays', status: 'skipped' },
    ]);
    await upload(
      '2026-11-20T00:00:00Z',
      commitA,
      [{ name: 'pays', status: 'error' }],
      'component:default/other',
    );

    const first = await store.testHistory(entityRef, 'checkout::pays', {
      limit: 2,
    });
    const second = await store.testHistory(entityRef, 'checkout::pays', {
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.nextCursor).toBeUndefined();
    expect([...first.items, ...second.items]).toEqual([
      {
        reportId: r3,
        receivedAt: '2026-11-19T00:00:00.000Z',
        status: 'skipped',
        attempts: 1,
        flaky: false,
      },
      {
        reportId: r2,
        receivedAt: '2026-11-19T00:00:00.000Z',
        commit: commitA,
        branch: 'main',
        status: 'passed',
        attempts: 2,
        flaky: true,
        durationMs: 85.5,
      },
      {
        reportId: r1,
        receivedAt: '2026-11-18T00:00:00.000Z',
        commit: commitA,
        branch: 'main',
        status: 'failed',
        attempts: 1,
        flaky: false,
        durationMs: 40,
        message: 'expected 200, got 502',
      },
    ]);

    expect(
      (await store.testHistory(entityRef, 'checkout::nope', { limit: 5 }))
        .items,
    ).toEqual([]);
    await expect(
      store.testHistory(entityRef, 'checkout::pays', {
        limit: 5,
        cursor: 'eyJ0IjoxfQ',
      }),
    ).rejects.toThrow(InputError);
  });

  it('finds flaky tests in two queries: reruns that passed, and pass/fail on the same commit', async () => {
    await upload('2026-11-18T00:00:00Z', commitA, [
      { name: 'flips on A', status: 'failed' },
      { name: 'fails on A, passes on B', status: 'failed' },
      { name: 'errors then passes on A', status: 'error' },
      { name: 'no commit', status: 'failed' },
      { name: 'skipped then passes', status: 'skipped' },
      { name: 'always passes' },
    ]);
    await upload('2026-11-19T00:00:00Z', commitA, [
      { name: 'flips on A' },
      { name: 'errors then passes on A' },
      { name: 'skipped then passes' },
      { name: 'always passes' },
    ]);
    await upload('2026-11-19T12:00:00Z', undefined, [{ name: 'no commit' }]);
    await upload('2026-11-20T00:00:00Z', commitB, [
      { name: 'fails on A, passes on B' },
      { name: 'passes on rerun', attempts: 3, flaky: true },
      { name: 'always passes' },
    ]);
    // Another entity's flips do not count.
    await upload(
      '2026-11-20T00:00:00Z',
      commitB,
      [{ name: 'fails on A, passes on B', status: 'failed' }],
      'component:default/other',
    );

    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    const flaky = await store.flakyTests(entityRef, {
      since: EARLY,
      limit: 10,
    });
    knex.removeListener('query', onQuery);
    // The scores of all tests, then the recent runs of the listed ones.
    expect(queries).toHaveLength(2);
    expect(queries[0].toLowerCase()).toContain('group by');
    expect(queries[1].toLowerCase()).toContain('row_number()');

    expect(flaky.total).toBe(3);
    // The scorecards count exactly these tests: one definition.
    expect(
      await countFlakyTests(
        knex,
        [entityRef, 'component:default/other'],
        EARLY,
      ),
    ).toEqual(new Map([[entityRef, 3]]));
    expect(flaky.items).toEqual([
      expect.objectContaining({
        testId: 'checkout::passes on rerun',
        name: 'passes on rerun',
        runs: 1,
        flakyRuns: 1,
        rerunPasses: 1,
        sameCommitFlips: 0,
        lastSeen: '2026-11-20T00:00:00.000Z',
        lastCommit: commitB,
        lastStatus: 'passed',
      }),
      expect.objectContaining({
        testId: 'checkout::errors then passes on A',
        name: 'errors then passes on A',
        runs: 2,
        flakyRuns: 1,
        failures: 1,
        flakeRate: 0.5,
        rerunPasses: 0,
        sameCommitFlips: 1,
        lastSeen: '2026-11-19T00:00:00.000Z',
        lastCommit: commitA,
        lastStatus: 'passed',
      }),
      expect.objectContaining({
        testId: 'checkout::flips on A',
        name: 'flips on A',
        runs: 2,
        flakyRuns: 1,
        failures: 1,
        flakeRate: 0.5,
        rerunPasses: 0,
        sameCommitFlips: 1,
        lastSeen: '2026-11-19T00:00:00.000Z',
        lastCommit: commitA,
        lastStatus: 'passed',
      }),
    ]);

    // The same-commit flips are older than `since`: only the rerun remains.
    const recent = await store.flakyTests(entityRef, {
      since: new Date('2026-11-19T00:00:00Z'),
      limit: 10,
    });
    expect(recent).toEqual({
      items: [expect.objectContaining({ name: 'passes on rerun' })],
      total: 1,
    });
    // The limit cuts the list, not the count.
    const first = await store.flakyTests(entityRef, { since: EARLY, limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.total).toBe(3);
    // A window without reports has none.
    expect(
      await store.flakyTests(entityRef, {
        since: new Date('2026-12-01T00:00:00Z'),
        limit: 10,
      }),
    ).toEqual({ items: [], total: 0 });
  });

  it('counts every commit a test flipped on and every flaky run', async () => {
    await upload('2026-11-18T00:00:00Z', commitA, [
      { name: 'shaky', status: 'failed' },
    ]);
    await upload('2026-11-18T01:00:00Z', commitA, [
      { name: 'shaky', flaky: true, attempts: 2 },
    ]);
    await upload('2026-11-19T00:00:00Z', commitB, [{ name: 'shaky' }]);
    await upload('2026-11-19T01:00:00Z', commitB, [
      { name: 'shaky', status: 'error' },
    ]);

    expect(
      (await store.flakyTests(entityRef, { since: EARLY, limit: 10 })).items,
    ).toEqual([
      expect.objectContaining({
        name: 'shaky',
        runs: 4,
        failures: 2,
        // The rerun, the failure and the error on commits where it also passed.
        flakyRuns: 3,
        flakeRate: 0.75,
        rerunPasses: 1,
        sameCommitFlips: 2,
        lastCommit: commitB,
        lastStatus: 'error',
      }),
    ]);
  });

  it('keeps repeated parameterised cases apart: one row per test and report, no false flips', async () => {
    const parsed = await parseXml(
      junitFixture('gradle-junit5-parameterized.xml'),
    );
    const r1 = await uploadReport('2026-11-18T00:00:00Z', commitA, parsed);
    const r2 = await uploadReport('2026-11-18T01:00:00Z', commitA, parsed);

    const perReport = await knex('test_results')
      .select('report_id', 'test_key')
      .count({ n: '*' })
      .groupBy('report_id', 'test_key')
      .having(knex.raw('count(*) > 1'));
    expect(perReport).toEqual([]);
    expect(Number((await knex('test_results').count({ n: '*' }))[0].n)).toBe(
      14,
    );

    const id = 'com.acme.billing.TaxCalculatorTest::rounds to cents';
    const history = async (testId: string) =>
      (await store.testHistory(entityRef, testId, { limit: 10 })).items.map(
        i => [i.reportId, i.status],
      );
    expect(await history(id)).toEqual([
      [r2, 'passed'],
      [r1, 'passed'],
    ]);
    expect(await history(`${id}#4`)).toEqual([
      [r2, 'failed'],
      [r1, 'failed'],
    ]);

    // The passing and the failing "rounds to cents" of one commit are two tests, not a
    // flip; only the retried test is flaky.
    expect(
      (await store.flakyTests(entityRef, { since: EARLY, limit: 10 })).items,
    ).toEqual([
      expect.objectContaining({
        testId: 'com.acme.billing.TaxCalculatorTest::fetchesExchangeRate()',
        runs: 2,
        flakyRuns: 2,
        sameCommitFlips: 0,
      }),
    ]);
  });
});
