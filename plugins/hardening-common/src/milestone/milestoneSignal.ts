import { FreezeState } from './freezeChecklist';

/**
 * The signal channel (`@backstage/plugin-signals`) on which the Hardening backend
 * announces that an entity's milestones changed: a freeze, or a regression found after
 * new evidence. Open Hardening pages subscribe to it to reload their milestones. Its
 * messages are {@link MilestonesSignal}s, sent to the entity's owner (the members of the
 * owning group) and to the user whose request caused them, never broadcast; a page
 * keeps only those naming its own entity.
 *
 * @public
 */
export const HARDENING_MILESTONES_SIGNAL_CHANNEL = 'hardening:milestones';

/**
 * The message of a {@link HARDENING_MILESTONES_SIGNAL_CHANNEL} signal: which entity's
 * milestone changed, and the state it is in now.
 *
 * @public
 */
export type MilestonesSignal = {
  entityRef: string;
  milestoneId: string;
  state: FreezeState;
};
