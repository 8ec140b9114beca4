import {
  FreezeState,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import { currentMilestone } from './milestones';

/** How a freeze state reads as a status icon: the same kinds as `StatusLabel`'s. */
export const FREEZE_STATE_KIND: Record<
  FreezeState,
  'ok' | 'warning' | 'error'
> = {
  ready: 'ok',
  frozen: 'ok',
  blocked: 'warning',
  regressed: 'error',
};

/** One milestone's part of an entity's verdict line. */
export type VerdictPart = {
  milestoneId: string;
  state: FreezeState;
  text: string;
};

/**
 * Milestones newest first: the one created last on top, ties broken by id so that
 * `M3.10` comes before `M3.9`.
 */
export function newestFirst(items: MilestoneStatus[]): MilestoneStatus[] {
  return [...items].sort(
    (a, b) =>
      b.milestone.createdAt.localeCompare(a.milestone.createdAt) ||
      b.milestone.id.localeCompare(a.milestone.id, 'en', { numeric: true }),
  );
}

/** `2 of 5 checks failing`. */
export function failingChecksText(status: MilestoneStatus): string {
  const { items } = status.checklist;
  const failing = items.filter(item => !item.passed).length;
  return `${failing} of ${items.length} checks failing`;
}

/**
 * A milestone's verdict in words. `detailed` adds how many checks fail (or that all pass)
 * and says that a regression came after the freeze; the short form names the state only.
 */
export function milestoneVerdict(
  status: MilestoneStatus,
  detailed: boolean,
): VerdictPart {
  const { id } = status.milestone;
  const { state, items } = status.checklist;
  const texts: Record<FreezeState, [string, string]> = {
    blocked: [`${id} blocked`, `${id} blocked: ${failingChecksText(status)}`],
    ready: [
      `${id} ready to freeze`,
      `${id} ready to freeze: all ${items.length} checks pass`,
    ],
    frozen: [`${id} frozen`, `${id} frozen`],
    regressed: [
      `${id} regressed`,
      `${id} regressed after its freeze: ${failingChecksText(status)}`,
    ],
  };
  return { milestoneId: id, state, text: texts[state][detailed ? 1 : 0] };
}

/**
 * An entity's verdict, most important first: the milestone it is working on (see
 * {@link currentMilestone}) in detail, then, newest first, every other milestone that
 * still needs someone (ready, blocked or regressed) by its state. Frozen milestones that
 * still pass are left out. Empty without milestones.
 */
export function entityVerdict(items: MilestoneStatus[]): VerdictPart[] {
  const current = currentMilestone(items);
  if (!current) return [];
  const others = newestFirst(items).filter(
    item => item !== current && item.checklist.state !== 'frozen',
  );
  return [
    milestoneVerdict(current, true),
    ...others.map(item => milestoneVerdict(item, false)),
  ];
}
