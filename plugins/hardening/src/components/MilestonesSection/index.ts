export { MilestonesSection } from './MilestonesSection';
