import { chartPoints, timeDomain } from './trendModel';

describe('chartPoints and timeDomain', () => {
  it('place points by time, so a gap of seven days is seven times a gap of one', () => {
    const points = chartPoints([
      { time: '2026-11-09T10:00:00Z', y: 150 },
      { time: '2026-11-01T10:00:00Z', y: 120 },
      { time: '2026-11-02T10:00:00Z', y: 90 },
      { time: 'not a time', y: 1 },
    ]);
    const domain = timeDomain(points)!;
    const fractions = points.map(
      p => (p.t - domain[0]) / (domain[1] - domain[0]),
    );

    expect(points.map(p => p.y)).toEqual([120, 90, 150]);
    expect(fractions).toEqual([0, 1 / 8, 1]);
    expect(fractions[2] - fractions[1]).toBeCloseTo(7 * (fractions[1] - 0));
  });

  it('has no time axis for a single measured time', () => {
    expect(timeDomain(chartPoints([]))).toBeUndefined();
    expect(
      timeDomain(chartPoints([{ time: '2026-11-01T10:00:00Z', y: 1 }])),
    ).toBeUndefined();
    expect(
      timeDomain(
        chartPoints([
          { time: '2026-11-01T10:00:00Z', y: 1 },
          { time: '2026-11-01T10:00:00Z', y: 2 },
          { time: '2026-11-02T10:00:00Z', y: null },
        ]),
      ),
    ).toBeUndefined();
  });
});
