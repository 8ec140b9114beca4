import { darkTheme, lightTheme } from '@backstage/theme';
import { Theme, ThemeProvider } from '@material-ui/core/styles';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import {
  axisTitles,
  expectReadableTicks,
  rowTexts,
  tickTexts,
} from '../../__testUtils__/charts';
import { formatMs } from '../../utils/format';
import { contrastRatio } from './contrast';
import { TrendChart } from './TrendChart';
import { TrendPoint } from './trendModel';

// Each test draws a recharts chart: seconds on a busy machine.
jest.setTimeout(30_000);

const POINTS: TrendPoint[] = [
  { time: '2026-11-01T10:00:00Z', y: 120, detail: 'scenario share-pack' },
  { time: '2026-11-02T10:00:00Z', y: 90, detail: 'scenario share-pack' },
  { time: '2026-11-09T10:00:00Z', y: 150, detail: 'scenario share-pack' },
];

function renderChart(
  props: { points?: TrendPoint[]; limits?: { owner: string; value: number }[] },
  theme: Theme = lightTheme,
) {
  return render(
    <ThemeProvider theme={theme}>
      <TrendChart
        title="p95 latency per run"
        summary="Worst p95 of the last runs."
        points={props.points ?? POINTS}
        formatY={formatMs}
        yAxis={{ title: 'p95 (ms)', formatTick: String }}
        xTitle="Run started"
        pointName="run"
        measure="p95"
        limits={props.limits}
        timeZone="UTC"
      />
    </ThemeProvider>,
  );
}

const figure = () =>
  screen.getByRole('figure', { name: 'p95 latency per run' });

describe('TrendChart', () => {
  it('says "No trend yet" with the only figure instead of drawing one point', () => {
    const { container } = renderChart({ points: [POINTS[0]] });

    expect(figure()).toHaveTextContent(
      'No trend yet: one run so far (120 ms, Nov 1, 2026, 10:00 AM UTC); the chart starts with the second.',
    );
    expect(container.querySelector('svg.recharts-surface')).toBeNull();
  });

  it('says "No trend yet" when every run is from the same time', () => {
    renderChart({ points: [POINTS[0], { ...POINTS[0], y: 80 }] });

    expect(figure()).toHaveTextContent(
      'No trend yet: every run so far is from Nov 1, 2026, 10:00 AM UTC; the chart starts with one at another time.',
    );
  });

  it('titles both axes with their units and gives readable date ticks', () => {
    const { container } = renderChart({});

    expect(axisTitles(container)).toEqual(['Run started', 'p95 (ms)']);
    expect(tickTexts(container, 'x')).toEqual([
      'Nov 2',
      'Nov 4',
      'Nov 6',
      'Nov 8',
    ]);
    expect(tickTexts(container, 'y')[0]).toBe('0');
  });

  it('labels each limit, one label for equal limits and close ones apart', () => {
    renderChart({
      limits: [
        { owner: 'M3.2', value: 400 },
        { owner: 'M3.4', value: 100 },
        { owner: 'M3.5', value: 100 },
        { owner: 'M3.6', value: 110 },
      ],
    });

    const label = (text: string) => within(figure()).getByText(text);
    expect(label('M3.2 p95 ≤ 400 ms')).toBeInTheDocument();
    const equal = label('M3.4, M3.5 p95 ≤ 100 ms');
    const close = label('M3.6 p95 ≤ 110 ms');
    const y = (element: HTMLElement) => Number(element.getAttribute('y'));
    expect(y(equal) - y(close)).toBeGreaterThanOrEqual(16);
    expect(
      document.querySelectorAll('.recharts-reference-line-line'),
    ).toHaveLength(3);
  });

  it('gives screen readers every point and the limits as a table', () => {
    renderChart({ limits: [{ owner: 'M3.4', value: 100 }] });

    const table = within(figure()).getByRole('table', {
      name: 'p95 latency per run, one row per run. M3.4 p95 ≤ 100 ms',
    });
    expect(rowTexts(table)).toEqual([
      'Timep95 (ms)Detail',
      'Nov 1, 2026, 10:00 AM UTC120 msscenario share-pack',
      'Nov 2, 2026, 10:00 AM UTC90 msscenario share-pack',
      'Nov 9, 2026, 10:00 AM UTC150 msscenario share-pack',
    ]);
  });

  it.each([
    ['light', lightTheme],
    ['dark', darkTheme],
  ])(
    'takes tick, label and tooltip colours from the %s theme, readable on its cards',
    (_name, theme) => {
      const { container } = renderChart(
        { limits: [{ owner: 'M3.4', value: 100 }] },
        theme,
      );
      const paper = theme.palette.background.paper;

      expectReadableTicks(container, theme);
      const limit = within(figure()).getByText('M3.4 p95 ≤ 100 ms');
      expect(limit).toHaveAttribute('fill', theme.palette.text.primary);
      expect(
        contrastRatio(limit.getAttribute('fill')!, paper),
      ).toBeGreaterThanOrEqual(4.5);

      // the keyboard shows the tooltip of the next point, as a pointer would
      const surface = container.querySelector<HTMLElement>(
        'svg[role="application"]',
      )!;
      act(() => surface.focus());
      fireEvent.keyDown(surface, { key: 'ArrowRight' });
      const tooltip = container.querySelector<HTMLElement>(
        '.recharts-default-tooltip',
      )!;
      expect(tooltip).toHaveTextContent(
        'Nov 2, 2026, 10:00 AM UTC · scenario share-pack',
      );
      expect(tooltip).toHaveTextContent('p95 latency per run : 90 ms');
      const probe = document.createElement('div');
      probe.style.backgroundColor = paper;
      probe.style.color = theme.palette.text.primary;
      expect(tooltip.style.backgroundColor).toBe(probe.style.backgroundColor);
      for (const text of [
        tooltip,
        ...tooltip.querySelectorAll<HTMLElement>('p, li'),
      ]) {
        expect(text.style.color).toBe(probe.style.color);
      }
    },
  );
});
