import { Theme } from '@material-ui/core/styles';

/**
 * Series colours for a light card: each at least 3:1 against white (WCAG's contrast for
 * graphics) and told apart with the common colour-vision deficiencies (after the
 * Okabe–Ito palette, darkened where it was too pale). Lines differ by dash and marker too.
 */
const LIGHT_SERIES = [
  '#0072B2',
  '#D55E00',
  '#00785A',
  '#A8437F',
  '#8A5A00',
  '#5B4BB7',
  '#616161',
  '#222222',
];

/** The same hues for a dark card: each at least 3:1 against Backstage's dark paper. */
const DARK_SERIES = [
  '#56B4E9',
  '#FF8A80',
  '#3DDC97',
  '#F5A3D0',
  '#F0E442',
  '#B7A8FF',
  '#E0E0E0',
  '#FFB74D',
];

/** The colours of a chart, all from the theme so that a dark theme gets dark charts. */
export type ChartColours = {
  /** The card the chart is drawn on, and the tooltip's background. */
  background: string;
  /** Tooltip, legend and limit-label text. */
  text: string;
  /** Tick labels and axis titles. */
  tick: string;
  /** Grid lines, axis lines and the tooltip's border. */
  grid: string;
  /** The limit lines. */
  limit: string;
  /** The line of a chart with one series. */
  line: string;
  /** One colour per series of a chart with several, in order. */
  series: string[];
};

export function chartColours(theme: Theme): ChartColours {
  const { palette } = theme;
  const dark = palette.type === 'dark';
  return {
    background: palette.background.paper,
    text: palette.text.primary,
    tick: palette.text.secondary,
    grid: palette.divider,
    limit: dark ? palette.error.light : palette.error.dark,
    line: palette.primary.main,
    series: dark ? DARK_SERIES : LIGHT_SERIES,
  };
}
