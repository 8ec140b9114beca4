import { ScorecardAverages as Averages } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatPercent } from '../../utils/format';
import { formatMeanRank } from '../../utils/scorecards';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
    gap: theme.spacing(1, 2),
    margin: theme.spacing(1, 0),
  },
  value: { margin: 0, fontWeight: 500 },
}));

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
  const classes = useStyles();
  const items: Array<[string, string]> = [
    ['Mean level', formatMeanRank(a.rank, levelCount)],
    ['Contract gate pass rate', formatPercent(a.contractGatePassRate)],
    ['Milestone frozen', formatPercent(a.frozenShare)],
    ['Required CI gates green', formatPercent(a.requiredGatesGreenShare)],
    ['Stress within thresholds', formatPercent(a.stressWithinThresholdsShare)],
    ['Release chain verified', formatPercent(a.releaseChainVerifiedShare)],
    ['Open failures per entity', mean(a.openTriageFailures)],
    ['Flaky tests per entity', mean(a.flakyTests)],
    ['Stale runbooks per entity', mean(a.staleRunbooks)],
  ];
  return (
    <dl className={classes.list} aria-label={label}>
      {items.map(([term, value]) => (
        <div key={term}>
          <Typography component="dt" variant="caption" color="textSecondary">
            {term}
          </Typography>
          <Typography component="dd" variant="body1" className={classes.value}>
            {value}
          </Typography>
        </div>
      ))}
    </dl>
  );
};
