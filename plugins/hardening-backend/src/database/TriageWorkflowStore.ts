import {
  ReportUploader,
  StoredTriageFailure,
  TriageClass,
  TriageFailureState,
  TriageHistoryEntry,
  TriageStatus,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * One failure (all occurrences of a fingerprint of an entity) with its triage state and
 * the history fact the suggestion may use.
 */
export type TriageGroupRecord = {
  entityRef: string;
  fingerprint: string;
  occurrences: number;
  reports: number;
  firstSeen: string;
  lastSeen: string;
  /** The newest occurrence, with its report's commit. */
  latest: StoredTriageFailure;
  /** CI run URL of the newest occurrence's report. */
  runUrl?: string;
  /** Who uploaded the newest occurrence's report, when it was recorded. */
  uploader?: ReportUploader;
  state: TriageFailureState;
  /**
   * A commit with several triage runs of which some reported this failure and some did
   * not: it both passed and failed on that commit. The newest such commit by SHA order,
   * and how many commits behave so.
   */
  flaky?: { commit: string; commits: number };
};

export type TriageGroupQuery = {
  limit: number;
  /** Only failures whose status is open, classified or defect-filed. */
  activeOnly: boolean;
  /** Only this fingerprint. */
  fingerprint?: string;
};

/** A change of a failure's triage state, as decided from its current state. */
export type TriageStateChange = {
  to: TriageStatus;
  /** Sets the class (classification). */
  class?: TriageClass;
  /** Records the defect (defect link). */
  defectUrl?: string;
  note?: string;
  at: Date;
  by: string;
};

/**
 * Triage states of failures and their history. The failures themselves are in the
 * {@link TriageStore}.
 */
export interface TriageWorkflowStore {
  /**
   * The failures of the given entities, one record per entity and fingerprint, most
   * recently seen first, in two statements (the failures, and the commits on which they
   * both failed and passed) whatever the number of entities.
   */
  groups(
    entityRefs: readonly string[],
    query: TriageGroupQuery,
  ): Promise<TriageGroupRecord[]>;

  /** One stored failure (occurrence) of an entity by id, with its report's CI run URL. */
  getFailure(
    entityRef: string,
    failureId: string,
  ): Promise<{ failure: StoredTriageFailure; runUrl?: string } | undefined>;

  /** The changes of a failure's state, oldest first. */
  history(
    entityRef: string,
    fingerprint: string,
  ): Promise<TriageHistoryEntry[]>;

  /**
   * Changes a failure's state in one transaction: `decide` gets the current state (open
   * when never touched) and returns the change, or throws to refuse it. A concurrent
   * change of the same failure makes this throw a ConflictError and write nothing.
   */
  changeState(
    entityRef: string,
    fingerprint: string,
    decide: (current: TriageFailureState) => TriageStateChange,
  ): Promise<{ state: TriageFailureState; entry: TriageHistoryEntry }>;
}
