import { Knex } from 'knex';
import {
  CiContext,
  EvidenceKind,
  GateResult,
  ParsedTestReport,
  ReportSummary,
  ReportUploader,
  StoredReport,
  TestCaseResult,
} from '@hardening/backstage-plugin-hardening-common';

/** A page of a list, newest first, with the cursor of the next page if there is one. */
export type Page<T> = { items: T[]; nextCursor?: string };

export type PageRequest = { limit: number; cursor?: string };

export type NewTestReport = {
  entityRef: string;
  /** SHA-256 of the uploaded bytes. */
  digest: string;
  context: CiContext;
  receivedAt: Date;
  /** See {@link NewReportMeta.uploader}. */
  uploader?: ReportUploader;
  /** Its cases may be produced on demand; they are iterated once, while stored. */
  report: Omit<ParsedTestReport, 'cases'> & {
    cases: Iterable<TestCaseResult>;
  };
};

export type NewGatesReport = {
  entityRef: string;
  digest: string;
  context: CiContext;
  receivedAt: Date;
  /** See {@link NewReportMeta.uploader}. */
  uploader?: ReportUploader;
  gates: GateResult[];
};

export type StoredResult<TSummary extends object = ReportSummary> = {
  report: StoredReport<TSummary>;
  created: boolean;
};

/** What every report row records, whatever its kind. */
export type NewReportMeta = {
  entityRef: string;
  kind: EvidenceKind;
  /**
   * SHA-256 of the uploaded bytes. The same digest and the same CI context (see
   * `reportIdentity`) is the same report.
   */
  digest: string;
  /** A `runAt` more than 5 minutes after `receivedAt` is refused (InputError). */
  context: CiContext;
  receivedAt: Date;
  /**
   * Who uploaded it (validated with `reportUploaderSchema`), stored beside the report. Not
   * part of its identity: when the report is already stored, the stored one (with its
   * first uploader) is returned and this one is not recorded.
   */
  uploader?: ReportUploader;
};

/**
 * Where evidence is kept. Every write is one transaction: a failure leaves nothing behind.
 */
export interface EvidenceStore {
  /**
   * Stores a test report and its per-test results. Re-sending a report with the same
   * digest and CI context for the same entity returns the stored one with
   * `created: false`.
   */
  insertTestReport(input: NewTestReport): Promise<StoredResult>;

  /**
   * Stores a report of any kind with its summary and, in the same transaction, the
   * kind's own child rows (written by `insertChildren` with the transaction it gets).
   * A report with the same entity, kind, digest and CI context (`reportIdentity`) is
   * returned instead, with `created: false`. Kind-specific stores build on this.
   */
  insertReport<TSummary extends object>(
    meta: NewReportMeta,
    summary: TSummary,
    insertChildren?: (trx: Knex.Transaction, reportId: string) => Promise<void>,
  ): Promise<StoredResult<TSummary>>;

  /** Stores the CI gate results of one pipeline run; idempotent like test reports. */
  insertGatesReport(input: NewGatesReport): Promise<StoredResult>;

  /** The gates an entity must pass, sorted by name. */
  getRequiredGates(entityRef: string): Promise<string[]>;

  /** Replaces the required gates of an entity. */
  setRequiredGates(
    entityRef: string,
    gates: string[],
    options: { updatedAt: Date; updatedBy: string },
  ): Promise<void>;

  /**
   * Reports of one kind for an entity, newest first: by the CI run's start (`runAt`, never
   * later than the receipt), else the receipt, then in the order they were stored.
   */
  listReports<TSummary extends object = ReportSummary>(
    entityRef: string,
    kind: EvidenceKind,
    page: PageRequest,
  ): Promise<Page<StoredReport<TSummary>>>;

  /** One report of an entity, or undefined when the entity has no such report. */
  getReport(
    entityRef: string,
    reportId: string,
  ): Promise<StoredReport | undefined>;

  /** The newest report of each kind for an entity, in the order of `listReports`. */
  latestReports(entityRef: string): Promise<StoredReport[]>;

  /** {@link EvidenceStore.latestReports} as the JSON text of the array, for the summary route. */
  latestReportsJson(entityRef: string): Promise<string>;

  /** The per-test results of one report, optionally only some statuses. */
  listTestResults(
    entityRef: string,
    reportId: string,
    options: PageRequest & { statuses?: TestCaseResult['status'][] },
  ): Promise<Page<TestCaseResult>>;
}
