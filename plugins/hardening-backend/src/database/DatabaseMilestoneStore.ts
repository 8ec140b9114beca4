import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  FreezeRecord,
  FrozenEvidence,
  Milestone,
  MilestoneRegression,
  MilestoneStage,
  StoredMilestone,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { AuditChainStore } from './AuditChainStore';
import { DatabaseFreezeEvidenceReader } from './DatabaseFreezeEvidenceReader';
import { whereRefIn } from './entityRefScope';
import { EvidenceVersions } from './EvidenceVersions';
import { chainEvidenceOf, identifyFrozenEvidence } from './frozenEvidence';
import {
  FreezeDecision,
  FrozenMilestone,
  MilestoneStore,
  NewFreeze,
  SavedMilestone,
} from './MilestoneStore';

const MILESTONES = 'milestones';
const FREEZES = 'milestone_freezes';
/** How often a freeze is decided again when evidence arrives while it decides. */
const MAX_FREEZE_ATTEMPTS = 3;

/** Thrown inside the freeze transaction when evidence was committed since it read. */
class EvidenceChangedError extends Error {}

type Timestamp = Date | string | number;

type MilestoneRow = {
  entity_ref: string;
  milestone_key: string;
  milestone_id: string;
  title: string;
  stage: string;
  thresholds: string;
  tag_pattern: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string;
  freeze_id: string | null;
  regressed_at: Timestamp | null;
  regression: string | null;
};

type FreezeRow = {
  id: string;
  entity_ref: string;
  milestone_key: string;
  tag: string;
  frozen_at: Timestamp;
  frozen_by: string;
  evidence: string;
  chain_entry_hash: string;
  chain_seq: number;
};

/** A milestone row joined with its latest freeze (columns prefixed `f_`). */
type JoinedRow = MilestoneRow & {
  f_tag: string | null;
  f_frozen_at: Timestamp | null;
  f_frozen_by: string | null;
  f_evidence: string | null;
  f_chain_entry_hash: string | null;
};

function iso(value: Timestamp): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function keyOf(milestoneId: string): string {
  return milestoneId.toLocaleLowerCase('en-US');
}

function rowToMilestone(row: JoinedRow): StoredMilestone {
  const freeze: FreezeRecord | null =
    row.freeze_id && row.f_frozen_at !== null
      ? {
          milestoneId: row.milestone_id,
          tag: row.f_tag!,
          frozenAt: iso(row.f_frozen_at),
          frozenBy: row.f_frozen_by!,
          evidence: JSON.parse(row.f_evidence!),
          chainEntryHash: row.f_chain_entry_hash!,
        }
      : null;
  const regression: MilestoneRegression | null =
    row.regressed_at !== null && row.regression !== null
      ? {
          regressedAt: iso(row.regressed_at),
          failingItems: JSON.parse(row.regression),
        }
      : null;
  return {
    id: row.milestone_id,
    title: row.title,
    stage: row.stage as MilestoneStage,
    thresholds: JSON.parse(row.thresholds),
    tagPattern: row.tag_pattern,
    entityRef: row.entity_ref,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    freeze,
    regression,
  };
}

/** Milestone rows joined with their latest freeze. */
function joinedMilestones(db: Knex | Knex.Transaction) {
  return db<JoinedRow>(`${MILESTONES} as m`)
    .leftJoin(`${FREEZES} as f`, 'f.id', 'm.freeze_id')
    .select(
      'm.*',
      'f.tag as f_tag',
      'f.frozen_at as f_frozen_at',
      'f.frozen_by as f_frozen_by',
      'f.evidence as f_evidence',
      'f.chain_entry_hash as f_chain_entry_hash',
    );
}

/**
 * Every milestone of these entities with its latest freeze, in one query however many
 * entities there are; in no particular order.
 */
export async function listMilestonesOf(
  db: Knex,
  entityRefs: readonly string[],
): Promise<StoredMilestone[]> {
  if (entityRefs.length === 0) return [];
  const rows: JoinedRow[] = await whereRefIn(
    joinedMilestones(db),
    'm.entity_ref',
    entityRefs,
  );
  return rows.map(rowToMilestone);
}

