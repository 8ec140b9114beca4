import { Theme } from '@material-ui/core/styles';
import { within } from '@testing-library/react';
import { contrastRatio } from '../components/TrendChart/contrast';

/** The titles of a recharts chart's axes (`Run started`, `p95 (ms)`), X first. */
export function axisTitles(container: Element): Array<string | null> {
  return [...container.querySelectorAll('.recharts-label')].map(
    title => title.textContent,
  );
}

/** The tick labels of a recharts chart's X or Y axis, in order. */
export function tickTexts(
  container: Element,
  axis: 'x' | 'y',
): Array<string | null> {
  return [
    ...container.querySelectorAll(
      `.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`,
    ),
  ].map(tick => tick.textContent);
}

/**
 * Checks that every tick label of the charts in `container` is painted in the theme's
 * secondary text colour and reaches 4.5:1 against the theme's cards.
 */
export function expectReadableTicks(container: Element, theme: Theme) {
  const ticks = container.querySelectorAll(
    '.recharts-cartesian-axis-tick-value',
  );
  expect(ticks.length).toBeGreaterThan(0);
  for (const tick of ticks) {
    const fill = tick.getAttribute('fill')!;
    expect(fill).toBe(theme.palette.text.secondary);
    expect(
      contrastRatio(fill, theme.palette.background.paper),
    ).toBeGreaterThanOrEqual(4.5);
  }
}

/** The text of each row of `table`, header row first. */
export function rowTexts(table: HTMLElement): Array<string | null> {
  return within(table)
    .getAllByRole('row')
    .map(row => row.textContent);
}
