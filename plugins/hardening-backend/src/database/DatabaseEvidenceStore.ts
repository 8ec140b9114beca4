import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  CiContext,
  EvidenceKind,
  ReportSummary,
  StoredReport,
  TestCaseResult,
} from '@hardening/backstage-plugin-hardening-common';
import {
  EvidenceStore,
  NewGatesReport,
  NewReportMeta,
  NewTestReport,
  StoredResult,
  Page,
  PageRequest,
} from './EvidenceStore';
import { insertRows } from './insertRows';
import {
  afterNewestFirstCursor,
  decodeCursor,
  encodeCursor,
  idCursorSchema,
  reportCursorSchema,
} from './cursor';

const REPORTS = 'evidence_reports';
const TEST_RESULTS = 'test_results';
const REQUIRED_GATES = 'required_gates';

export type ReportRow = {
  id: string;
  entity_ref: string;
  kind: string;
  digest: string;
  commit_sha: string | null;
  branch: string | null;
  run_url: string | null;
  pipeline: string | null;
  run_id: string | null;
  run_attempt: number | string | null;
  run_at: Date | string | number | null;
  tags: string;
  summary: string;
  received_at: Date | string | number;
};

type TestResultRow = {
  id: number | string;
  report_id: string;
  entity_ref: string;
  test_id: string;
  name: string;
  classname: string | null;
  suite_path: string;
  file: string | null;
  status: TestCaseResult['status'];
  duration_ms: number | string | null;
  attempts: number;
  flaky: boolean | number;
  message: string | null;
};

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** A row of `evidence_reports` as the API serves it. */
export function rowToReport<TSummary extends object = ReportSummary>(
  row: ReportRow,
): StoredReport<TSummary> {
  const context: CiContext = { tags: JSON.parse(row.tags) };
  if (row.commit_sha) context.commit = row.commit_sha;
  if (row.branch) context.branch = row.branch;
  if (row.run_url) context.runUrl = row.run_url;
  if (row.pipeline) context.pipeline = row.pipeline;
  if (row.run_id) context.runId = row.run_id;
  if (row.run_attempt !== null && row.run_attempt !== undefined) {
    context.runAttempt = Number(row.run_attempt);
  }
  if (row.run_at !== null && row.run_at !== undefined) {
    context.runAt = toDate(row.run_at).toISOString();
  }
  return {
    id: row.id,
    entityRef: row.entity_ref,
    kind: row.kind as EvidenceKind,
    digest: row.digest,
    receivedAt: toDate(row.received_at).toISOString(),
    context,
    summary: JSON.parse(row.summary),
  };
}

/**
 * {@link rowToReport} serialised, with the stored summary text spliced in as it is: the
 * summary column holds JSON this plugin wrote, so parsing and re-serialising it on every
 * read would only cost time.
 */
function reportJson(row: ReportRow): string {
  const { summary: _summary, ...rest } = rowToReport({ ...row, summary: '{}' });
  return `${JSON.stringify(rest).slice(0, -1)},"summary":${row.summary}}`;
}

function rowToTestResult(row: TestResultRow): TestCaseResult {
  const result: TestCaseResult = {
    testId: row.test_id,
    name: row.name,
    suitePath: JSON.parse(row.suite_path),
    status: row.status,
    attempts: row.attempts,
    flaky: Boolean(row.flaky),
  };
  if (row.classname !== null) result.classname = row.classname;
  if (row.file !== null) result.file = row.file;
  if (row.duration_ms !== null) result.durationMs = Number(row.duration_ms);
  if (row.message !== null) result.message = row.message;
  return result;
}

export function testKey(testId: string): string {
  return createHash('sha256').update(testId).digest('hex');
}

/** The rows of a report's cases, built one at a time as they are inserted. */
function* testResultRows(
  reportId: string,
  entityRef: string,
  cases: Iterable<TestCaseResult>,
) {
  for (const c of cases) {
    yield {
      report_id: reportId,
      entity_ref: entityRef,
      test_key: testKey(c.testId),
      test_id: c.testId,
      name: c.name,
      classname: c.classname ?? null,
      suite_path: JSON.stringify(c.suitePath),
      file: c.file ?? null,
      status: c.status,
      duration_ms: c.durationMs ?? null,
      attempts: c.attempts,
      flaky: c.flaky,
      message: c.message ?? null,
    };
  }
}

