import { Knex } from 'knex';
import { z } from 'zod';
import {
  ParsedCodeowners,
  parsedCodeownersSchema,
} from '../codeowners/parseCodeowners';
import { whereRefIn, whereRefNotIn } from './entityRefScope';
import { toIso } from './DatabaseTriageStore';

const TABLE = 'codeowners';

/** Most mapped owners kept per file. */
const MAX_OWNER_REFS = 2000;

/** Owner as written → catalog entity ref. */
const ownerRefsSchema = z
  .record(z.string().max(256), z.string().max(255))
  .refine(r => Object.keys(r).length <= MAX_OWNER_REFS);

/** What the refresh found for one entity. */
export type RecordedCodeowners = {
  entityRef: string;
  /** The CODEOWNERS file read; absent when none was found or it could not be read. */
  url?: string;
  digest?: string;
  parsed: ParsedCodeowners;
  /** Owner as written → the catalog group or user it maps to. */
  ownerRefs: Record<string, string>;
  error?: string;
};

export type StoredCodeowners = RecordedCodeowners & { refreshedAt: string };

type Row = {
  entity_ref: string;
  url: string | null;
  digest: string | null;
  rules: string;
  owner_refs: string;
  error: string | null;
  refreshed_at: Date | string | number;
};

/** Parses a stored JSON column; a row that does not validate reads as empty. */
function readJson<T>(schema: z.ZodType<T>, text: string, empty: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : empty;
  } catch {
    return empty;
  }
}

/** The parsed CODEOWNERS of entities (`codeowners`), on knex for SQLite and PostgreSQL. */
export class DatabaseCodeownersStore {
  constructor(private readonly db: Knex) {}

  /** Writes the entities' rows (insert or replace), in one transaction. */
  async record(rows: readonly RecordedCodeowners[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction(async trx => {
      for (const r of rows) {
        await trx(TABLE)
          .insert({
            entity_ref: r.entityRef,
            url: r.url ?? null,
            digest: r.digest ?? null,
            rules: JSON.stringify(r.parsed),
            owner_refs: JSON.stringify(r.ownerRefs),
            error: r.error ?? null,
            refreshed_at: at,
          })
          .onConflict('entity_ref')
          .merge();
      }
    });
  }

  /** Deletes the rows of every entity not listed; answers how many. */
  async forgetEntitiesExcept(entityRefs: readonly string[]): Promise<number> {
    return whereRefNotIn(this.db(TABLE), 'entity_ref', entityRefs).delete();
  }

  /** The rows of these entities, validated (a corrupt column reads as empty). */
  async list(entityRefs: readonly string[]): Promise<StoredCodeowners[]> {
    if (entityRefs.length === 0) return [];
    const rows: Row[] = await whereRefIn(
      this.db(TABLE).select('*'),
      'entity_ref',
      entityRefs,
    );
    return rows.map(row => ({
      entityRef: row.entity_ref,
      ...(row.url ? { url: row.url } : {}),
      ...(row.digest ? { digest: row.digest } : {}),
      parsed: readJson(parsedCodeownersSchema, row.rules, {
        rules: [],
        warnings: [],
      }),
      ownerRefs: readJson(ownerRefsSchema, row.owner_refs, {}),
      ...(row.error ? { error: row.error } : {}),
      refreshedAt: toIso(row.refreshed_at),
    }));
  }
}
