import { Knex } from 'knex';
import { toIso } from './DatabaseTriageStore';
import {
  NewRunbookUpload,
  RunbookStore,
  UploadedRunbook,
} from './RunbookStore';

const UPLOADS = 'runbook_uploads';

type UploadRow = {
  entity_ref: string;
  runbook_id: string;
  markdown: string;
  digest: string;
  size_bytes: number | string;
  uploaded_at: Date | string | number;
  uploaded_by: string;
};

function rowToUpload(row: UploadRow): UploadedRunbook {
  return {
    entityRef: row.entity_ref,
    runbookId: row.runbook_id,
    markdown: row.markdown,
    digest: row.digest,
    sizeBytes: Number(row.size_bytes),
    uploadedAt: toIso(row.uploaded_at),
    uploadedBy: row.uploaded_by,
  };
}

/** {@link RunbookStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseRunbookStore implements RunbookStore {
  constructor(private readonly db: Knex) {}

  async listUploads(entityRefs: readonly string[]): Promise<UploadedRunbook[]> {
    if (entityRefs.length === 0) return [];
    const rows: UploadRow[] = await this.db(UPLOADS)
      .whereIn('entity_ref', [...entityRefs])
      .orderBy([
        { column: 'entity_ref', order: 'asc' },
        { column: 'runbook_id', order: 'asc' },
      ]);
    return rows.map(rowToUpload);
  }

  async getUpload(
    entityRef: string,
    runbookId: string,
  ): Promise<UploadedRunbook | undefined> {
    const row: UploadRow | undefined = await this.db(UPLOADS)
      .where({ entity_ref: entityRef, runbook_id: runbookId })
      .first();
    return row ? rowToUpload(row) : undefined;
  }

  async saveUpload(
    upload: NewRunbookUpload,
  ): Promise<{ created: boolean; changed: boolean; runbook: UploadedRunbook }> {
    const key = { entity_ref: upload.entityRef, runbook_id: upload.runbookId };
    const row = {
      ...key,
      markdown: upload.markdown,
      digest: upload.digest,
      size_bytes: upload.sizeBytes,
      uploaded_at: upload.uploadedAt,
      uploaded_by: upload.uploadedBy,
    };
    return this.db.transaction(async trx => {
      const existing: UploadRow | undefined = await trx(UPLOADS)
        .where(key)
        .first();
      if (existing?.digest === upload.digest) {
        return {
          created: false,
          changed: false,
          runbook: rowToUpload(existing),
        };
      }
      await trx(UPLOADS)
        .insert(row)
        .onConflict(['entity_ref', 'runbook_id'])
        .merge();
      return {
        created: !existing,
        changed: true,
        runbook: rowToUpload(row),
      };
    });
  }
}
