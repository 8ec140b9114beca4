export { MilestoneFormButton } from './MilestoneFormButton';
export { MilestoneSavedMessage } from './MilestoneSavedMessage';
export type { SavedMilestone } from './MilestoneSavedMessage';
