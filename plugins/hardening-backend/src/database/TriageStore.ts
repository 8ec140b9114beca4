import {
  CiContext,
  ClassifiedTriageFailure,
  ReportUploader,
  StoredTriageFailure,
  TriageFailureGroup,
  TriageReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { Page, PageRequest, StoredResult } from './EvidenceStore';

export type NewTriageReport = {
  entityRef: string;
  /** SHA-256 of the uploaded bytes; the same digest twice is the same report. */
  digest: string;
  context: CiContext;
  receivedAt: Date;
  /** Who uploaded it; see `NewReportMeta.uploader`. */
  uploader?: ReportUploader;
  /** The CI run id the report names, kept in its summary. */
  runId?: string;
  failures: ClassifiedTriageFailure[];
};

/** A stored triage report, and what storing it did to the failures' triage states. */
export type StoredTriageResult = StoredResult<TriageReportSummary> & {
  /**
   * Fingerprints (sorted) that were `fixed` and occurred again in this report, so were
   * reopened when it was stored. Empty when the report was already stored.
   */
  reopened: string[];
};

export type TriageFailureQuery = PageRequest & {
  /** Only the failures of this report, in the order they were uploaded. */
  reportId?: string;
  /** Only the occurrences of this failure. */
  fingerprint?: string;
};

/**
 * Where the failures of triage reports are kept. Reports themselves are evidence
 * reports of kind `triage`; every write is one transaction.
 */
export interface TriageStore {
  /**
   * Stores a triage report and one row per failure and, in the same transaction, reopens
   * the entity's fixed failures that occur again in it (after they were fixed), with a
   * history entry each. Re-sending the same bytes for the same entity returns the stored
   * report with `created: false` and writes nothing.
   */
  insertTriageReport(input: NewTriageReport): Promise<StoredTriageResult>;

  /**
   * Failures of an entity. With `reportId`, that report's failures in upload order;
   * otherwise the newest stored first.
   */
  listFailures(
    entityRef: string,
    query: TriageFailureQuery,
  ): Promise<Page<StoredTriageFailure>>;

  /**
   * One row per fingerprint of the entity's failures (from reports received at or after
   * `since`), most recently seen first.
   */
  groupedFailures(
    entityRef: string,
    options: { since?: Date; limit: number },
  ): Promise<TriageFailureGroup[]>;
}
