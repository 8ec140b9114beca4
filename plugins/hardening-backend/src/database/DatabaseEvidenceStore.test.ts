import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  ParsedTestReport,
  TestCaseResult,
} from '@hardening/backstage-plugin-hardening-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';

function testCase(
  i: number,
  overrides: Partial<TestCaseResult> = {},
): TestCaseResult {
  return {
    testId: `PaymentsTest::case ${i}`,
    name: `case ${i}`,
    classname: 'PaymentsTest',
    suitePath: ['payments'],
    status: 'passed',
    durationMs: 1.5,
    attempts: 1,
    flaky: false,
    ...overrides,
  };
}

function report(cases: TestCaseResult[]): ParsedTestReport {
  const count = (s: TestCaseResult['status']) =>
    cases.filter(c => c.status === s).length;
  return {
    format: 'junit',
    tool: 'jest',
    cases,
    totals: {
      tests: cases.length,
      passed: count('passed'),
      failed: count('failed'),
      errors: count('error'),
      skipped: count('skipped'),
      flaky: cases.filter(c => c.flaky).length,
      durationMs: cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0),
    },
  };
}

async function rowCounts(knex: Knex) {
  const [reports] = await knex('evidence_reports').count({ n: '*' });
  const [results] = await knex('test_results').count({ n: '*' });
  return { reports: Number(reports.n), results: Number(results.n) };
}

