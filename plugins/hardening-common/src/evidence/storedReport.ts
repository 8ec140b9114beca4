import { CiContext } from './ciContext';
import { GateResult } from './ciGates';
import { TestReportFormat, TestReportTotals } from './testReport';

/**
 * Kinds of evidence the backend stores.
 *
 * @public
 */
export type EvidenceKind = 'test-report' | 'ci-gates';

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
export type StoredReport = {
  id: string;
  entityRef: string;
  kind: EvidenceKind;
  /** SHA-256 of the uploaded bytes. */
  digest: string;
  receivedAt: string;
  context: CiContext;
  summary: TestReportSummary | CiGatesSummary;
};
