import {
  GroupScorecardSummary,
  ScorecardTrend,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMeanRank, refName } from '../../utils/scorecards';
import {
  axisStyle,
  axisTitle,
  chartColours,
  PointsTable,
  SeriesMarker,
  seriesLook,
  timeAxisProps,
  timeDomain,
  timeTicks,
  tooltipStyle,
} from '../TrendChart';
import { TeamTrendLegend } from './TeamTrendLegend';
import {
  formatSnapshotDay,
  seriesKey,
  TeamTrendRow,
  teamTrendRows,
} from './teamTrend';

/** How many teams get a line: more become unreadable. */
export const TREND_TEAM_LIMIT = 8;

const useStyles = makeStyles(theme => ({
  figure: { margin: theme.spacing(1, 0) },
  caption: { marginBottom: theme.spacing(1) },
}));

/**
 * The mean level of each of the best-ranked teams per snapshot day, as a line chart on
 * a time axis; a figure named `Team trends` whose caption gives each team's first and
 * last value and whose table (for screen readers) every value. With snapshots of a
 * single day it says "No trend yet" and gives that day's values instead.
 */
export const TeamTrendChart = (props: {
  teams: GroupScorecardSummary[];
  trends: ScorecardTrend[];
  levelCount: number;
  weeks: number;
}) => {
  const classes = useStyles();
  const theme = useTheme();
  const colours = chartColours(theme);
  const shown = props.teams
    .slice(0, TREND_TEAM_LIMIT)
    .map(team => ({
      team,
      name: team.title ?? refName(team.groupRef),
      trend: props.trends.find(t => t.groupRef === team.groupRef),
    }))
    .filter(s => (s.trend?.points.length ?? 0) > 0)
    .map((s, index) => ({
      ...s,
      points: s.trend!.points,
      key: seriesKey(index),
      look: seriesLook(index, colours.series),
    }));
  const rows = teamTrendRows(shown.map(s => s.trend!));
  const domain = timeDomain(rows.map(row => ({ t: row.t, y: 0 })));
  const format = (rank: number) => formatMeanRank(rank, props.levelCount);
  const scope = `over the last ${props.weeks} weeks${
    props.teams.length > TREND_TEAM_LIMIT
      ? ` (the ${TREND_TEAM_LIMIT} best-ranked of ${props.teams.length} teams)`
      : ''
  }`;

  let summary: string;
  if (shown.length === 0) {
    summary = `No daily snapshots in the last ${props.weeks} weeks yet: the backend records one a day, the trend appears from the second.`;
  } else if (!domain) {
    summary = `No trend yet: one daily snapshot so far, ${formatSnapshotDay(
      rows[0].day,
    )} (${shown
      .map(s => `${s.name} ${format(s.points[0].averageRank)}`)
      .join(
        ', ',
      )}). The backend records one a day; the chart starts with the second.`;
  } else {
    summary = `Mean level per team ${scope}: ${shown
      .map(({ name, points }) => {
        const first = points[0];
        const last = points[points.length - 1];
        return `${name} ${format(first.averageRank)} on ${formatSnapshotDay(
          first.day,
        )} → ${format(last.averageRank)} on ${formatSnapshotDay(last.day)}`;
      })
      .join('; ')}.`;
  }

  return (
    <figure className={classes.figure} aria-label="Team trends">
      <figcaption className={classes.caption}>
        <Typography variant="body2" color="textSecondary">
          {summary}
        </Typography>
      </figcaption>
      {domain && (
        <>
          <ResponsiveContainer
            width="100%"
            height={280}
            initialDimension={{ width: 640, height: 280 }}
          >
            <LineChart
              data={rows}
              title="Team trends"
              desc={summary}
              margin={{ top: 8, right: 24, bottom: 16, left: 16 }}
            >
              <CartesianGrid stroke={colours.grid} />
              <XAxis
                {...timeAxisProps(
                  domain,
                  timeTicks(domain, { timeZone: 'UTC' }),
                  colours,
                  'UTC',
                )}
                label={axisTitle('Snapshot day (UTC)', colours, 'x')}
                height={44}
              />
              <YAxis
                {...axisStyle(colours)}
                domain={[0, props.levelCount]}
                allowDecimals={false}
                width={48}
                label={axisTitle(
                  `Mean level (of ${props.levelCount})`,
                  colours,
                  'y',
                )}
              />
              <Tooltip
                {...tooltipStyle(theme, colours)}
                formatter={value => format(Number(value))}
                labelFormatter={(_label, payload) => {
                  const row = payload?.[0]?.payload as TeamTrendRow | undefined;
                  return row ? formatSnapshotDay(row.day) : '';
                }}
              />
              {shown.map(({ key, name, look }) => (
                <Line
                  key={key}
                  type="linear"
                  dataKey={key}
                  name={name}
                  stroke={look.colour}
                  strokeDasharray={look.dash}
                  strokeWidth={2}
                  dot={({ cx, cy, index }) => (
                    <SeriesMarker
                      key={index}
                      look={look}
                      cx={Number(cx)}
                      cy={Number(cy)}
                    />
                  )}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <TeamTrendLegend series={shown} />
        </>
      )}
      {shown.length > 0 && (
        <PointsTable
          caption={`Mean level per team and snapshot day ${scope}`}
          columns={['Day', ...shown.map(s => s.name)]}
          rows={rows.map(row => ({
            key: row.day,
            cells: [
              formatSnapshotDay(row.day),
              ...shown.map(s =>
                typeof row[s.key] === 'number'
                  ? format(row[s.key] as number)
                  : 'no snapshot',
              ),
            ],
          }))}
        />
      )}
    </figure>
  );
};
