import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { SnapshotLevelCount } from '../scorecard/rollup';
import { whereRefIn } from './entityRefScope';
import { insertRows } from './insertRows';

const SNAPSHOTS = 'scorecard_snapshots';

/** One entity's scorecard on one day. */
export type ScorecardSnapshotRow = {
  entityRef: string;
  ownerRef: string | null;
  levelId: string | null;
  levelRank: number;
  contractGatePassRate: number | null;
  openTriageFailures: number;
  flakyTests: number;
  frozen: boolean;
};

/** Level counts remembered, by entities and first day, with the snapshots' version. */
const MAX_CACHED_COUNTS = 64;

/** Daily scorecard snapshots, for trends. */
export class DatabaseScorecardSnapshotStore {
  readonly #counts = new Map<
    string,
    { version: string; counts: SnapshotLevelCount[] }
  >();

  constructor(private readonly db: Knex) {}

  /**
   * What changes when snapshots are written or deleted: the first and last day, and when
   * the last day's snapshot was taken (only the current day is ever rewritten). One
   * statement: the primary key's two ends, each its own subquery (one index seek; SQLite
   * scans the whole index for a `min` and a `max` in one select), and the last day's rows.
   */
  private async version(): Promise<string> {
    const { db } = this;
    const last = db(SNAPSHOTS).max('day');
    const [row]: Array<{
      first: string | null;
      last: string | null;
      at: unknown;
      n: number | string;
    }> = await db.select({
      first: db(SNAPSHOTS).min('day'),
      last,
      at: db(SNAPSHOTS).where('day', last.clone()).max('taken_at'),
      n: db(SNAPSHOTS).where('day', last.clone()).count('*'),
    });
    if (!row?.last) return 'empty';
    return `${row.first}|${row.last}|${String(row.at)}|${row.n}`;
  }

  /**
   * Stores the scorecards of `day` (`YYYY-MM-DD`), replacing that day's rows: taking the
   * snapshot twice on one day leaves one row per entity, with the later values.
   */
  async saveDay(
    day: string,
    rows: readonly ScorecardSnapshotRow[],
    takenAt: Date,
  ): Promise<void> {
    await this.db.transaction(async trx => {
      await trx(SNAPSHOTS).where({ day }).delete();
      await insertRows(
        trx,
        SNAPSHOTS,
        rows.map(r => ({
          day,
          entity_ref: r.entityRef,
          owner_ref: r.ownerRef,
          level_id: r.levelId,
          level_rank: r.levelRank,
          contract_gate_pass_rate: r.contractGatePassRate,
          open_triage_failures: r.openTriageFailures,
          flaky_tests: r.flakyTests,
          frozen: r.frozen,
          taken_at: takenAt,
        })),
      );
    });
  }

  /** Deletes the snapshots of days before `day`; returns how many rows went. */
  async deleteBefore(day: string): Promise<number> {
    return this.db(SNAPSHOTS).where('day', '<', day).delete();
  }

  /** Whether a snapshot of `day` exists. */
  async hasDay(day: string): Promise<boolean> {
    return (await this.db(SNAPSHOTS).where({ day }).first('day')) !== undefined;
  }

  /**
   * Entities per day, owner and level, with the sum of their ranks, for the given
   * entities from `sinceDay` on: one grouped query, a few rows per owner and day.
   */
  async levelCounts(
    entityRefs: readonly string[],
    sinceDay: string,
  ): Promise<SnapshotLevelCount[]> {
    if (entityRefs.length === 0) return [];
    // The same entities (one caller's scope) ask again and again between two snapshots.
    const key = createHash('sha256')
      .update(sinceDay)
      .update([...entityRefs].sort().join('\n'))
      .digest('hex');
    const version = await this.version();
    const cached = this.#counts.get(key);
    if (cached && cached.version === version) return cached.counts;
    const counts = await this.readLevelCounts(entityRefs, sinceDay);
    this.#counts.delete(key);
    this.#counts.set(key, { version, counts });
    if (this.#counts.size > MAX_CACHED_COUNTS) {
      this.#counts.delete(this.#counts.keys().next().value!);
    }
    return counts;
  }

  private async readLevelCounts(
    entityRefs: readonly string[],
    sinceDay: string,
  ): Promise<SnapshotLevelCount[]> {
    const rows: Array<{
      day: string;
      owner_ref: string | null;
      level_id: string | null;
      n: number | string;
      rank_sum: number | string;
    }> = await whereRefIn(
      this.db(SNAPSHOTS)
        .where('day', '>=', sinceDay)
        .select('day', 'owner_ref', 'level_id')
        .count({ n: '*' })
        .sum({ rank_sum: 'level_rank' })
        .groupBy('day', 'owner_ref', 'level_id'),
      'entity_ref',
      entityRefs,
    );
    return rows.map(r => ({
      day: r.day,
      ownerRef: r.owner_ref,
      levelId: r.level_id,
      entities: Number(r.n),
      rankSum: Number(r.rank_sum),
    }));
  }
}
