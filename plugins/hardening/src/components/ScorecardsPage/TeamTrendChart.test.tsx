import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { darkTheme } from '@backstage/theme';
import { ThemeProvider } from '@material-ui/core/styles';
import { render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  groupSummary,
  orgResponse,
} from '../../__testUtils__/scorecardFixtures';
import { renderScorecards } from '../../__testUtils__/renderScorecards';
import { baseUrl } from '../../__testUtils__/renderWithEntity';
import { listItemTexts } from '../../__testUtils__/tables';
import {
  axisTitles,
  expectReadableTicks,
  rowTexts,
  tickTexts,
} from '../../__testUtils__/charts';
import { chartColours } from '../TrendChart';
import { contrastRatio } from '../TrendChart/contrast';
import { ScorecardsPage } from './ScorecardsPage';
import { TeamTrendChart } from './TeamTrendChart';

const server = setupServer();
registerMswTestHooks(server);

// The page renders material tables and the chart: seconds on a busy machine.
jest.setTimeout(30_000);

const TEAMS = ['payments', 'search', 'identity', 'billing', 'ledger', 'mobile'];
const teams = TEAMS.map((name, i) =>
  groupSummary(name, { position: i + 1, title: name.toUpperCase() }),
);

const trend = (team: string, points: [string, number][]) => ({
  groupRef: `group:default/${team}`,
  points: points.map(([day, averageRank]) => ({
    day,
    entities: 2,
    levels: {},
    averageRank,
  })),
});

describe('TeamTrendChart', () => {
  it('says "No trend yet" with each team\'s figure when every snapshot is from one day', async () => {
    server.use(
      http.get(`${baseUrl}/scorecards/org`, () =>
        HttpResponse.json(
          orgResponse({
            teams,
            trends: TEAMS.map((name, i) =>
              trend(name, [['2026-11-21', i * 0.5]]),
            ),
          }),
        ),
      ),
    );
    await renderScorecards(<ScorecardsPage />);

    const figure = await screen.findByRole('figure', { name: 'Team trends' });
    expect(figure).toHaveTextContent(
      'No trend yet: one daily snapshot so far, Nov 21, 2026 (PAYMENTS 0.0 of 3, SEARCH 0.5 of 3, IDENTITY 1.0 of 3, BILLING 1.5 of 3, LEDGER 2.0 of 3, MOBILE 2.5 of 3). The backend records one a day; the chart starts with the second.',
    );
    expect(figure.querySelector('svg.recharts-surface')).toBeNull();
  });

  it('draws the teams in the dark theme with themed ticks, tooltip and legend', () => {
    const { container } = render(
      <ThemeProvider theme={darkTheme}>
        <TeamTrendChart
          teams={teams.slice(0, 3)}
          trends={[
            trend('payments', [
              ['2026-11-01', 1],
              ['2026-11-02', 1.5],
              ['2026-11-09', 2],
            ]),
            trend('search', [
              ['2026-11-01', 0],
              ['2026-11-09', 0.5],
            ]),
            trend('identity', [['2026-11-09', 3]]),
          ]}
          levelCount={3}
          weeks={4}
        />
      </ThemeProvider>,
    );
    const paper = darkTheme.palette.background.paper;
    const colours = chartColours(darkTheme);
    const figure = screen.getByRole('figure', { name: 'Team trends' });

    expect(figure).toHaveTextContent(
      'Mean level per team over the last 4 weeks: PAYMENTS 1.0 of 3 on Nov 1, 2026 → 2.0 of 3 on Nov 9, 2026; SEARCH 0.0 of 3 on Nov 1, 2026 → 0.5 of 3 on Nov 9, 2026; IDENTITY 3.0 of 3 on Nov 9, 2026 → 3.0 of 3 on Nov 9, 2026.',
    );
    expect(axisTitles(container)).toEqual([
      'Snapshot day (UTC)',
      'Mean level (of 3)',
    ]);
    expect(tickTexts(container, 'x')).toEqual([
      'Nov 1',
      'Nov 3',
      'Nov 5',
      'Nov 7',
      'Nov 9',
    ]);
    expectReadableTicks(container, darkTheme);
    const tooltip = container.querySelector<HTMLElement>(
      '.recharts-default-tooltip',
    )!;
    expect(tooltip.style.backgroundColor).toBe('rgb(66, 66, 66)');

    const strokes = [...container.querySelectorAll('.recharts-line-curve')].map(
      line => [
        line.getAttribute('stroke'),
        line.getAttribute('stroke-dasharray') ?? '',
      ],
    );
    expect(strokes).toEqual([
      [colours.series[0], ''],
      [colours.series[1], '6 3'],
      [colours.series[2], '2 2'],
    ]);

    expect(listItemTexts('Teams in the chart')).toEqual([
      'PAYMENTS',
      'SEARCH',
      'IDENTITY',
    ]);
    const [firstTeam] = within(figure).getAllByRole('listitem');
    const legendText = getComputedStyle(firstTeam).color;
    expect(legendText).toBe('rgb(255, 255, 255)');
    expect(contrastRatio(legendText, paper)).toBeGreaterThanOrEqual(4.5);

    const table = within(figure).getByRole('table', {
      name: 'Mean level per team and snapshot day over the last 4 weeks',
    });
    expect(rowTexts(table)).toEqual([
      'DayPAYMENTSSEARCHIDENTITY',
      'Nov 1, 20261.0 of 30.0 of 3no snapshot',
      'Nov 2, 20261.5 of 3no snapshotno snapshot',
      'Nov 9, 20262.0 of 30.5 of 33.0 of 3',
    ]);
  });
});
