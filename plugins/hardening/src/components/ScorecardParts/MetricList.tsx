import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
    gap: theme.spacing(1, 2),
    margin: theme.spacing(1, 0),
  },
  value: { margin: 0, fontWeight: 500 },
}));

/** One term of a {@link MetricList}, what it is and, optionally, what it means. */
export type MetricItem = {
  term: string;
  value: ReactNode;
  description?: string;
};

/** Metrics as a compact definition list named by `label`, in a grid of columns. */
export const MetricList = (props: { items: MetricItem[]; label: string }) => {
  const classes = useStyles();
  return (
    <dl className={classes.list} aria-label={props.label}>
      {props.items.map(({ term, value, description }) => (
        <div key={term}>
          <Typography component="dt" variant="caption" color="textSecondary">
            {term}
          </Typography>
          <Typography component="dd" variant="body1" className={classes.value}>
            {value}
            {description && (
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                {description}
              </Typography>
            )}
          </Typography>
        </div>
      ))}
    </dl>
  );
};