describe.each(ids)('DatabaseEvidenceStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseEvidenceStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseEvidenceStore(knex);
  });

  beforeEach(async () => {
    await knex('test_results').delete();
    await knex('evidence_reports').delete();
  });

  it('stores a report with its CI context, summary and per-test results', async () => {
    const { report: stored, created } = await store.insertTestReport({
      entityRef,
      digest: 'd'.repeat(64),
      context: {
        commit: 'abc1234',
        branch: 'main',
        runUrl: 'https://ci.example.com/runs/1',
        tags: ['e2e:happy'],
      },
      receivedAt: new Date('2026-11-20T10:00:00.000Z'),
      report: report([
        testCase(1),
        testCase(2, { status: 'failed', message: 'expected 200, got 500' }),
        testCase(3, { flaky: true, attempts: 2 }),
      ]),
    });

    expect(created).toBe(true);
    expect(stored).toMatchObject({
      entityRef,
      kind: 'test-report',
      receivedAt: '2026-11-20T10:00:00.000Z',
      context: {
        commit: 'abc1234',
        branch: 'main',
        runUrl: 'https://ci.example.com/runs/1',
        tags: ['e2e:happy'],
      },
      summary: {
        format: 'junit',
        tool: 'jest',
        totals: { tests: 3, passed: 2, failed: 1, flaky: 1 },
      },
    });

    const failed = await store.listTestResults(entityRef, stored.id, {
      limit: 10,
      statuses: ['failed'],
    });
    expect(failed.items).toEqual([
      testCase(2, { status: 'failed', message: 'expected 200, got 500' }),
    ]);
  });

  it('returns the stored report for a second upload of the same bytes and writes nothing', async () => {
    const input = {
      entityRef,
      digest: 'e'.repeat(64),
      context: { tags: [] },
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      report: report([testCase(1)]),
    };
    const first = await store.insertTestReport(input);
    const second = await store.insertTestReport({
      ...input,
      receivedAt: new Date('2026-11-21T10:00:00Z'),
    });

    expect(second).toEqual({ report: first.report, created: false });
    expect(await rowCounts(knex)).toEqual({ reports: 1, results: 1 });
  });

  it('leaves no partial report when a write fails half-way', async () => {
    const cases = Array.from({ length: 1200 }, (_, i) => testCase(i));
    // A case the database refuses, in the third insert chunk.
    cases[1100] = { ...cases[1100], name: null as unknown as string };

    await expect(
      store.insertTestReport({
        entityRef,
        digest: 'f'.repeat(64),
        context: { tags: [] },
        receivedAt: new Date('2026-11-20T10:00:00Z'),
        report: report(cases),
      }),
    ).rejects.toThrow();
    expect(await rowCounts(knex)).toEqual({ reports: 0, results: 0 });
  });

  it('stores cases produced while they are written, and nothing when producing them fails', async () => {
    const totals = report([]).totals;
    function* cases(failAt?: number) {
      for (let i = 0; i < 3000; i++) {
        if (i === failAt) throw new Error('the folded report broke');
        yield testCase(i);
      }
    }
    const input = {
      entityRef,
      context: { tags: [] },
      receivedAt: new Date('2026-11-20T10:00:00Z'),
    };

    await expect(
      store.insertTestReport({
        ...input,
        digest: 'a'.repeat(64),
        report: { format: 'junit', totals, cases: cases(2500) },
      }),
    ).rejects.toThrow('the folded report broke');
    expect(await rowCounts(knex)).toEqual({ reports: 0, results: 0 });

    const { created } = await store.insertTestReport({
      ...input,
      digest: 'b'.repeat(64),
      report: { format: 'junit', totals, cases: cases() },
    });
    expect(created).toBe(true);
    expect(await rowCounts(knex)).toEqual({ reports: 1, results: 3000 });
  });

  it('stores test names, ids, suites, files and messages with tabs, newlines, backslashes and \\N exactly', async () => {
    const hostile = [
      'tab\there',
      'new\nline\r\n',
      'back\\slash\\',
      '\\N',
      '\\.',
      'Zoë 🚀 漢字',
    ];
    const cases = hostile.map((text, i) =>
      testCase(i, {
        testId: `${text}::${i}`,
        name: text,
        classname: i % 2 ? text : undefined,
        suitePath: [text, `suite\t${i}`],
        file: i % 2 ? undefined : `src/${text}.test.ts`,
        status: 'failed',
        message: text,
        durationMs: i % 3 ? i / 8 : undefined,
      }),
    );
    const { report: stored } = await store.insertTestReport({
      entityRef,
      digest: '9'.repeat(64),
      context: { tags: [] },
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      report: report(cases),
    });

    const listed = await store.listTestResults(entityRef, stored.id, {
      limit: 100,
    });
    expect(listed.items).toEqual(cases);
  });

  it('pages reports newest first with a cursor, also across equal timestamps', async () => {
    const times = [
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
      '2026-11-02T00:00:00Z',
      '2026-11-03T00:00:00Z',
      '2026-11-04T00:00:00Z',
    ];
    for (const [i, t] of times.entries()) {
      await store.insertTestReport({
        entityRef,
        digest: String(i).repeat(64),
        context: { tags: [] },
        receivedAt: new Date(t),
        report: report([testCase(i)]),
      });
    }

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listReports(entityRef, 'test-report', {
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map(r => r.receivedAt));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen).toEqual([
      '2026-11-04T00:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
    const latest = await store.latestReports(entityRef);
    expect(latest.map(r => r.receivedAt)).toEqual(['2026-11-04T00:00:00.000Z']);
    // The summary route's JSON text is exactly these reports.
    expect(JSON.parse(await store.latestReportsJson(entityRef))).toEqual(
      latest,
    );
    expect(await store.latestReportsJson('component:default/other')).toBe('[]');
    expect(await store.latestReports('component:default/other')).toEqual([]);
  });

  it('pages the per-test results of a report', async () => {
    const { report: stored } = await store.insertTestReport({
      entityRef,
      digest: 'a'.repeat(64),
      context: { tags: [] },
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      report: report(Array.from({ length: 5 }, (_, i) => testCase(i))),
    });
    const first = await store.listTestResults(entityRef, stored.id, {
      limit: 3,
    });
    const second = await store.listTestResults(entityRef, stored.id, {
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(first.items.map(c => c.name)).toEqual([
      'case 0',
      'case 1',
      'case 2',
    ]);
    expect(second.items.map(c => c.name)).toEqual(['case 3', 'case 4']);
    expect(second.nextCursor).toBeUndefined();
    // Another entity cannot read this report's results through its own ref.
    expect(
      (
        await store.listTestResults('component:default/other', stored.id, {
          limit: 3,
        })
      ).items,
    ).toEqual([]);
  });

  it('refuses a tampered cursor as bad input', async () => {
    await expect(
      store.listReports(entityRef, 'test-report', {
        limit: 2,
        cursor: 'bm90LWpzb24',
      }),
    ).rejects.toThrow(InputError);
  });
});
