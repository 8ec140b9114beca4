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

  /**
   * Inside a transaction: whether the entity's evidence is unchanged since its version
   * was `version` (read by {@link versionOf} earlier in the same transaction), and when
   * it is, that it stays so until the transaction ends.
   *
   * On PostgreSQL the entity's version row is locked until the transaction ends. Every
   * evidence write moves that row in a trigger deferred to its commit, so while the lock
   * is held no evidence of the entity can commit, and a decision taken on evidence read
   * after `version` still holds when the transaction commits. Take it last, after every
   * other lock the transaction needs: a writer holding the row is committing and waits for
   * nothing. A missing row is created at version 0 (what {@link versionOf} reports then)
   * so that it too is locked; the transaction's own writes move it at commit.
   *
   * On SQLite, which has one writer at a time, nothing else can have committed during the
   * transaction (and its own writes have already moved the version): always true.
   */
  async lockUnchangedSince(ref: string, version: string): Promise<boolean> {
    if (this.db.client.config.client !== 'pg') return true;
    await this.db('evidence_versions')
      .insert({ entity_ref: ref, version: 0 })
      .onConflict('entity_ref')
      .ignore();
    const row: { version: number | string } = await this.db('evidence_versions')
      .where({ entity_ref: ref })
      .forUpdate()
      .first('version');
    return String(row.version) === version;
  }
}