/** {@link EvidenceStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseEvidenceStore implements EvidenceStore {
  constructor(private readonly db: Knex) {}

  async insertTestReport({
    entityRef,
    digest,
    context,
    receivedAt,
    report,
  }: NewTestReport): Promise<StoredResult> {
    return this.insertReport(
      { entityRef, kind: 'test-report', digest, context, receivedAt },
      {
        format: report.format,
        ...(report.tool ? { tool: report.tool } : {}),
        totals: report.totals,
      },
      async (trx, id) => {
        await insertRows(
          trx,
          TEST_RESULTS,
          testResultRows(id, entityRef, report.cases),
        );
      },
    );
  }

  async insertGatesReport({
    gates,
    ...meta
  }: NewGatesReport): Promise<StoredResult> {
    return this.insertReport({ ...meta, kind: 'ci-gates' }, { gates });
  }

  async getRequiredGates(entityRef: string): Promise<string[]> {
    const rows = await this.db(REQUIRED_GATES)
      .where({ entity_ref: entityRef })
      .orderBy('gate_name')
      .select('gate_name');
    return rows.map(r => r.gate_name);
  }

  async setRequiredGates(
    entityRef: string,
    gates: string[],
    { updatedAt, updatedBy }: { updatedAt: Date; updatedBy: string },
  ): Promise<void> {
    await this.db.transaction(async trx => {
      await trx(REQUIRED_GATES).where({ entity_ref: entityRef }).delete();
      if (gates.length) {
        await trx(REQUIRED_GATES).insert(
          gates.map(gate_name => ({
            entity_ref: entityRef,
            gate_name,
            updated_at: updatedAt,
            updated_by: updatedBy,
          })),
        );
      }
    });
  }

  async insertReport<TSummary extends object>(
    meta: NewReportMeta,
    summary: TSummary,
    insertChildren?: (trx: Knex.Transaction, reportId: string) => Promise<void>,
  ): Promise<StoredResult<TSummary>> {
    const { entityRef, kind, digest, context, receivedAt } = meta;
    const existing = await this.findByDigest<TSummary>(entityRef, kind, digest);
    if (existing) {
      return { report: existing, created: false };
    }

    const id = randomUUID();
    try {
      await this.db.transaction(async trx => {
        await trx(REPORTS).insert({
          id,
          entity_ref: entityRef,
          kind,
          digest,
          commit_sha: context.commit ?? null,
          branch: context.branch ?? null,
          run_url: context.runUrl ?? null,
          pipeline: context.pipeline ?? null,
          run_id: context.runId ?? null,
          run_attempt: context.runAttempt ?? null,
          run_at: context.runAt ? new Date(context.runAt) : null,
          tags: JSON.stringify(context.tags),
          summary: JSON.stringify(summary),
          received_at: receivedAt,
        });
        await insertChildren?.(trx, id);
      });
    } catch (error) {
      // Lost a race with an identical upload: the unique index kept one copy.
      const raced = await this.findByDigest<TSummary>(entityRef, kind, digest);
      if (raced) {
        return { report: raced, created: false };
      }
      throw error;
    }

    const stored = await this.findByDigest<TSummary>(entityRef, kind, digest);
    return { report: stored!, created: true };
  }

  async listReports<TSummary extends object = ReportSummary>(
    entityRef: string,
    kind: EvidenceKind,
    { limit, cursor }: PageRequest,
  ): Promise<Page<StoredReport<TSummary>>> {
    const query = this.db<ReportRow>(REPORTS)
      .where({ entity_ref: entityRef, kind })
      .orderBy([
        { column: 'received_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (cursor) {
      afterNewestFirstCursor(
        query,
        'received_at',
        'id',
        decodeCursor(cursor, reportCursorSchema),
      );
    }
    const rows = await query;
    const items = rows.slice(0, limit).map(row => rowToReport<TSummary>(row));
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor({ t: last.receivedAt, id: last.id }) }
      : { items };
  }

  async getReport(
    entityRef: string,
    reportId: string,
  ): Promise<StoredReport | undefined> {
    const row = await this.db<ReportRow>(REPORTS)
      .where({ entity_ref: entityRef, id: reportId })
      .first();
    return row ? rowToReport(row) : undefined;
  }

  async latestReports(entityRef: string): Promise<StoredReport[]> {
    return (await this.#latestReportRows(entityRef)).map(row =>
      rowToReport(row),
    );
  }

  async latestReportsJson(entityRef: string): Promise<string> {
    const rows = await this.#latestReportRows(entityRef);
    return `[${rows.map(reportJson).join(',')}]`;
  }

  async #latestReportRows(entityRef: string): Promise<ReportRow[]> {
    if (this.db.client.config.client === 'pg') {
      // One index scan of evidence_reports_latest_idx: the first row of each kind.
      const rows = await this.db<ReportRow>(REPORTS)
        .distinctOn('kind')
        .where({ entity_ref: entityRef })
        .orderBy([
          { column: 'kind', order: 'asc' },
          { column: 'received_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .select('*');
      return rows;
    }
    // One query: the newest row per kind, found by comparing with a grouped subquery.
    const newest = this.db(REPORTS)
      .where({ entity_ref: entityRef })
      .groupBy('kind')
      .select('kind')
      .max({ received_at: 'received_at' });
    const rows = await this.db<ReportRow>(`${REPORTS} as r`)
      .join(newest.as('n'), function joinNewest() {
        this.on('r.kind', '=', 'n.kind').andOn(
          'r.received_at',
          '=',
          'n.received_at',
        );
      })
      .where('r.entity_ref', entityRef)
      .orderBy([
        { column: 'r.kind', order: 'asc' },
        { column: 'r.id', order: 'desc' },
      ])
      .select('r.*');
    const seen = new Set<string>();
    return rows.filter(row =>
      seen.has(row.kind) ? false : seen.add(row.kind),
    );
  }

  async listTestResults(
    entityRef: string,
    reportId: string,
    {
      limit,
      cursor,
      statuses,
    }: PageRequest & { statuses?: TestCaseResult['status'][] },
  ): Promise<Page<TestCaseResult>> {
    const query = this.db<TestResultRow>(TEST_RESULTS)
      .where({ entity_ref: entityRef, report_id: reportId })
      .orderBy('id', 'asc')
      .limit(limit + 1);
    if (statuses?.length) {
      query.whereIn('status', statuses);
    }
    if (cursor) {
      query.andWhere('id', '>', decodeCursor(cursor, idCursorSchema).id);
    }
    const rows = await query;
    const page = rows.slice(0, limit);
    const items = page.map(rowToTestResult);
    const last = page[page.length - 1];
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor({ id: Number(last.id) }) }
      : { items };
  }

  private async findByDigest<TSummary extends object>(
    entityRef: string,
    kind: EvidenceKind,
    digest: string,
  ): Promise<StoredReport<TSummary> | undefined> {
    const row = await this.db<ReportRow>(REPORTS)
      .where({ entity_ref: entityRef, kind, digest })
      .first();
    return row ? rowToReport<TSummary>(row) : undefined;
  }
}
