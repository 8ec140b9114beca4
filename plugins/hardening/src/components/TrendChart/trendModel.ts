import { TimeDomain } from './timeScale';

/** One point of a trend: when it was measured (ISO time), `y` null when not measured. */
export type TrendPoint = { time: string; y: number | null; detail?: string };

/** A point as the chart plots it: `t` is its time in epoch milliseconds, the X value. */
export type ChartPoint = TrendPoint & { t: number };

/** The points with a valid time, as chart points, oldest first. */
export function chartPoints(points: readonly TrendPoint[]): ChartPoint[] {
  return points
    .map(point => ({ ...point, t: Date.parse(point.time) }))
    .filter(point => !Number.isNaN(point.t))
    .sort((a, b) => a.t - b.t);
}

/**
 * The time axis of the measured points, from the first to the last; undefined when
 * they fall on fewer than two times, as a single point is no trend.
 */
export function timeDomain(
  points: readonly { t: number; y: number | null }[],
): TimeDomain | undefined {
  const times = points.filter(p => p.y !== null).map(p => p.t);
  if (times.length === 0) return undefined;
  const start = Math.min(...times);
  const end = Math.max(...times);
  return end > start ? [start, end] : undefined;
}
