export { MilestoneChecklist } from './MilestoneChecklist';
