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
import { formatExactTime } from '../Words';
import { chartColours } from './chartColours';
import {
  axisStyle,
  axisTitle,
  timeAxisProps,
  tooltipStyle,
} from './chartStyle';
import { LimitLabels } from './LimitLabels';
import { ChartLimit, limitLabelsWidth, limitLines } from './limitLines';
import { PointsTable } from './PointsTable';
import { timeTicks } from './timeScale';
import { chartPoints, timeDomain, TrendPoint } from './trendModel';

const useStyles = makeStyles(theme => ({
  figure: { margin: theme.spacing(2, 0) },
  caption: { marginBottom: theme.spacing(1) },
}));

/** The Y axis: its title with the unit (`p95 (ms)`) and its tick format. */
export type TrendAxis = {
  title: string;
  formatTick: (value: number) => string;
  /** The top of the axis, e.g. 1 for a rate; from the data and limits otherwise. */
  max?: number;
};

/**
 * A line chart of one measure over time on a time axis (a week's gap is wider than a
 * day's), the Y axis from zero, each limit a dashed line labelled with its owners
 * (`M3.4 p95 ≤ 100 ms`). The figure is named by `title`, described by `summary` (a
 * sentence with the figures that matter) and carries its points as a table for screen
 * readers. With fewer than two measured times it says "No trend yet" instead.
 */
export const TrendChart = (props: {
  title: string;
  summary: string;
  points: TrendPoint[];
  /** A value with its unit, for the tooltip and the table: `120 ms`. */
  formatY: (value: number) => string;
  yAxis: TrendAxis;
  /** The X axis title: `Run started`. */
  xTitle: string;
  /** What a point is, for "No trend yet": `run`, `report`. */
  pointName: string;
  /** What the limits bound, in their labels: `p95`. */
  measure?: string;
  limits?: ChartLimit[];
  height?: number;
  /** The zone of the dates; the viewer's own without one (tests pass one). */
  timeZone?: string;
}) => {
  const { title, summary, formatY, yAxis, timeZone } = props;
  const classes = useStyles();
  const theme = useTheme();
  const colours = chartColours(theme);
  const height = props.height ?? 240;
  const points = chartPoints(props.points);
  const domain = timeDomain(points);
  const lines = limitLines(props.limits ?? [], props.measure ?? '', formatY);
  const when = (time: string) => formatExactTime(time, { timeZone });

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
      {domain ? (
        <ResponsiveContainer
          width="100%"
          height={height}
          initialDimension={{ width: 640, height }}
        >
          <LineChart
            data={points}
            title={title}
            desc={summary}
            margin={{
              top: 8,
              right: Math.max(24, limitLabelsWidth(lines)),
              bottom: 16,
              left: 16,
            }}
          >
            <CartesianGrid stroke={colours.grid} />
            <XAxis
              {...timeAxisProps(
                domain,
                timeTicks(domain, { timeZone }),
                colours,
                timeZone,
              )}
              label={axisTitle(props.xTitle, colours, 'x')}
              height={44}
            />
            <YAxis
              {...axisStyle(colours)}
              tickFormatter={value => yAxis.formatTick(Number(value))}
              width={64}
              domain={[0, yAxis.max ?? 'auto']}
              label={axisTitle(yAxis.title, colours, 'y')}
            />
            <Tooltip
              {...tooltipStyle(theme, colours)}
              formatter={value => formatY(Number(value))}
              labelFormatter={(_label, payload) => {
                const point = payload?.[0]?.payload as
                  | (TrendPoint & { t: number })
                  | undefined;
                if (!point) return '';
                return [when(point.time), point.detail]
                  .filter(Boolean)
                  .join(' · ');
              }}
            />
            {lines.map(line => (
              <ReferenceLine
                key={line.value}
                y={line.value}
                stroke={colours.limit}
                strokeWidth={1.5}
                strokeDasharray={line.dash}
                ifOverflow="extendDomain"
              />
            ))}
            <Line
              type="linear"
              dataKey="y"
              name={title}
              stroke={colours.line}
              strokeWidth={2}
              dot={{ r: 3, fill: colours.line }}
              connectNulls={false}
              isAnimationActive={false}
            />
            <LimitLabels
              lines={lines}
              lineColour={colours.limit}
              textColour={colours.text}
            />
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <Typography variant="body2">
          No trend yet: {noTrendReason(points, props.pointName, formatY, when)}
        </Typography>
      )}
      <PointsTable
        caption={[
          `${title}, one row per ${props.pointName}`,
          ...lines.map(line => line.label),
        ].join('. ')}
        columns={['Time', yAxis.title, 'Detail']}
        rows={points.map(point => ({
          key: `${point.t}-${point.detail ?? ''}`,
          cells: [
            when(point.time),
            point.y === null ? 'not measured' : formatY(point.y),
            point.detail ?? '',
          ],
        }))}
      />
    </figure>
  );
};

function noTrendReason(
  points: (TrendPoint & { t: number })[],
  pointName: string,
  formatY: (value: number) => string,
  when: (time: string) => string,
): string {
  const measured = points.filter(p => p.y !== null);
  if (measured.length === 0) return `no ${pointName} has a figure yet.`;
  const only = measured[0];
  if (measured.length === 1) {
    return `one ${pointName} so far (${formatY(only.y!)}, ${when(
      only.time,
    )}); the chart starts with the second.`;
  }
  return `every ${pointName} so far is from ${when(
    only.time,
  )}; the chart starts with one at another time.`;
}
