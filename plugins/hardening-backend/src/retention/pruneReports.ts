import { EvidenceKind } from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';

const REPORTS = 'evidence_reports';
const FREEZES = 'milestone_freezes';
/** Ids per DELETE. */
const ID_CHUNK = 500;

/**
 * The kinds retention may delete. Audit-chain uploads hold the release chain (its entries
 * reference them) and git tags back the milestone checklist's tag item: never pruned.
 */
export const PRUNABLE_REPORT_KINDS: readonly EvidenceKind[] = [
  'test-report',
  'ci-gates',
  'contract-results',
  'stress-run',
  'validation',
  'triage',
];

type Candidate = { id: string; received_at: Date | string | number };

/** The report ids any recorded freeze relied on: kept as long as the freeze record. */
export async function reportsFreezesRelyOn(db: Knex): Promise<Set<string>> {
  const ids = new Set<string>();
  const rows: Array<{ evidence: string }> = await db(FREEZES).select(
    'evidence',
  );
  for (const row of rows) {
    const evidence = JSON.parse(row.evidence) as Array<{ reportId?: unknown }>;
    for (const item of evidence) {
      if (typeof item.reportId === 'string') ids.add(item.reportId);
    }
  }
  return ids;
}

/**
 * Deletes reports of prunable kinds (their child rows go with them: per-test rows,
 * violations, triage failures), `batchSize` per transaction, never one a freeze relied
 * on. Either those received before `before`, except each entity's newest report of each
 * kind (what its tab and checklist show now); or, with `removedEntity`, every one of that
 * entity (no longer in the catalog). Answers how many were deleted.
 */
export async function pruneReports(
  db: Knex,
  options: {
    batchSize: number;
    /** Default: read from the freeze records. */
    keep?: ReadonlySet<string>;
  } & ({ before: Date } | { removedEntity: string }),
): Promise<{ reports: number; batches: number }> {
  const keep = options.keep ?? (await reportsFreezesRelyOn(db));
  const outcome = { reports: 0, batches: 0 };
  // Keyset over (received_at, id), so that kept reports are passed once, not read again.
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    let select = db(`${REPORTS} as r`)
      .whereIn('r.kind', PRUNABLE_REPORT_KINDS)
      .orderBy([
        { column: 'r.received_at', order: 'asc' },
        { column: 'r.id', order: 'asc' },
      ])
      .limit(options.batchSize)
      .select('r.id', 'r.received_at');
    if ('removedEntity' in options) {
      select = select.andWhere('r.entity_ref', options.removedEntity);
    } else {
      select = select
        .andWhere('r.received_at', '<', options.before)
        .whereExists(newer =>
          newer
            .from(`${REPORTS} as n`)
            .whereRaw('n.entity_ref = r.entity_ref')
            .andWhereRaw('n.kind = r.kind')
            .andWhereRaw('n.received_at > r.received_at'),
        );
    }
    if (after) {
      const { at, id } = after;
      select = select.andWhere(q =>
        q
          .where('r.received_at', '>', at)
          .orWhere(same =>
            same.where('r.received_at', '=', at).andWhere('r.id', '>', id),
          ),
      );
    }
    const candidates: Candidate[] = await select;
    if (candidates.length === 0) break;
    const last = candidates[candidates.length - 1];
    after = {
      at:
        last.received_at instanceof Date
          ? last.received_at
          : new Date(last.received_at),
      id: last.id,
    };
    const ids = candidates.map(c => c.id).filter(id => !keep.has(id));
    if (ids.length === 0) continue;
    await db.transaction(async trx => {
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        await trx(REPORTS)
          .whereIn('id', ids.slice(i, i + ID_CHUNK))
          .delete();
      }
    });
    outcome.reports += ids.length;
    outcome.batches += 1;
  }
  return outcome;
}
