import {
  ChecklistEvidence,
  FreezeRecord,
  Milestone,
  MilestoneRegression,
  StoredMilestone,
} from '@hardening/backstage-plugin-hardening-common';

export type SavedMilestone = {
  milestone: StoredMilestone;
  /** False when the milestone existed and was updated. */
  created: boolean;
};

export type NewFreeze = {
  entityRef: string;
  milestoneId: string;
  tag: string;
  /** The commit the tag points at, when CI reported it. */
  tagCommit?: string;
  frozenAt: Date;
  /** User entity ref of whoever freezes it. */
  frozenBy: string;
  evidence: ChecklistEvidence[];
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
   * Records a freeze and, in the same transaction, appends its `freeze` entry to the
   * entity's release audit chain. Clears a regression. `NotFoundError` when the milestone
   * does not exist, `ConflictError` when it is frozen and not regressed (checked under
   * lock, so of two concurrent freezes one wins); then nothing is written.
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
