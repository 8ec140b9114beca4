import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { toIso } from './DatabaseTriageStore';
import { whereRefIn, whereRefNotIn } from './entityRefScope';
import {
  RecordedRunbookFile,
  RunbookFileStore,
  StoredRunbookFile,
} from './RunbookFileStore';

const FILES = 'runbook_files';

/** The recorded fields and their columns; `changed_at` moves only when one of them does. */
const CONTENT = {
  path: 'path',
  url: 'url',
  digest: 'digest',
  title: 'title',
  lastUpdated: 'last_updated',
  nextReview: 'next_review',
  error: 'error',
} as const satisfies Record<
  Exclude<keyof RecordedRunbookFile, 'runbookId'>,
  string
>;

type ContentColumns = Record<
  (typeof CONTENT)[keyof typeof CONTENT],
  string | null
>;

type FileRow = ContentColumns & {
  entity_ref: string;
  runbook_id: string;
  changed_at: Date | string | number;
};

const FIELDS = Object.entries(CONTENT) as Array<
  [keyof typeof CONTENT, keyof ContentColumns]
>;

function contentOf(file: RecordedRunbookFile): ContentColumns {
  return Object.fromEntries(
    FIELDS.map(([field, column]) => [column, file[field]]),
  ) as ContentColumns;
}

function sameContent(row: ContentColumns, content: ContentColumns): boolean {
  return FIELDS.every(
    ([, column]) => (row[column] ?? null) === content[column],
  );
}

function rowToFile(row: FileRow): StoredRunbookFile {
  return {
    entityRef: row.entity_ref,
    runbookId: row.runbook_id,
    ...(Object.fromEntries(
      FIELDS.map(([field, column]) => [field, row[column] ?? null]),
    ) as Omit<RecordedRunbookFile, 'runbookId'>),
    changedAt: toIso(row.changed_at),
  };
}

/** {@link RunbookFileStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseRunbookFileStore implements RunbookFileStore {
  constructor(private readonly db: Knex) {}

  async recordEntity(
    entityRef: string,
    files: readonly RecordedRunbookFile[],
    at: Date,
  ): Promise<boolean> {
    const listed = new Map(files.map(f => [f.runbookId, contentOf(f)]));
    if (listed.size !== files.length) {
      throw new InputError(`Runbook ids of ${entityRef} are not unique`);
    }
    return this.db.transaction(async trx => {
      const existing: FileRow[] = await trx(FILES).where({
        entity_ref: entityRef,
      });
      const stored = new Map(existing.map(r => [r.runbook_id, r]));
      let changed = false;
      for (const [runbookId, content] of listed) {
        const row = stored.get(runbookId);
        if (row && sameContent(row, content)) continue;
        changed = true;
        const key = { entity_ref: entityRef, runbook_id: runbookId };
        if (row) {
          await trx(FILES)
            .where(key)
            .update({ ...content, changed_at: at });
        } else {
          // A concurrent recording of the same entity may have inserted it meanwhile.
          await trx(FILES)
            .insert({ ...key, ...content, changed_at: at })
            .onConflict(['entity_ref', 'runbook_id'])
            .merge();
        }
      }
      const gone = existing
        .map(r => r.runbook_id)
        .filter(id => !listed.has(id));
      if (gone.length > 0) {
        changed = true;
        await trx(FILES)
          .where({ entity_ref: entityRef })
          .whereIn('runbook_id', gone)
          .delete();
      }
      return changed;
    });
  }

  async forgetEntitiesExcept(entityRefs: readonly string[]): Promise<number> {
    return whereRefNotIn(this.db(FILES), 'entity_ref', entityRefs).delete();
  }

  async listFiles(entityRefs: readonly string[]): Promise<StoredRunbookFile[]> {
    if (entityRefs.length === 0) return [];
    const rows: FileRow[] = await whereRefIn(
      this.db(FILES),
      'entity_ref',
      entityRefs,
    ).orderBy([
      { column: 'entity_ref', order: 'asc' },
      { column: 'runbook_id', order: 'asc' },
    ]);
    return rows.map(rowToFile);
  }
}
