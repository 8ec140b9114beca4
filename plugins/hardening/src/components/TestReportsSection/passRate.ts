import {
  StoredReport,
  TestReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { formatPercent, shortHash } from '../../utils/format';
import { TrendPoint } from '../TrendChart';

/** Passed tests over tests that ran (skipped ones left out); null when none ran. */
export function passRate(
  report: StoredReport<TestReportSummary>,
): number | null {
  const { tests, skipped, passed } = report.summary.totals;
  const ran = tests - skipped;
  return ran > 0 ? passed / ran : null;
}

/** Pass rate per report, oldest first, for the trend chart. */
export function passRatePoints(
  reportsNewestFirst: StoredReport<TestReportSummary>[],
): TrendPoint[] {
  return [...reportsNewestFirst].reverse().map(report => ({
    time: report.receivedAt,
    y: passRate(report),
    detail: report.context.commit
      ? `commit ${shortHash(report.context.commit)}`
      : undefined,
  }));
}

/** One sentence with the figures of the trend. */
export function passRateSummary(points: TrendPoint[]): string {
  const measured = points.filter(p => p.y !== null);
  if (measured.length === 0) return 'No report ran any test.';
  const first = measured[0].y!;
  const last = measured[measured.length - 1].y!;
  const lowest = Math.min(...measured.map(p => p.y!));
  return `Last ${measured.length} report${
    measured.length === 1 ? '' : 's'
  }: ${formatPercent(first)} → ${formatPercent(last)}, lowest ${formatPercent(
    lowest,
  )}.`;
}
