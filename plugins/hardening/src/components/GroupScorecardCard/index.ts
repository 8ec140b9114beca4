export { GroupScorecardCard } from './GroupScorecardCard';
