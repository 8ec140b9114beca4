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

/** Daily scorecard snapshots, for trends. */
export class DatabaseScorecardSnapshotStore {
  constructor(private readonly db: Knex) {}

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
