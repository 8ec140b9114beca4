import {
  FREEZE_CHECKLIST_ITEMS,
  FreezeChecklistItemId,
  MilestoneStage,
  MilestoneStatus,
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
  return FREEZE_CHECKLIST_ITEMS.find(item => item.id === id)?.label ?? id;
}

function newest(
  items: MilestoneStatus[],
  time: (item: MilestoneStatus) => string | undefined,
): MilestoneStatus | undefined {
  let best: MilestoneStatus | undefined;
  for (const item of items) {
    if (!best || (time(item) ?? '') > (time(best) ?? '')) best = item;
  }
  return best;
}

/**
 * The milestone an entity is working on: the newest one that is not frozen (ready or
 * blocked), else the one frozen last (possibly regressed since).
 */
export function currentMilestone(
  items: MilestoneStatus[],
): MilestoneStatus | undefined {
  const open = items.filter(
    item =>
      item.checklist.state === 'ready' || item.checklist.state === 'blocked',
  );
  if (open.length > 0) return newest(open, item => item.milestone.createdAt);
  return (
    newest(
      items.filter(item => item.milestone.freeze),
      item => item.milestone.freeze?.frozenAt,
    ) ?? newest(items, item => item.milestone.createdAt)
  );
}

/** Where a milestone can be linked to on the Hardening tab: `#hardening-milestone-<id>`. */
export function milestoneAnchor(milestoneId: string): string {
  return `hardening-milestone-${milestoneId}`;
}
