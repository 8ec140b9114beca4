import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SeriesLook, SeriesSwatch } from '../TrendChart';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    listStyle: 'none',
    margin: theme.spacing(1, 0, 0),
    padding: 0,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    color: theme.palette.text.primary,
  },
}));

/**
 * The legend of the team chart: each team's line sample (colour, dash and marker) and
 * its name in the theme's text colour, so it reads on light and dark cards alike.
 */
export const TeamTrendLegend = (props: {
  series: { key: string; name: string; look: SeriesLook }[];
}) => {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="Teams in the chart">
      {props.series.map(({ key, name, look }) => (
        <li key={key} className={classes.item}>
          <SeriesSwatch look={look} />
          <Typography variant="body2" component="span">
            {name}
          </Typography>
        </li>
      ))}
    </ul>
  );
};
