/** What is recorded of one runbook file an entity's annotation names. */
export type RecordedRunbookFile = {
  /** The runbook id (`runbookIdFromPath`, `-2`… for repeated names). */
  runbookId: string;
  /** The path as the annotation writes it. */
  path: string;
  /** The resolved URL; '' when the path could not be resolved. */
  url: string;
  /** SHA-256 (hex) of the file's text; null when it could not be read. */
  digest: string | null;
  title: string | null;
  /** YYYY-MM-DD, as parsed from the file. */
  lastUpdated: string | null;
  /** YYYY-MM-DD, as parsed from the file. */
  nextReview: string | null;
  /** Why the file could not be resolved or read. */
  error: string | null;
};

/** A stored row: the recorded facts, the entity and when they last changed. */
export type StoredRunbookFile = RecordedRunbookFile & {
  entityRef: string;
  /** ISO time the row was inserted or its content last changed. */
  changedAt: string;
};

/** The review facts of entities' repository runbooks (`runbook_files`). */
export interface RunbookFileStore {
  /**
   * Makes the entity's rows equal to `files`, in one transaction: inserts new ids,
   * updates the changed ones (their `changedAt` becomes `at`), deletes the ids no longer
   * listed. Writes nothing when nothing changed; the answer says whether anything did.
   */
  recordEntity(
    entityRef: string,
    files: readonly RecordedRunbookFile[],
    at: Date,
  ): Promise<boolean>;

  /** Deletes the rows of every entity not listed; answers how many were deleted. */
  forgetEntitiesExcept(entityRefs: readonly string[]): Promise<number>;

  /** The rows of these entities, by entity ref and runbook id. */
  listFiles(entityRefs: readonly string[]): Promise<StoredRunbookFile[]>;
}
