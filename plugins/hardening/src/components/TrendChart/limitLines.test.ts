import { formatMs } from '../../utils/format';
import { limitLabelsWidth, limitLines, staggerLabels } from './limitLines';

describe('limitLines', () => {
  it('draws one line per value, highest first, naming every owner of an equal limit', () => {
    const lines = limitLines(
      [
        { owner: 'M3.2', value: 400 },
        { owner: 'M3.3.1', value: 100 },
        { owner: 'M3.4', value: 100 },
      ],
      'p95',
      formatMs,
    );
    expect(lines.map(l => [l.value, l.label])).toEqual([
      [400, 'M3.2 p95 ≤ 400 ms'],
      [100, 'M3.3.1, M3.4 p95 ≤ 100 ms'],
    ]);
    expect(lines[0].dash).not.toBe(lines[1].dash);
    expect(lines.every(l => l.dash !== '')).toBe(true);
  });

  it('reserves room for the longest label', () => {
    const lines = limitLines([{ owner: 'M1', value: 5 }], 'p95', formatMs);
    expect(limitLabelsWidth(lines)).toBeGreaterThan('M1 p95 ≤ 5 ms'.length * 6);
    expect(limitLabelsWidth([])).toBe(0);
  });
});

describe('staggerLabels', () => {
  const options = { gap: 16, min: 0, max: 200 };

  it('leaves labels that are far apart where they are', () => {
    expect(staggerLabels([150, 20, 90], options)).toEqual([150, 20, 90]);
  });

  it('moves close labels apart, keeping their order', () => {
    const placed = staggerLabels([100, 96, 104], options);
    const byPosition = [...placed].sort((a, b) => a - b);
    expect(placed[1]).toBeLessThan(placed[0]);
    expect(placed[0]).toBeLessThan(placed[2]);
    expect(byPosition[1] - byPosition[0]).toBeGreaterThanOrEqual(16);
    expect(byPosition[2] - byPosition[1]).toBeGreaterThanOrEqual(16);
  });

  it('pushes labels up from the bottom edge instead of out of the chart', () => {
    expect(staggerLabels([198, 199, 200], options)).toEqual([168, 184, 200]);
  });
});
