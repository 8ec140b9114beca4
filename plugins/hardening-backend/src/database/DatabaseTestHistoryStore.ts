import { Knex } from 'knex';
import { z } from 'zod';
import {
  FlakyTest,
  TestCaseStatus,
  TestDay,
  TestHistoryEntry,
} from '@hardening/backstage-plugin-hardening-common';
import { Page, PageRequest } from './EvidenceStore';
import { testKey } from './testResultRows';
import { TestHistoryStore } from './TestHistoryStore';
import {
  afterNewestFirst,
  cursorTime,
  cursorTimeSchema,
  decodeCursor,
  encodeCursor,
} from './cursor';
import { flakyTestKeys } from './flakyTestsQuery';
import { newestFirst } from './newestOrder';
import {
  COUNTED_RESULT_COLUMNS,
  CountedResult,
  countByDay,
  DayCounts,
  sumByDay,
  TEST_RESULT_DAY_COUNTS,
  utcDay,
} from '../retention/testResultDays';

const TEST_RESULTS = 'test_results';
const REPORTS = 'evidence_reports';
const DAYS = 'test_result_days';

type DayRow = Record<
  (typeof TEST_RESULT_DAY_COUNTS)[number],
  number | string
> & {
  day: string;
};

const fromDayRow = (row: DayRow): DayCounts => ({
  day: row.day,
  runs: Number(row.runs),
  passed: Number(row.passed),
  failed: Number(row.failed),
  errored: Number(row.errored),
  skipped: Number(row.skipped),
  flaky: Number(row.flaky),
  durationMs: Number(row.duration_ms),
  timedRuns: Number(row.timed_runs),
});

/** A day as the API shows it. */
const toTestDay = (day: DayCounts): TestDay => ({
  day: day.day,
  runs: day.runs,
  passed: day.passed,
  failed: day.failed,
  errors: day.errored,
  skipped: day.skipped,
  flaky: day.flaky,
  ...(day.timedRuns > 0
    ? { meanDurationMs: day.durationMs / day.timedRuns }
    : {}),
});

/** Position in a test's history: the report's place in the newest-first order and the result's id. */
const historyCursorSchema = z.object({
  t: cursorTimeSchema,
  s: z.number().int().nonnegative(),
  id: z.number().int().nonnegative(),
});

type HistoryRow = {
  id: number | string;
  report_id: string;
  status: TestCaseStatus;
  attempts: number;
  flaky: boolean | number;
  duration_ms: number | string | null;
  message: string | null;
  received_at: Date | string | number;
  ordered_at: Date | string | number;
  receipt_seq: number | string;
  commit_sha: string | null;
  branch: string | null;
  run_url: string | null;
};

type FlakyRow = {
  test_id: string;
  name: string;
  last_status: TestCaseStatus;
  runs: number | string;
  flaky_runs: number | string;
  same_commit_flips: number | string;
  last_seen: Date | string | number;
  last_commit: string | null;
};

