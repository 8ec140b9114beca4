import { Knex } from 'knex';
import { z } from 'zod';
import {
  FLAKY_RECENT_RUNS,
  FlakyTest,
  FlakyTestSort,
  TestCaseStatus,
  TestDay,
  TestHistoryEntry,
} from '@hardening/backstage-plugin-hardening-common';
import { Page, PageRequest } from './EvidenceStore';
import { testKey } from './testResultRows';
import { FlakyTestsRequest, TestHistoryStore } from './TestHistoryStore';
import {
  afterNewestFirst,
  cursorTime,
  cursorTimeSchema,
  decodeCursor,
  encodeCursor,
} from './cursor';
import { flakyResults } from './flakyTestsQuery';
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
  test_key: string;
  test_id: string;
  name: string;
  last_status: TestCaseStatus;
  runs: number | string;
  failures: number | string;
  flaky_runs: number | string;
  last_flaky: Date | string | number;
  rerun_passes: number | string;
  same_commit_flips: number | string;
  last_seen: Date | string | number;
  last_commit: string | null;
};

/** `ORDER BY` of each `sort` of the flaky tests (most first); ties: newest seen first. */
const FLAKY_ORDER: Record<FlakyTestSort, string> = {
  flakyRuns: 'f.flaky_runs desc',
  flakeRate: '(1.0 * f.flaky_runs / p.runs) desc, f.flaky_runs desc',
  failures: 'p.failures desc, f.flaky_runs desc',
  runs: 'p.runs desc, f.flaky_runs desc',
  lastFlaky: 'f.last_flaky desc',
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

function rowToFlakyTest(
  row: FlakyRow,
  recent: TestCaseStatus[] = [],
): FlakyTest {
  const runs = Number(row.runs);
  const flakyRuns = Number(row.flaky_runs);
  const test: FlakyTest = {
    testId: row.test_id,
    name: row.name,
    runs,
    failures: Number(row.failures),
    flakyRuns,
    flakeRate: runs > 0 ? flakyRuns / runs : 0,
    lastFlakyAt: toIso(row.last_flaky),
    rerunPasses: Number(row.rerun_passes),
    sameCommitFlips: Number(row.same_commit_flips),
    recent,
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
    { since, limit, sort = 'flakyRuns' }: FlakyTestsRequest,
  ): Promise<{ items: FlakyTest[]; total: number }> {
    const { db } = this;
    // One statement for the scores, one for the recent runs of the listed tests; no
    // query per test. The tests are those with flaky results (`flakyResults`; the
    // scorecards count the same tests); for each of them:
    // 0. its flaky results: how many, and the newest one's time;
    const flaky = db
      .from(flakyResults(db, [entityRef], since).as('fr'))
      .groupBy('fr.test_key')
      .select('fr.test_key')
      .count({ flaky_runs: '*' })
      .max({ last_flaky: 'fr.received_at' });
    // 1. per (flaky test, commit) in the window: runs, failures, reruns marked flaky,
    //    whether it passed and whether it failed, and the newest result;
    const failedCase =
      "case when t.status in ('failed', 'error') then 1 else 0 end";
    const perCommit = db(`${TEST_RESULTS} as t`)
      .join(`${REPORTS} as r`, 'r.id', 't.report_id')
      .where('t.entity_ref', entityRef)
      .andWhere('r.received_at', '>=', since)
      .whereIn(
        't.test_key',
        db.from(flaky.clone().as('k')).select('k.test_key'),
      )
      .groupBy('t.test_key', 'r.commit_sha')
      .select('t.test_key', 'r.commit_sha')
      .count({ runs: '*' })
      .select(
        db.raw(`sum(${failedCase}) as failures`),
        db.raw('sum(case when t.flaky then 1 else 0 end) as rerun_passes'),
        db.raw('max(case when t.status = ? then 1 else 0 end) as passed', [
          'passed',
        ]),
        db.raw(`max(${failedCase}) as failed`),
      )
      .max({ latest_id: 't.id' });
    // 2. per test: a commit with both a pass and a failure is one same-commit flip;
    const flips =
      'sum(case when c.commit_sha is not null and c.passed = 1 and c.failed = 1 then 1 else 0 end)';
    const perTest = db
      .from(perCommit.as('c'))
      .groupBy('c.test_key')
      .select('c.test_key')
      .sum({
        runs: 'c.runs',
        failures: 'c.failures',
        rerun_passes: 'c.rerun_passes',
      })
      .select(db.raw(`${flips} as same_commit_flips`))
      .max({ latest_id: 'c.latest_id' });
    // 3. the newest result of each such test gives its name, status, time and commit;
    //    `total` counts the tests before the limit.
    const rows: Array<FlakyRow & { total: number | string }> = await db
      .from(perTest.as('p'))
      .join(flaky.as('f'), 'f.test_key', 'p.test_key')
      .join(`${TEST_RESULTS} as l`, 'l.id', 'p.latest_id')
      .join(`${REPORTS} as lr`, 'lr.id', 'l.report_id')
      .select(
        'p.test_key',
        'p.runs',
        'p.failures',
        'p.rerun_passes',
        'p.same_commit_flips',
        'f.flaky_runs',
        'f.last_flaky',
        'l.test_id',
        'l.name',
        'l.status as last_status',
        'lr.received_at as last_seen',
        'lr.commit_sha as last_commit',
        db.raw('count(*) over () as total'),
      )
      .orderByRaw(`${FLAKY_ORDER[sort]}, lr.received_at desc, l.id desc`)
      .limit(limit);
    const recent = await this.recentRuns(
      entityRef,
      rows.map(row => row.test_key),
      since,
    );
    return {
      items: rows.map(row => rowToFlakyTest(row, recent.get(row.test_key))),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }

  /** The newest `FLAKY_RECENT_RUNS` statuses of these tests in the window, oldest first. */
  private async recentRuns(
    entityRef: string,
    keys: string[],
    since: Date,
  ): Promise<Map<string, TestCaseStatus[]>> {
    const out = new Map<string, TestCaseStatus[]>();
    if (keys.length === 0) return out;
    const { db } = this;
    const ranked = db(`${TEST_RESULTS} as t`)
      .join(`${REPORTS} as r`, 'r.id', 't.report_id')
      .where('t.entity_ref', entityRef)
      .whereIn('t.test_key', keys)
      .andWhere('r.received_at', '>=', since)
      .select(
        't.test_key',
        't.status',
        db.raw(
          'row_number() over (partition by t.test_key order by r.received_at desc, t.id desc) as rn',
        ),
      );
    const rows: Array<{ test_key: string; status: TestCaseStatus }> = await db
      .from(ranked.as('x'))
      .where('x.rn', '<=', FLAKY_RECENT_RUNS)
      .orderBy([{ column: 'x.test_key' }, { column: 'x.rn', order: 'desc' }])
      .select('x.test_key', 'x.status');
    for (const row of rows) {
      out.set(row.test_key, [...(out.get(row.test_key) ?? []), row.status]);
    }
    return out;
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