/** {@link MilestoneStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseMilestoneStore implements MilestoneStore {
  constructor(
    private readonly db: Knex,
    private readonly chains: AuditChainStore,
    /**
     * Runs in a freeze's transaction after the chain is locked; throwing (e.g. a
     * `ConflictError` for a witness that has not cosigned) freezes nothing.
     */
    private readonly freezeGuard?: (
      trx: Knex.Transaction,
      entityRef: string,
    ) => Promise<void>,
  ) {}

  async listMilestones(entityRef: string): Promise<StoredMilestone[]> {
    const rows = await joinedMilestones(this.db)
      .where('m.entity_ref', entityRef)
      .orderBy([
        { column: 'm.created_at', order: 'asc' },
        { column: 'm.milestone_key', order: 'asc' },
      ]);
    return rows.map(rowToMilestone);
  }

  async getMilestone(
    entityRef: string,
    milestoneId: string,
  ): Promise<StoredMilestone | undefined> {
    return this.getIn(this.db, entityRef, milestoneId);
  }

  async saveMilestone(
    entityRef: string,
    milestone: Milestone,
    { at, by }: { at: Date; by: string },
  ): Promise<SavedMilestone> {
    const key = keyOf(milestone.id);
    const fields = {
      milestone_id: milestone.id,
      title: milestone.title,
      stage: milestone.stage,
      thresholds: JSON.stringify(milestone.thresholds),
      tag_pattern: milestone.tagPattern,
      updated_at: at,
      updated_by: by,
    };
    const created = await this.db.transaction(async trx => {
      const updated = await trx(MILESTONES)
        .where({ entity_ref: entityRef, milestone_key: key })
        .update(fields);
      if (updated > 0) return false;
      await trx(MILESTONES).insert({
        entity_ref: entityRef,
        milestone_key: key,
        created_at: at,
        ...fields,
      });
      return true;
    });
    const stored = await this.getIn(this.db, entityRef, milestone.id);
    return { milestone: stored!, created };
  }

  async freeze(input: NewFreeze): Promise<FrozenMilestone> {
    const { entityRef, milestoneId } = input;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.freezeOnce(input);
        break;
      } catch (error) {
        if (!(error instanceof EvidenceChangedError)) throw error;
        if (attempt >= MAX_FREEZE_ATTEMPTS) {
          throw new ConflictError(
            `New evidence of ${entityRef} kept arriving while milestone ${milestoneId} was being frozen; nothing was frozen: try again`,
          );
        }
      }
    }
    const milestone = (await this.getIn(this.db, entityRef, milestoneId))!;
    return { milestone, freeze: milestone.freeze! };
  }

  /** One attempt of {@link freeze}: `EvidenceChangedError` when evidence came in meanwhile. */
  private async freezeOnce(input: NewFreeze): Promise<void> {
    const { entityRef, milestoneId, frozenAt, frozenBy } = input;
    const key = keyOf(milestoneId);
    const freezeId = randomUUID();
    let decided:
      | {
          version: string;
          decision: FreezeDecision;
          evidence: FrozenEvidence[];
        }
      | undefined;
    await this.chains.appendEntry(
      { entityRef, receivedAt: frozenAt, requestedBy: frozenBy },
      {
        build: async trx => {
          // The chain is locked (appendEntry); on PostgreSQL also the milestone row.
          const current = await this.lockMilestone(trx, entityRef, milestoneId);
          await this.freezeGuard?.(trx, entityRef);
          // Read before the evidence: a write committed from here on moves it.
          const version = await new EvidenceVersions(trx).versionOf(entityRef);
          const decision = await input.decide(
            current,
            new DatabaseFreezeEvidenceReader(trx),
          );
          const evidence = await identifyFrozenEvidence(
            trx,
            entityRef,
            decision.evidence,
          );
          decided = { version, decision, evidence };
          const { tag, tagCommit } = decision;
          return {
            context: {
              ...(tagCommit ? { commit: tagCommit } : {}),
              tags: [`milestone:${key}`],
            },
            entry: {
              action: 'freeze',
              timestamp: frozenAt.toISOString(),
              actor: frozenBy,
              details: {
                milestoneId: current.id,
                title: current.title,
                tag,
                ...(tagCommit ? { commit: tagCommit } : {}),
                // What names each report outside this database: its body and
                // identity digests and its run (report ids are local to one database).
                evidence: evidence.map(chainEvidenceOf),
              },
            },
          };
        },
        within: async (trx, appended) => {
          const { version, decision, evidence } = decided!;
          await trx(FREEZES).insert({
            id: freezeId,
            entity_ref: entityRef,
            milestone_key: key,
            tag: decision.tag,
            frozen_at: frozenAt,
            frozen_by: frozenBy,
            evidence: JSON.stringify(evidence),
            chain_entry_hash: appended.entry.hash,
            chain_seq: appended.seq,
          } satisfies FreezeRow);
          await trx(MILESTONES)
            .where({ entity_ref: entityRef, milestone_key: key })
            .update({
              freeze_id: freezeId,
              regressed_at: null,
              regression: null,
            });
          // Last, so that no other lock is awaited while it is held: from here to the
          // commit no evidence of the entity can commit (PostgreSQL; SQLite has one
          // writer). An upload that committed since the version was read may have changed
          // what the decision read: decide again.
          const versions = new EvidenceVersions(trx);
          if (!(await versions.lockUnchangedSince(entityRef, version))) {
            throw new EvidenceChangedError();
          }
        },
      },
    );
  }

  /**
   * Inside the freeze transaction: the milestone, locked on PostgreSQL. `NotFoundError`
   * when there is none, `ConflictError` when it is frozen and not regressed.
   */
  private async lockMilestone(
    trx: Knex.Transaction,
    entityRef: string,
    milestoneId: string,
  ): Promise<StoredMilestone> {
    const lock = trx<MilestoneRow>(MILESTONES)
      .where({ entity_ref: entityRef, milestone_key: keyOf(milestoneId) })
      .first('milestone_key');
    if (trx.client.config.client === 'pg') lock.forUpdate();
    const current = (await lock)
      ? await this.getIn(trx, entityRef, milestoneId)
      : undefined;
    if (!current) {
      throw new NotFoundError(`${entityRef} has no milestone ${milestoneId}`);
    }
    if (current.freeze && !current.regression) {
      const { tag, frozenAt, frozenBy } = current.freeze;
      throw new ConflictError(
        `Milestone ${current.id} of ${entityRef} is already frozen (tag ${tag}, ${frozenAt} by ${frozenBy})`,
      );
    }
    return current;
  }

  async markRegressed(
    entityRef: string,
    milestoneId: string,
    options: { chainEntryHash: string; regression: MilestoneRegression },
  ): Promise<StoredMilestone | undefined> {
    const key = keyOf(milestoneId);
    const freezeIds = this.db(FREEZES)
      .where({
        entity_ref: entityRef,
        milestone_key: key,
        chain_entry_hash: options.chainEntryHash,
      })
      .select('id');
    const updated = await this.db(MILESTONES)
      .where({ entity_ref: entityRef, milestone_key: key })
      .whereNull('regressed_at')
      .whereIn('freeze_id', freezeIds)
      .update({
        regressed_at: new Date(options.regression.regressedAt),
        regression: JSON.stringify(options.regression.failingItems),
      });
    return updated > 0
      ? this.getIn(this.db, entityRef, milestoneId)
      : undefined;
  }

  private async getIn(
    db: Knex | Knex.Transaction,
    entityRef: string,
    milestoneId: string,
  ): Promise<StoredMilestone | undefined> {
    const row = await joinedMilestones(db)
      .where({
        'm.entity_ref': entityRef,
        'm.milestone_key': keyOf(milestoneId),
      })
      .first();
    return row ? rowToMilestone(row) : undefined;
  }
}
