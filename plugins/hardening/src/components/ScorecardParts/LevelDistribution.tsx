import { ScorecardLevel } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { levelCounts, levelStatus } from '../../utils/scorecards';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 10,
    borderRadius: 5,
    overflow: 'hidden',
    background: theme.palette.action.disabledBackground,
    margin: theme.spacing(1, 0),
  },
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: theme.spacing(0.5),
  },
}));

/**
 * How many entities reached each level: a bar split by level (decoration) and the same
 * counts as text, highest level first, in a list named by `label`.
 */
export const LevelDistribution = (props: {
  levels: readonly ScorecardLevel[];
  counts: Record<string, number>;
  label: string;
}) => {
  const classes = useStyles();
  const theme = useTheme();
  const rows = levelCounts(props.levels, props.counts);
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const colour = (rank: number) => {
    const kind = levelStatus(rank, props.levels.length);
    if (kind === 'ok') return { background: theme.palette.success.main };
    if (kind === 'error') return { background: theme.palette.error.main };
    return {
      background: theme.palette.warning.main,
      opacity: 0.45 + (0.55 * rank) / props.levels.length,
    };
  };
  return (
    <div>
      <div className={classes.bar} aria-hidden>
        {total > 0 &&
          rows
            .filter(row => row.count > 0)
            .map(row => (
              <span
                key={row.id}
                style={{
                  width: `${(100 * row.count) / total}%`,
                  ...colour(row.rank),
                }}
              />
            ))}
      </div>
      <ul className={classes.list} aria-label={props.label}>
        {rows.map(row => (
          <li key={row.id} aria-label={`${row.title}: ${row.count}`}>
            <span
              className={classes.swatch}
              style={colour(row.rank)}
              aria-hidden
            />
            <Typography variant="body2" component="span">
              {row.title} {row.count}
            </Typography>
          </li>
        ))}
      </ul>
    </div>
  );
};
