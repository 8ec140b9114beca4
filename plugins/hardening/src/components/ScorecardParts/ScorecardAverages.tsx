import {
  ScorecardAverages as Averages,
  FLAKY_WINDOW_WORDS,
} from '@hardening/backstage-plugin-hardening-common';
import { formatPercent } from '../../utils/format';
import { formatMeanRank } from '../../utils/scorecards';
import { MetricItem, MetricList } from './MetricList';

function mean(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** The means of a roll-up as a definition list named by `label`. */
export const ScorecardAverages = (props: {
  averages: Averages;
  levelCount: number;
  label: string;
}) => {
  const { averages: a, levelCount, label } = props;
  const items: MetricItem[] = [
    ['Mean level', formatMeanRank(a.rank, levelCount)],
    ['Contract gate pass rate', formatPercent(a.contractGatePassRate)],
    ['Milestone frozen', formatPercent(a.frozenShare)],
    ['Required CI gates green', formatPercent(a.requiredGatesGreenShare)],
    [
      "Stress run within its limits (the current milestone's, else the defaults)",
      formatPercent(a.stressWithinThresholdsShare),
    ],
    ['Release chain verified', formatPercent(a.releaseChainVerifiedShare)],
    ['Open failures per entity', mean(a.openTriageFailures)],
    ['Flaky tests per entity', `${mean(a.flakyTests)} ${FLAKY_WINDOW_WORDS}`],
    ['Stale runbooks per entity', mean(a.staleRunbooks)],
  ].map(([term, value]) => ({ term, value }));
  return <MetricList items={items} label={label} />;
};
