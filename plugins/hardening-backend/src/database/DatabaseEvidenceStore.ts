import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  CiContext,
  EvidenceKind,
  ReportSummary,
  reportUploaderSchema,
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
import {
  afterNewestFirst,
  cursorTime,
  decodeCursor,
  encodeCursor,
  idCursorSchema,
  orderedReportCursorSchema,
} from './cursor';
import { newestFirst, newestOfEachKind } from './newestOrder';
import { checkRunAt, orderedAtOf, reportIdentity } from './reportIdentity';
import { insertTestResults } from './testResultRows';

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
  /** JSON `ReportUploader`; null on reports stored before uploaders were recorded. */
  uploader?: string | null;
  received_at: Date | string | number;
  /** See {@link reportIdentity}. */
  identity_digest: string;
  /** See {@link orderedAtOf}. */
  ordered_at: Date | string | number;
  /** Receipt order (bigint: a string on PostgreSQL). */
  receipt_seq: number | string;
};

/** Every evidence kind, for the per-kind reads of {@link DatabaseEvidenceStore.latestReports}. */
const KINDS: Record<EvidenceKind, true> = {
  'test-report': true,
  'ci-gates': true,
  'contract-results': true,
  'stress-run': true,
  'audit-chain': true,
  validation: true,
  triage: true,
  'git-tags': true,
};
const EVIDENCE_KINDS = Object.keys(KINDS) as EvidenceKind[];

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
    // Before summary, which reportJson splices in last.
    ...(row.uploader ? { uploader: JSON.parse(row.uploader) } : {}),
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

/** {@link EvidenceStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseEvidenceStore implements EvidenceStore {
  constructor(private readonly db: Knex) {}

  async insertTestReport({
    report,
    ...meta
  }: NewTestReport): Promise<StoredResult> {
    const { entityRef } = meta;
    return this.insertReport(
      { ...meta, kind: 'test-report' },
      {
        format: report.format,
        ...(report.tool ? { tool: report.tool } : {}),
        totals: report.totals,
      },
      async (trx, id) => {
        await insertTestResults(trx, id, entityRef, report.cases);
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
      .select('gate_name');
    // Sorted here, not by the database's collation: every reader of the list (milestone
    // checklists, scorecards) shows it in the same order.
    return rows.map(r => r.gate_name as string).sort();
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
    const { entityRef, kind, digest, context, receivedAt, uploader } = meta;
    checkRunAt(context, receivedAt);
    const uploaderJson = uploader
      ? JSON.stringify(reportUploaderSchema.parse(uploader))
      : null;
    const identity = reportIdentity(digest, context);
    const existing = await this.findByIdentity<TSummary>(
      entityRef,
      kind,
      identity,
    );
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
          identity_digest: identity,
          ordered_at: orderedAtOf(context, receivedAt),
          ...this.#nextReceiptSeq(trx),
          commit_sha: context.commit ?? null,
          branch: context.branch ?? null,
          run_url: context.runUrl ?? null,
          pipeline: context.pipeline ?? null,
          run_id: context.runId ?? null,
          run_attempt: context.runAttempt ?? null,
          run_at: context.runAt ? new Date(context.runAt) : null,
          tags: JSON.stringify(context.tags),
          summary: JSON.stringify(summary),
          uploader: uploaderJson,
          received_at: receivedAt,
        });
        await insertChildren?.(trx, id);
      });
    } catch (error) {
      // Lost a race with an identical upload: the unique index kept one copy.
      const raced = await this.findByIdentity<TSummary>(
        entityRef,
        kind,
        identity,
      );
      if (raced) {
        return { report: raced, created: false };
      }
      throw error;
    }

    const stored = await this.findByIdentity<TSummary>(
      entityRef,
      kind,
      identity,
    );
    return { report: stored!, created: true };
  }

  /**
   * `receipt_seq` of a new row: PostgreSQL's column default takes the next value of its
   * sequence; on SQLite, one more than the highest (read from its unique index, in the
   * inserting statement, which holds the database's write lock).
   */
  #nextReceiptSeq(trx: Knex.Transaction): { receipt_seq?: Knex.Raw } {
    if (this.db.client.config.client === 'pg') return {};
    return {
      receipt_seq: trx.raw(
        `(select coalesce(max(receipt_seq), 0) + 1 from ${REPORTS})`,
      ),
    };
  }

  async listReports<TSummary extends object = ReportSummary>(
    entityRef: string,
    kind: EvidenceKind,
    { limit, cursor }: PageRequest,
  ): Promise<Page<StoredReport<TSummary>>> {
    const query = this.db<ReportRow>(REPORTS)
      .where({ entity_ref: entityRef, kind })
      .orderBy(newestFirst())
      .limit(limit + 1);
    if (cursor) {
      const after = decodeCursor(cursor, orderedReportCursorSchema);
      afterNewestFirst(query, [
        ['ordered_at', new Date(after.t)],
        ['receipt_seq', after.s],
      ]);
    }
    const rows: ReportRow[] = await query;
    const page = rows.slice(0, limit);
    const items = page.map(row => rowToReport<TSummary>(row));
    const last = page[page.length - 1];
    return rows.length > limit && last
      ? {
          items,
          nextCursor: encodeCursor({
            t: cursorTime(last.ordered_at),
            s: Number(last.receipt_seq),
          }),
        }
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

  /** One query: one backwards seek of evidence_reports_newest_idx per kind. */
  async #latestReportRows(entityRef: string): Promise<ReportRow[]> {
    return newestOfEachKind(this.db, entityRef, EVIDENCE_KINDS);
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

  private async findByIdentity<TSummary extends object>(
    entityRef: string,
    kind: EvidenceKind,
    identity: string,
  ): Promise<StoredReport<TSummary> | undefined> {
    const row = await this.db<ReportRow>(REPORTS)
      .where({ entity_ref: entityRef, kind, identity_digest: identity })
      .first();
    return row ? rowToReport<TSummary>(row) : undefined;
  }
}
