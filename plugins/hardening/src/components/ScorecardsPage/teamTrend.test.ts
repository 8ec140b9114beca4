import { formatSnapshotDay, teamTrendRows } from './teamTrend';

const point = (day: string, averageRank: number) => ({
  day,
  entities: 2,
  levels: {},
  averageRank,
});

describe('teamTrendRows', () => {
  it('gives one row per day on a time axis, each team under its own series key', () => {
    const rows = teamTrendRows([
      {
        groupRef: 'group:default/payments.core',
        points: [point('2026-11-01', 1), point('2026-11-09', 2)],
      },
      {
        groupRef: 'group:default/search',
        points: [point('2026-11-02', 0.5), point('2026-11-01', 0)],
      },
    ]);

    expect(rows.map(({ day, team0, team1 }) => [day, team0, team1])).toEqual([
      ['2026-11-01', 1, 0],
      ['2026-11-02', undefined, 0.5],
      ['2026-11-09', 2, undefined],
    ]);
    const [first, second, last] = rows.map(row => row.t);
    expect((last - second) / (second - first)).toBe(7);
    expect(first).toBe(Date.parse('2026-11-01T00:00:00Z'));
  });
});

describe('formatSnapshotDay', () => {
  it('writes a UTC snapshot day for people, whatever the viewer’s zone', () => {
    expect(formatSnapshotDay('2026-11-01')).toBe('Nov 1, 2026');
    expect(formatSnapshotDay('someday')).toBe('someday');
  });
});
