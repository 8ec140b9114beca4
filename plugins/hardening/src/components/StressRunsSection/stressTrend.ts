import {
  MilestoneStatus,
  StoredReport,
  StressPhase,
  StressRunSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { formatPercent } from '../../utils/format';
import { ChartLimit, TrendPoint } from '../TrendChart';

/** The limits the stress charts draw, from the current milestone or else the newest run. */
export type StressLimits = {
  p95Ms: number;
  errorRate: number;
  /** Who set them, e.g. `M3.3.1` or `the newest run`. */
  source: string;
};

const RUN_AXIS = { xTitle: 'Run started', pointName: 'run' };

/** The axes of the p95 chart: milliseconds from zero. */
export const P95_CHART = {
  ...RUN_AXIS,
  yAxis: {
    title: 'p95 (ms)',
    formatTick: (ms: number) => ms.toLocaleString('en'),
  },
  measure: 'p95',
};

/** The axes of the error-rate chart: percent from zero. */
export const ERROR_RATE_CHART = {
  ...RUN_AXIS,
  yAxis: { title: 'Error rate (%)', formatTick: formatPercent },
  measure: 'error rate',
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
    time: run.summary.run.startedAt,
    y: measure(run),
    detail: `scenario ${run.summary.run.scenario}`,
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

/**
 * The limit lines of the two stress charts: every milestone's limits, named by its id
 * (in id order, so equal limits read `M3.2, M3.4`); without milestones, the limits the
 * charts are judged against, named by who set them.
 */
export function stressChartLimits(
  milestones: readonly MilestoneStatus[] | undefined,
  fallback: StressLimits,
): { p95: ChartLimit[]; errorRate: ChartLimit[] } {
  const owners =
    milestones && milestones.length > 0
      ? milestones
          .map(({ milestone }) => ({
            owner: milestone.id,
            p95Ms: milestone.thresholds.p95LimitMs,
            errorRate: milestone.thresholds.errorRateLimit,
          }))
          .sort((a, b) =>
            a.owner.localeCompare(b.owner, 'en', { numeric: true }),
          )
      : [
          {
            ...fallback,
            owner: fallback.source
              .replace(/^the /, '')
              .replace(/^./, c => c.toUpperCase()),
          },
        ];
  return {
    p95: owners.map(o => ({ owner: o.owner, value: o.p95Ms })),
    errorRate: owners.map(o => ({ owner: o.owner, value: o.errorRate })),
  };
}
