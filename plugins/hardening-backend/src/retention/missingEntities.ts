import { DAY_MS } from '@hardening/backstage-plugin-hardening-common';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { refOf } from '../catalog/entityRefs';

const REPORTS = 'evidence_reports';
const MISSING = 'retention_missing_entities';
/** Refs per catalog request. */
const REF_CHUNK = 500;

/** An entity with evidence that the catalog no longer has. */
export type MissingEntity = {
  entityRef: string;
  missingSince: string;
  /** When its evidence is (or was) pruned: `missingSince` + the grace period. */
  pruneAfter: string;
  prunedAt?: string;
  prunedReports: number;
};

type MissingRow = {
  entity_ref: string;
  missing_since: Date | string | number;
  checked_at: Date | string | number;
  pruned_at: Date | string | number | null;
  pruned_reports: number | string;
};

const toDate = (at: Date | string | number) =>
  at instanceof Date ? at : new Date(at);

/**
 * Compares the entities that have evidence with the catalog (with the plugin's own
 * credentials: every entity, whoever may see it) and records which are missing since
 * when; an entity back in the catalog is forgotten. Answers the refs missing since
 * before `dueBefore` whose evidence is not pruned yet.
 */
export async function trackMissingEntities(
  db: Knex,
  catalog: CatalogService,
  auth: AuthService,
  options: { now: Date; dueBefore: Date; logger?: LoggerService },
): Promise<string[]> {
  const refs: string[] = (
    await db(REPORTS).distinct('entity_ref').orderBy('entity_ref')
  ).map((row: { entity_ref: string }) => row.entity_ref);
  const credentials = await auth.getOwnServiceCredentials();
  const present = new Set<string>();
  for (let i = 0; i < refs.length; i += REF_CHUNK) {
    const chunk = refs.slice(i, i + REF_CHUNK);
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: chunk,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    for (const entity of items) {
      if (entity) present.add(refOf(entity));
    }
  }
  const missing = refs.filter(ref => !present.has(ref));
  if (refs.length > 0 && present.size === 0) {
    // Not one entity with evidence is in the catalog: the catalog is more likely empty or
    // broken than every entity removed. Nothing is recorded.
    options.logger?.warn(
      `Retention: none of the ${refs.length} entities with evidence is in the catalog; not counting them as removed`,
    );
    return [];
  }
  await db.transaction(async trx => {
    if (present.size > 0) {
      const back = [...present];
      for (let i = 0; i < back.length; i += REF_CHUNK) {
        await trx(MISSING)
          .whereIn('entity_ref', back.slice(i, i + REF_CHUNK))
          .delete();
      }
    }
    for (let i = 0; i < missing.length; i += REF_CHUNK) {
      await trx(MISSING)
        .insert(
          missing.slice(i, i + REF_CHUNK).map(ref => ({
            entity_ref: ref,
            missing_since: options.now,
            checked_at: options.now,
            pruned_reports: 0,
          })),
        )
        .onConflict('entity_ref')
        .merge(['checked_at']);
    }
  });
  const due: Array<{ entity_ref: string }> = await db(MISSING)
    .whereNull('pruned_at')
    .andWhere('missing_since', '<', options.dueBefore)
    .select('entity_ref');
  return due.map(row => row.entity_ref);
}

/** Records that an entity's evidence was pruned. */
export async function markPruned(
  db: Knex,
  entityRef: string,
  options: { at: Date; reports: number },
): Promise<void> {
  await db(MISSING)
    .where({ entity_ref: entityRef })
    .update({ pruned_at: options.at, pruned_reports: options.reports });
}

/** Every entity missing from the catalog, longest missing first. */
export async function listMissingEntities(
  db: Knex,
  graceDays: number,
): Promise<MissingEntity[]> {
  const rows: MissingRow[] = await db(MISSING)
    .orderBy([
      { column: 'missing_since', order: 'asc' },
      { column: 'entity_ref', order: 'asc' },
    ])
    .select();
  return rows.map(row => {
    const since = toDate(row.missing_since);
    return {
      entityRef: row.entity_ref,
      missingSince: since.toISOString(),
      pruneAfter: new Date(since.getTime() + graceDays * DAY_MS).toISOString(),
      ...(row.pruned_at
        ? { prunedAt: toDate(row.pruned_at).toISOString() }
        : {}),
      prunedReports: Number(row.pruned_reports),
    };
  });
}
