export { StressRunsSection } from './StressRunsSection';
export type { StressLimits } from './stressTrend';
