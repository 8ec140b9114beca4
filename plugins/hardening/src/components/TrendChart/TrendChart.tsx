import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** One point of a trend: `x` is its label on the time axis, `y` null when not measured. */
export type TrendPoint = { x: string; y: number | null; detail?: string };

const useStyles = makeStyles(theme => ({
  figure: { margin: theme.spacing(2, 0) },
  caption: { marginBottom: theme.spacing(1) },
}));

/**
 * A line chart of one measure over time, oldest point first, with an optional threshold
 * drawn as a dashed horizontal line. The figure is named by `title` and described by
 * `summary` (a sentence with the figures that matter), so it reads without the picture.
 */
export const TrendChart = (props: {
  title: string;
  summary: string;
  points: TrendPoint[];
  formatY: (value: number) => string;
  threshold?: { value: number; label: string };
  yDomain?: [number | 'auto', number | 'auto'];
  height?: number;
}) => {
  const { title, summary, points, formatY, threshold, yDomain } = props;
  const classes = useStyles();
  const theme = useTheme();
  const height = props.height ?? 220;
  return (
    <figure className={classes.figure} aria-label={title}>
      <figcaption className={classes.caption}>
        <Typography variant="subtitle2" component="span">
          {title}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {summary}
        </Typography>
      </figcaption>
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 640, height }}
      >
        <LineChart
          data={points}
          margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis
            tickFormatter={value => formatY(Number(value))}
            tick={{ fontSize: 12 }}
            width={64}
            domain={yDomain ?? ['auto', 'auto']}
          />
          <Tooltip
            formatter={value => formatY(Number(value))}
            labelFormatter={(label, payload) =>
              payload?.[0]?.payload?.detail ?? label
            }
          />
          <Line
            type="monotone"
            dataKey="y"
            name={title}
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
          {threshold && (
            <ReferenceLine
              y={threshold.value}
              stroke={theme.palette.error.main}
              strokeDasharray="6 4"
              ifOverflow="extendDomain"
              label={{
                value: threshold.label,
                position: 'insideTopRight',
                fill: theme.palette.error.main,
                fontSize: 12,
              }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
};
