import {
  currentMilestoneOf,
  FREEZE_CHECKLIST_ITEMS,
  FreezeChecklistItemId,
  MilestoneStage,
  MilestoneStatus,
  WITNESSES_CHECKLIST_ITEM,
} from '@hardening/backstage-plugin-hardening-common';

/** The path of the Hardening tab, relative to the entity page. */
export const HARDENING_TAB_PATH = 'hardening';

export const STAGE_LABELS: Record<MilestoneStage, string> = {
  'feature-spike': 'Feature spike',
  'hardening-slice': 'Hardening slice',
  'orchestration-slice': 'Orchestration slice',
  frozen: 'Frozen',
};

/** The label of a checklist item: `tag` is `Milestone tag reported`; an unknown id as is. */
export function checklistItemLabel(id: FreezeChecklistItemId): string {
  return (
    [...FREEZE_CHECKLIST_ITEMS, WITNESSES_CHECKLIST_ITEM].find(
      item => item.id === id,
    )?.label ?? id
  );
}

/**
 * The milestone an entity is working on: the most recently created one never frozen
 * (ready or blocked), else the one frozen last (possibly regressed since). The scorecards
 * pick it by the same rule (`currentMilestoneOf` of -common).
 */
export function currentMilestone(
  items: MilestoneStatus[],
): MilestoneStatus | undefined {
  return currentMilestoneOf(items, item => item.milestone);
}

/** Where a milestone can be linked to on the Hardening tab: `#hardening-milestone-<id>`. */
export function milestoneAnchor(milestoneId: string): string {
  return `hardening-milestone-${milestoneId}`;
}
