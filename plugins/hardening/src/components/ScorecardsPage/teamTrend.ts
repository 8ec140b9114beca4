import { ScorecardTrend } from '@hardening/backstage-plugin-hardening-common';

/** One snapshot day of the team chart: its time and each team's mean level by series key. */
export type TeamTrendRow = { t: number; day: string } & Record<
  string,
  number | string
>;

/** The series key of the `index`th team: group refs hold characters recharts reads as paths. */
export const seriesKey = (index: number) => `team${index}`;

/** A snapshot day (`2026-11-21`, a UTC day) as the time of its start. */
export function dayTime(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** `Nov 21, 2026`: a snapshot day for people. */
export function formatSnapshotDay(day: string): string {
  const time = dayTime(day);
  if (Number.isNaN(time)) return day;
  return new Intl.DateTimeFormat('en', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(time);
}

/**
 * One row per snapshot day, oldest first, with the mean level of the `index`th trend
 * under `seriesKey(index)`; placed on the time axis by `t`, so a week without
 * snapshots is a week wide.
 */
export function teamTrendRows(
  trends: readonly ScorecardTrend[],
): TeamTrendRow[] {
  const days = new Map<string, TeamTrendRow>();
  trends.forEach((trend, index) => {
    for (const point of trend.points) {
      const t = dayTime(point.day);
      if (Number.isNaN(t)) continue;
      const row = days.get(point.day) ?? { t, day: point.day };
      row[seriesKey(index)] = point.averageRank;
      days.set(point.day, row);
    }
  });
  return [...days.values()].sort((a, b) => a.t - b.t);
}
