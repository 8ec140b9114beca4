import { darkTheme, lightTheme } from '@backstage/theme';
import { chartColours } from './chartColours';
import { contrastRatio } from './contrast';

describe('contrastRatio', () => {
  it('gives the WCAG ratios of known pairs', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#FFFFFF')).toBeCloseTo(4.54, 2);
    // recharts' default tick grey on Backstage's dark paper: the ratio the issue measured
    expect(contrastRatio('#666', '#424242')).toBeCloseTo(1.75, 1);
  });

  it('paints a translucent colour over the background first', () => {
    expect(contrastRatio('rgba(0, 0, 0, 0.5)', '#FFFFFF')).toBeCloseTo(
      contrastRatio('#808080', '#FFFFFF'),
      1,
    );
    expect(contrastRatio('#00000000', '#424242')).toBeCloseTo(1, 5);
  });
});

describe.each([
  ['light', lightTheme],
  ['dark', darkTheme],
])('chart colours in the %s theme', (_name, theme) => {
  const colours = chartColours(theme);

  it('draws on the card colour', () => {
    expect(colours.background).toBe(theme.palette.background.paper);
  });

  it('gives text at least 4.5:1 against the card', () => {
    for (const text of [colours.text, colours.tick]) {
      expect(contrastRatio(text, colours.background)).toBeGreaterThanOrEqual(
        4.5,
      );
    }
  });

  it('gives lines at least 3:1 against the card, and grid lines that stay in the background', () => {
    for (const line of [colours.limit, colours.line, ...colours.series]) {
      expect(contrastRatio(line, colours.background)).toBeGreaterThanOrEqual(3);
    }
    expect(contrastRatio(colours.grid, colours.background)).toBeLessThan(3);
  });

  it('gives every series its own colour', () => {
    expect(new Set(colours.series).size).toBe(colours.series.length);
  });
});
