export { TrendChart } from './TrendChart';
export type { TrendPoint } from './TrendChart';
