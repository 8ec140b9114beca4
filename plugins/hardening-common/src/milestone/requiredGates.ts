import { DEFAULT_MILESTONE_REQUIRED_GATES } from './milestone';

/**
 * The required CI gates of a milestone (or of an entity without one) and where they come
 * from. A milestone needs green every gate of the entity's required-gates list
 * (`PUT …/required-gates`) plus the gates it names itself (`thresholds.requiredGates`).
 *
 * @public
 */
export type RequiredGates = {
  /** The milestone the list is for; null for an entity judged without a milestone. */
  milestoneId: string | null;
  /** The entity's required-gates list, as stored; empty when none is set. */
  entity: string[];
  /** The gates the milestone names itself; empty without a milestone. */
  milestone: string[];
  /**
   * What must pass: `entity`, then the gates of `milestone` not already in it. Without a
   * milestone and without an entity list: lint and build, a milestone's default.
   */
  gates: string[];
};

/**
 * The required CI gates of `milestone` on an entity whose required-gates list is
 * `entityGates`; without a milestone, those of the entity alone.
 *
 * @public
 */
export function requiredGatesOf(
  entityGates: readonly string[],
  milestone?: { id: string; requiredGates: readonly string[] },
): RequiredGates {
  const own = milestone ? [...milestone.requiredGates] : [];
  const gates = [...new Set([...entityGates, ...own])];
  return {
    milestoneId: milestone?.id ?? null,
    entity: [...entityGates],
    milestone: own,
    gates:
      gates.length > 0 || milestone
        ? gates
        : [...DEFAULT_MILESTONE_REQUIRED_GATES],
  };
}

const list = (gates: readonly string[]) => gates.join(', ');

/**
 * How a milestone's required CI gates relate to the entity's, in one sentence, e.g.
 * `M3.4 needs build, lint, tests, typecheck green: the component's required CI gates
 * (build, lint, tests, typecheck) plus the gates M3.4 names itself (lint, build).`
 * Every view that shows required gates (milestone, CI gates section, scorecard) shows it.
 *
 * @public
 */
export function describeRequiredGates(required: RequiredGates): string {
  const { milestoneId, entity, milestone, gates } = required;
  if (milestoneId !== null) {
    return `${milestoneId} needs ${list(
      gates,
    )} green: the component's required CI gates (${
      entity.length > 0 ? list(entity) : 'none set'
    }) plus the gates ${milestoneId} names itself (${list(milestone)}).`;
  }
  if (entity.length > 0) {
    return `Without a milestone, the component's required CI gates (${list(
      entity,
    )}) are checked; a milestone needs them plus the gates it names itself.`;
  }
  return `The component sets no required CI gates, so ${list(
    gates,
  )} (a milestone's default) are checked; a milestone needs the gates it names itself.`;
}
