import { CiContext } from './ciContext';
import { GateResult } from './ciGates';
import { ReportUploader } from './reportUploader';
import { TestReportFormat, TestReportTotals } from './testReport';

/**
 * Kinds of evidence the backend stores.
 *
 * @public
 */
export type EvidenceKind =
  | 'test-report'
  | 'ci-gates'
  | 'contract-results'
  | 'stress-run'
  | 'audit-chain'
  | 'validation'
  | 'triage'
  | 'git-tags';

/**
 * Summary of a stored test report.
 *
 * @public
 */
export type TestReportSummary = {
  format: TestReportFormat;
  tool?: string;
  totals: TestReportTotals;
};

/**
 * Summary of a stored CI gates report: every gate of the run.
 *
 * @public
 */
export type CiGatesSummary = {
  gates: GateResult[];
};

/**
 * A report as the backend keeps and serves it.
 *
 * @public
 */
export type StoredReport<TSummary extends object = ReportSummary> = {
  id: string;
  entityRef: string;
  kind: EvidenceKind;
  /** SHA-256 of the uploaded bytes. */
  digest: string;
  receivedAt: string;
  context: CiContext;
  /**
   * Who uploaded it (the first uploader, when the same report was uploaded again by
   * another principal). Absent on reports stored before uploaders were recorded.
   */
  uploader?: ReportUploader;
  /** What the report says, in the kind's own summary shape. */
  summary: TSummary;
};

/**
 * Summary of any stored report; each evidence kind defines its own shape.
 *
 * @public
 */
export type ReportSummary = TestReportSummary | CiGatesSummary | object;
