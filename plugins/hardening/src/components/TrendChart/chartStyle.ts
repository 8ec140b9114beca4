import { Theme } from '@material-ui/core/styles';
import { ChartColours, chartColours } from './chartColours';
import { formatTick, TimeDomain } from './timeScale';

/** Tick labels: 12 px, in the theme's secondary text colour. */
export function tickStyle(colours: ChartColours) {
  return { fill: colours.tick, fontSize: 12 };
}

/** An axis title (`p95 (ms)`), in the tick colour. */
export function axisTitle(
  value: string,
  colours: ChartColours,
  axis: 'x' | 'y',
) {
  return axis === 'y'
    ? {
        value,
        angle: -90,
        position: 'insideLeft' as const,
        style: { textAnchor: 'middle' as const },
        fill: colours.tick,
        fontSize: 12,
      }
    : {
        value,
        position: 'insideBottom' as const,
        fill: colours.tick,
        fontSize: 12,
      };
}

/** The props every axis shares: themed ticks and lines. */
export function axisStyle(colours: ChartColours) {
  return {
    tick: tickStyle(colours),
    stroke: colours.grid,
    tickLine: { stroke: colours.grid },
  };
}

/**
 * The props of a numeric time axis over `domain` with the given ticks: a gap of seven
 * days is seven times as wide as a gap of one.
 */
export function timeAxisProps(
  domain: TimeDomain,
  ticks: { ticks: number[]; step: number },
  colours: ChartColours,
  timeZone?: string,
) {
  return {
    ...axisStyle(colours),
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain,
    ticks: ticks.ticks,
    interval: 0 as const,
    tickFormatter: (value: number) =>
      formatTick(value, { step: ticks.step, domain, timeZone }),
  };
}

/** A tooltip on the card's colour with the theme's text: readable in the dark theme. */
export function tooltipStyle(theme: Theme, colours = chartColours(theme)) {
  const text = { color: colours.text };
  return {
    contentStyle: {
      backgroundColor: colours.background,
      border: `1px solid ${colours.grid}`,
      borderRadius: theme.shape.borderRadius,
      boxShadow: theme.shadows[4],
      ...text,
    },
    labelStyle: { ...text, fontWeight: 500 },
    itemStyle: text,
    cursor: { stroke: colours.tick, strokeDasharray: '3 3' },
  };
}
