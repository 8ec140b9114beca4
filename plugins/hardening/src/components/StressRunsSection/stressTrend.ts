import {
  StoredReport,
  StressPhase,
  StressRunSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { formatDay, formatTime } from '../../utils/format';
import { TrendPoint } from '../TrendChart';

/** The limits the stress charts draw, from the current milestone or else the newest run. */
export type StressLimits = {
  p95Ms: number;
  errorRate: number;
  /** Who set them, e.g. `M3.3.1` or `the newest run`. */
  source: string;
};

function measuredPhases(run: StoredReport<StressRunSummary>): StressPhase[] {
  return run.summary.run.phases.filter(phase => phase.kind !== 'negative');
}

/** The worst p95 of the run's happy and read phases; null without one. */
export function worstP95(run: StoredReport<StressRunSummary>): number | null {
  const values = measuredPhases(run)
    .map(phase => phase.latencyMs?.p95)
    .filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? Math.max(...values) : null;
}

/** The worst failures / requests of the run's happy and read phases; null without requests. */
export function worstErrorRate(
  run: StoredReport<StressRunSummary>,
): number | null {
  const rates = measuredPhases(run)
    .filter(phase => phase.requests > 0)
    .map(phase => phase.failures / phase.requests);
  return rates.length > 0 ? Math.max(...rates) : null;
}

function points(
  runsNewestFirst: StoredReport<StressRunSummary>[],
  measure: (run: StoredReport<StressRunSummary>) => number | null,
): TrendPoint[] {
  return [...runsNewestFirst].reverse().map(run => ({
    x: formatDay(run.summary.run.startedAt),
    y: measure(run),
    detail: `${run.summary.run.scenario} · ${formatTime(
      run.summary.run.startedAt,
    )}`,
  }));
}

export function p95Points(runs: StoredReport<StressRunSummary>[]) {
  return points(runs, worstP95);
}

export function errorRatePoints(runs: StoredReport<StressRunSummary>[]) {
  return points(runs, worstErrorRate);
}

/** How many measured points are above a limit. */
export function pointsOver(trend: TrendPoint[], limit: number): number {
  return trend.filter(p => p.y !== null && p.y > limit).length;
}
