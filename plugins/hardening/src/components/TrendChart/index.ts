export { TrendChart } from './TrendChart';
export type { TrendAxis } from './TrendChart';
export type { TrendPoint } from './trendModel';
export { timeDomain } from './trendModel';
export type { ChartLimit } from './limitLines';
export { chartColours } from './chartColours';
export {
  axisStyle,
  axisTitle,
  timeAxisProps,
  tooltipStyle,
} from './chartStyle';
export { timeTicks } from './timeScale';
export { PointsTable } from './PointsTable';
export { SeriesMarker, SeriesSwatch, seriesLook } from './SeriesMarker';
export type { SeriesLook } from './SeriesMarker';
