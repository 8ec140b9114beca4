import { Knex } from 'knex';
import { refsTable } from './entityRefScope';

/** The version of an entity that was never written to: it has no evidence at all. */
export const NO_EVIDENCE_VERSION = '0';

/**
 * The per-entity change counters that database triggers keep in `evidence_versions`
 * (migration `20261206010000_evidence_versions`): every write to an entity's evidence
 * moves its version in the writing transaction. Whatever is computed from an entity's
 * evidence may be kept under the version read BEFORE computing it, and reused while the
 * version stays the same; a write that lands during the computation is then seen by the
 * next read.
 */
export class EvidenceVersions {
  constructor(private readonly db: Knex) {}

  /** The versions of these entities, in one query; entities never written to are absent. */
  async versionsOf(refs: readonly string[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const rows: Array<{ entity_ref: string; version: number | string }> =
      await this.db
        .from(refsTable(this.db, refs))
        .join({ v: 'evidence_versions' }, 'v.entity_ref', 's.value')
        .select('v.entity_ref', 'v.version');
    return new Map(rows.map(r => [r.entity_ref, String(r.version)]));
  }

  /** One entity's version (a primary-key lookup); {@link NO_EVIDENCE_VERSION} without one. */
  async versionOf(ref: string): Promise<string> {
    const row: { version: number | string } | undefined = await this.db(
      'evidence_versions',
    )
      .where({ entity_ref: ref })
      .first('version');
    return row ? String(row.version) : NO_EVIDENCE_VERSION;
  }
}
