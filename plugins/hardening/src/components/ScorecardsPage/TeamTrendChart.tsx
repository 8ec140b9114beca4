import {
  GroupScorecardSummary,
  ScorecardTrend,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMeanRank, refName } from '../../utils/scorecards';

/** How many teams get a line: more become unreadable. */
export const TREND_TEAM_LIMIT = 8;

/** Colours told apart with the common colour-vision deficiencies; dashes differ too. */
const COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#7F7F7F',
  '#000000',
];
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

const useStyles = makeStyles(theme => ({
  figure: { margin: theme.spacing(1, 0) },
  caption: { marginBottom: theme.spacing(1) },
}));

type Row = { x: string } & Record<string, number | string | null>;

/** One row per day with each team's mean rank under its group ref. */
function chartRows(trends: ScorecardTrend[]): Row[] {
  const days = new Map<string, Row>();
  for (const trend of trends) {
    for (const point of trend.points) {
      const row = days.get(point.day) ?? { x: point.day };
      row[trend.groupRef] = point.averageRank;
      days.set(point.day, row);
    }
  }
  return [...days.values()].sort((a, b) => a.x.localeCompare(b.x));
}

/**
 * The mean level of each of the best-ranked teams per day, from the daily snapshots, as
 * a line chart; a figure named `Team trends` whose caption gives each team's first and
 * last value, so it reads without the picture.
 */
export const TeamTrendChart = (props: {
  teams: GroupScorecardSummary[];
  trends: ScorecardTrend[];
  levelCount: number;
  weeks: number;
}) => {
  const classes = useStyles();
  const shown = props.teams.slice(0, TREND_TEAM_LIMIT).map(team => ({
    team,
    trend: props.trends.find(t => t.groupRef === team.groupRef),
  }));
  const withPoints = shown.filter(s => (s.trend?.points.length ?? 0) > 0);
  const name = (team: GroupScorecardSummary) =>
    team.title ?? refName(team.groupRef);
  const format = (rank: number) => formatMeanRank(rank, props.levelCount);
  const summary =
    withPoints.length === 0
      ? `No daily snapshots in the last ${props.weeks} weeks yet: the backend records one a day, the trend appears from the second.`
      : `Mean level per team over the last ${props.weeks} weeks${
          props.teams.length > TREND_TEAM_LIMIT
            ? ` (the ${TREND_TEAM_LIMIT} best-ranked of ${props.teams.length} teams)`
            : ''
        }: ${withPoints
          .map(({ team, trend }) => {
            const points = trend!.points;
            const first = points[0];
            const last = points[points.length - 1];
            return `${name(team)} ${format(first.averageRank)} on ${
              first.day
            } → ${format(last.averageRank)} on ${last.day}`;
          })
          .join('; ')}.`;
  return (
    <figure className={classes.figure} aria-label="Team trends">
      <figcaption className={classes.caption}>
        <Typography variant="body2" color="textSecondary">
          {summary}
        </Typography>
      </figcaption>
      {withPoints.length > 0 && (
        <ResponsiveContainer
          width="100%"
          height={280}
          initialDimension={{ width: 640, height: 280 }}
        >
          <LineChart
            data={chartRows(withPoints.map(s => s.trend!))}
            margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis
              domain={[0, props.levelCount]}
              allowDecimals={false}
              tick={{ fontSize: 12 }}
              width={40}
            />
            <Tooltip formatter={value => format(Number(value))} />
            <Legend />
            {withPoints.map(({ team }, index) => (
              <Line
                key={team.groupRef}
                type="monotone"
                dataKey={team.groupRef}
                name={name(team)}
                stroke={COLOURS[index % COLOURS.length]}
                strokeDasharray={DASHES[index % DASHES.length]}
                strokeWidth={2}
                dot={{ r: 2 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
};
