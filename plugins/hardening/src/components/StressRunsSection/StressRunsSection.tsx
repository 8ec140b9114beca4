import { MilestoneStatus } from '@hardening/backstage-plugin-hardening-common';
import { useHardeningData } from '../../hooks';
import { formatMs, formatPercent } from '../../utils/format';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { TrendChart } from '../TrendChart';
import { UploadHint } from '../UploadHint';
import { LatestStressRun } from './LatestStressRun';
import {
  ERROR_RATE_CHART,
  errorRatePoints,
  P95_CHART,
  p95Points,
  pointsOver,
  stressChartLimits,
  StressLimits,
} from './stressTrend';

/** How many recent runs the charts cover. */
const TREND_RUNS = 30;

/**
 * The "Stress runs" section: p95 and error rate of the recent runs against the current
 * milestone's limits (the newest run's own thresholds when there is no milestone), and
 * the newest run in detail.
 */
export const StressRunsSection = (props: {
  milestoneLimits?: StressLimits;
  /** Every milestone of the entity: its verdict on the newest run against its own limits, and its limits in the charts. */
  milestones?: MilestoneStatus[];
}) => {
  const state = useHardeningData(
    async (api, entityRef) =>
      (await api.listStressRuns(entityRef, { limit: TREND_RUNS })).items,
  );
  return (
    <SectionCard id="stress-runs" title="Stress runs">
      <AsyncContent
        state={state}
        errorTitle="Could not load the stress runs"
        isEmpty={runs => runs.length === 0}
        empty={
          <UploadHint
            title="No stress runs yet"
            description="Upload a stress run as a native JSON document (phases and thresholds) or a k6 end-of-test summary (add format=k6&scenario=<name>). The freeze checklist needs a run with no errors on the happy path, every negative request denied and p95 under the milestone's limit."
            example={{
              method: 'POST',
              path: '/stress-runs?commit=$GIT_SHA',
              contentType: 'application/json',
              file: 'stress-run.json',
            }}
          />
        }
      >
        {runs => {
          const newest = runs[0].summary.run.thresholds;
          const limits: StressLimits = props.milestoneLimits ?? {
            p95Ms: newest.p95Ms,
            errorRate: newest.maxErrorRate,
            source: 'the newest run',
          };
          const p95 = p95Points(runs);
          const errors = errorRatePoints(runs);
          const lines = stressChartLimits(props.milestones, limits);
          return (
            <>
              <LatestStressRun run={runs[0]} milestones={props.milestones} />
              <TrendChart
                title="p95 latency per run"
                summary={`Worst p95 of the happy and read phases of the last ${
                  p95.length
                } runs; ${pointsOver(
                  p95,
                  limits.p95Ms,
                )} above the limit of ${formatMs(limits.p95Ms)} set by ${
                  limits.source
                }.`}
                points={p95}
                formatY={formatMs}
                {...P95_CHART}
                limits={lines.p95}
              />
              <TrendChart
                title="Error rate per run"
                summary={`Worst error rate of the happy and read phases of the last ${
                  errors.length
                } runs; ${pointsOver(
                  errors,
                  limits.errorRate,
                )} above the limit of ${formatPercent(
                  limits.errorRate,
                )} set by ${limits.source}.`}
                points={errors}
                formatY={formatPercent}
                {...ERROR_RATE_CHART}
                limits={lines.errorRate}
              />
            </>
          );
        }}
      </AsyncContent>
    </SectionCard>
  );
};
