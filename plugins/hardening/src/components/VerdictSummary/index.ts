export { VerdictSummary } from './VerdictSummary';
