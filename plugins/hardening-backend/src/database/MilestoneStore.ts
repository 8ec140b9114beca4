import {
  ChecklistEvidence,
  FreezeRecord,
  Milestone,
  MilestoneRegression,
  StoredMilestone,
} from '@hardening/backstage-plugin-hardening-common';
import { FreezeEvidenceReader } from './DatabaseFreezeEvidenceReader';

export type SavedMilestone = {
  milestone: StoredMilestone;
  /** False when the milestone existed and was updated. */
  created: boolean;
};

/** What a freeze records, as {@link NewFreeze.decide} decides it. */
export type FreezeDecision = {
  tag: string;
  /** The commit the tag points at, when CI reported it. */
  tagCommit?: string;
  /** The evidence the decision relied on. */
  evidence: ChecklistEvidence[];
};

export type NewFreeze = {
  entityRef: string;
  milestoneId: string;
  frozenAt: Date;
  /** User entity ref of whoever freezes it. */
  frozenBy: string;
  /**
   * Decides whether the milestone may be frozen, inside the transaction that records the
   * freeze: `milestone` is read under the milestone's lock and `evidence` reads through
   * that transaction. Throw to refuse; nothing is written then. May be called again when
   * evidence of the entity was committed while it decided.
   */
  decide: (
    milestone: StoredMilestone,
    evidence: FreezeEvidenceReader,
  ) => Promise<FreezeDecision>;
};

export type FrozenMilestone = {
  milestone: StoredMilestone;
  freeze: FreezeRecord;
};

/**
 * Milestones of entities, their freezes and regressions. Milestone ids are matched
 * without regard to case (`M3.3.1` and `m3.3.1` are one milestone).
 */
export interface MilestoneStore {
  /** The milestones of an entity, oldest first, each with its latest freeze. */
  listMilestones(entityRef: string): Promise<StoredMilestone[]>;

  /** One milestone, or undefined. */
  getMilestone(
    entityRef: string,
    milestoneId: string,
  ): Promise<StoredMilestone | undefined>;

  /**
   * Creates or updates a milestone's declared fields (title, stage, thresholds, tag
   * pattern); its freeze and regression are left as they are.
   */
  saveMilestone(
    entityRef: string,
    milestone: Milestone,
    options: { at: Date; by: string },
  ): Promise<SavedMilestone>;

  /**
   * Decides and records a freeze in one transaction: locks the entity's chain and the
   * milestone, lets `decide` judge the evidence read in that transaction, appends the
   * `freeze` entry to the entity's release audit chain (origin `portal`, requested by
   * `frozenBy`) and records the freeze, clearing a regression. Before committing it checks
   * that no evidence of the entity was committed since the decision's reads began, and
   * holds that check until the commit (see `EvidenceVersions.lockedVersionOf`); when some
   * was, the whole freeze is decided again. `NotFoundError` when the milestone does not
   * exist, `ConflictError` when it is frozen and not regressed (checked under lock, so of
   * two concurrent freezes one wins) or when evidence kept arriving; whatever `decide`
   * throws. Then nothing is written.
   */
  freeze(input: NewFreeze): Promise<FrozenMilestone>;

  /**
   * Marks a frozen milestone regressed, only if it is still frozen by the freeze whose
   * chain entry hash is given and not already marked. Returns the milestone when this call
   * marked it, undefined otherwise (so concurrent checks report a regression once).
   */
  markRegressed(
    entityRef: string,
    milestoneId: string,
    options: { chainEntryHash: string; regression: MilestoneRegression },
  ): Promise<StoredMilestone | undefined>;
}