function toIso(value: Date | string | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function rowToEntry(row: HistoryRow): TestHistoryEntry {
  const entry: TestHistoryEntry = {
    reportId: row.report_id,
    receivedAt: toIso(row.received_at),
    status: row.status,
    attempts: Number(row.attempts),
    flaky: Boolean(row.flaky),
  };
  if (row.commit_sha !== null) entry.commit = row.commit_sha;
  if (row.branch !== null) entry.branch = row.branch;
  if (row.run_url !== null) entry.runUrl = row.run_url;
  if (row.duration_ms !== null) entry.durationMs = Number(row.duration_ms);
  if (row.message !== null) entry.message = row.message;
  return entry;
}

function rowToFlakyTest(row: FlakyRow): FlakyTest {
  const test: FlakyTest = {
    testId: row.test_id,
    name: row.name,
    runs: Number(row.runs),
    flakyRuns: Number(row.flaky_runs),
    sameCommitFlips: Number(row.same_commit_flips),
    lastSeen: toIso(row.last_seen),
    lastStatus: row.last_status,
  };
  if (row.last_commit !== null) test.lastCommit = row.last_commit;
  return test;
}

/** {@link TestHistoryStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseTestHistoryStore implements TestHistoryStore {
  constructor(private readonly db: Knex) {}

  async testHistory(
    entityRef: string,
    testId: string,
    { limit, cursor }: PageRequest,
  ): Promise<Page<TestHistoryEntry>> {
    const query = this.db(`${TEST_RESULTS} as t`)
      .join(`${REPORTS} as r`, 'r.id', 't.report_id')
      // test_results_history_idx is on (entity_ref, test_key); test_id guards the hash.
      .where({
        't.entity_ref': entityRef,
        't.test_key': testKey(testId),
        't.test_id': testId,
      })
      .select(
        't.id',
        't.report_id',
        't.status',
        't.attempts',
        't.flaky',
        't.duration_ms',
        't.message',
        'r.received_at',
        'r.ordered_at',
        'r.receipt_seq',
        'r.commit_sha',
        'r.branch',
        'r.run_url',
      )
      .orderBy([...newestFirst('r'), { column: 't.id', order: 'desc' }])
      .limit(limit + 1);
    if (cursor) {
      const after = decodeCursor(cursor, historyCursorSchema);
      afterNewestFirst(query, [
        ['r.ordered_at', new Date(after.t)],
        ['r.receipt_seq', after.s],
        ['t.id', after.id],
      ]);
    }
    const rows: HistoryRow[] = await query;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(rowToEntry),
      ...(rows.length > limit && last
        ? {
            nextCursor: encodeCursor({
              t: cursorTime(last.ordered_at),
              s: Number(last.receipt_seq),
              id: Number(last.id),
            }),
          }
        : {}),
    };
  }

  async flakyTests(
    entityRef: string,
    { since, limit }: { since: Date; limit: number },
  ): Promise<{ items: FlakyTest[]; total: number }> {
    const { db } = this;
    // One statement, no query per test. The tests are those `flakyTestKeys` finds (the
    // scorecards count the same rows); for each of them:
    const keys = flakyTestKeys(db, [entityRef], since).as('k');
    // 1. per (flaky test, commit) in the window: runs, reruns marked flaky, whether it
    //    passed and whether it failed, and the newest result;
    const perCommit = db(`${TEST_RESULTS} as t`)
      .join(`${REPORTS} as r`, 'r.id', 't.report_id')
      .where('t.entity_ref', entityRef)
      .andWhere('r.received_at', '>=', since)
      .whereIn('t.test_key', db.from(keys).select('k.test_key'))
      .groupBy('t.test_key', 'r.commit_sha')
      .select('t.test_key', 'r.commit_sha')
      .count({ runs: '*' })
      .select(
        db.raw('sum(case when t.flaky then 1 else 0 end) as flaky_runs'),
        db.raw('max(case when t.status = ? then 1 else 0 end) as passed', [
          'passed',
        ]),
        db.raw(
          'max(case when t.status in (?, ?) then 1 else 0 end) as failed',
          ['failed', 'error'],
        ),
      )
      .max({ latest_id: 't.id' });
    // 2. per test: a commit with both a pass and a failure is one same-commit flip;
    const flips =
      'sum(case when c.commit_sha is not null and c.passed = 1 and c.failed = 1 then 1 else 0 end)';
    const perTest = db
      .from(perCommit.as('c'))
      .groupBy('c.test_key')
      .select('c.test_key')
      .sum({ runs: 'c.runs', flaky_runs: 'c.flaky_runs' })
      .select(db.raw(`${flips} as same_commit_flips`))
      .max({ latest_id: 'c.latest_id' });
    // 3. the newest result of each such test gives its name, status, time and commit;
    //    `total` counts the tests before the limit.
    const rows: Array<FlakyRow & { total: number | string }> = await db
      .from(perTest.as('p'))
      .join(`${TEST_RESULTS} as l`, 'l.id', 'p.latest_id')
      .join(`${REPORTS} as lr`, 'lr.id', 'l.report_id')
      .select(
        'p.runs',
        'p.flaky_runs',
        'p.same_commit_flips',
        'l.test_id',
        'l.name',
        'l.status as last_status',
        'lr.received_at as last_seen',
        'lr.commit_sha as last_commit',
        db.raw('count(*) over () as total'),
      )
      .orderByRaw(
        '(p.flaky_runs + p.same_commit_flips) desc, lr.received_at desc, l.id desc',
      )
      .limit(limit);
    return {
      items: rows.map(rowToFlakyTest),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }

  async testDays(
    entityRef: string,
    testId: string,
    since: Date,
  ): Promise<TestDay[]> {
    const firstDay = utcDay(since);
    const dayStart = new Date(`${firstDay}T00:00:00.000Z`);
    const key = testKey(testId);
    const [aggregated, stored] = await Promise.all([
      this.db(DAYS)
        .where({ entity_ref: entityRef, test_key: key, test_id: testId })
        .andWhere('day', '>=', firstDay)
        .select<DayRow[]>('day', ...TEST_RESULT_DAY_COUNTS),
      this.db(`${TEST_RESULTS} as t`)
        .join(`${REPORTS} as r`, 'r.id', 't.report_id')
        .where({
          't.entity_ref': entityRef,
          't.test_key': key,
          't.test_id': testId,
        })
        .andWhere('r.received_at', '>=', dayStart)
        .select<CountedResult[]>(...COUNTED_RESULT_COLUMNS),
    ]);
    return sumByDay([...aggregated.map(fromDayRow), ...countByDay(stored)]).map(
      toTestDay,
    );
  }
}
