/** A runbook uploaded through the API. */
export type UploadedRunbook = {
  entityRef: string;
  runbookId: string;
  markdown: string;
  /** SHA-256 of the uploaded bytes. */
  digest: string;
  sizeBytes: number;
  uploadedAt: string;
  uploadedBy: string;
};

export type NewRunbookUpload = Omit<UploadedRunbook, 'uploadedAt'> & {
  uploadedAt: Date;
};

/** Runbooks uploaded for entities whose repository the backend cannot read. */
export interface RunbookStore {
  /** The uploaded runbooks of these entities, by entity and id. */
  listUploads(entityRefs: readonly string[]): Promise<UploadedRunbook[]>;

  getUpload(
    entityRef: string,
    runbookId: string,
  ): Promise<UploadedRunbook | undefined>;

  /**
   * Stores a runbook, replacing an upload with the same id. `created` is false when one
   * was replaced; `changed` is false when the same bytes were uploaded again (nothing is
   * written then).
   */
  saveUpload(
    upload: NewRunbookUpload,
  ): Promise<{ created: boolean; changed: boolean; runbook: UploadedRunbook }>;
}
