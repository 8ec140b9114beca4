import { DAY, formatTick, timeTicks, zoneOffset } from './timeScale';

const at = (iso: string) => Date.parse(iso);
const iso = (times: number[]) => times.map(t => new Date(t).toISOString());

describe('timeTicks', () => {
  it('puts day ticks on midnights of the zone, a round number of days apart', () => {
    const domain: [number, number] = [
      at('2026-11-01T10:00:00Z'),
      at('2026-11-09T10:00:00Z'),
    ];
    const utc = timeTicks(domain, { timeZone: 'UTC' });
    expect(utc.step).toBe(2 * DAY);
    expect(iso(utc.ticks)).toEqual([
      '2026-11-02T00:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
      '2026-11-06T00:00:00.000Z',
      '2026-11-08T00:00:00.000Z',
    ]);
    expect(iso(timeTicks(domain, { timeZone: 'Europe/Berlin' }).ticks)[0]).toBe(
      '2026-11-01T23:00:00.000Z',
    );
  });

  it('stays on midnight across a daylight-saving change', () => {
    const { ticks } = timeTicks(
      [at('2026-10-20T12:00:00Z'), at('2026-10-30T12:00:00Z')],
      { timeZone: 'Europe/Berlin' },
    );
    // CEST (UTC+2) before 25 October, CET (UTC+1) after
    expect(iso(ticks)).toEqual([
      '2026-10-20T22:00:00.000Z',
      '2026-10-22T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-26T23:00:00.000Z',
      '2026-10-28T23:00:00.000Z',
    ]);
  });

  it('uses round hours within a day and weeks over months, never more than asked', () => {
    const hours = timeTicks(
      [at('2026-11-20T09:10:00Z'), at('2026-11-20T21:00:00Z')],
      { timeZone: 'UTC' },
    );
    expect(iso(hours.ticks)).toEqual([
      '2026-11-20T12:00:00.000Z',
      '2026-11-20T15:00:00.000Z',
      '2026-11-20T18:00:00.000Z',
      '2026-11-20T21:00:00.000Z',
    ]);
    const weeks = timeTicks(
      [at('2026-09-01T00:00:00Z'), at('2026-11-01T00:00:00Z')],
      { timeZone: 'UTC', maxTicks: 6 },
    );
    expect(weeks.step).toBe(14 * DAY);
    expect(weeks.ticks.length).toBeLessThanOrEqual(6);
  });
});

describe('formatTick', () => {
  const domain: [number, number] = [
    at('2026-11-01T00:00:00Z'),
    at('2026-11-09T00:00:00Z'),
  ];
  it('gives the month and day, in the zone', () => {
    expect(
      formatTick(at('2026-11-02T00:00:00Z'), {
        step: DAY,
        domain,
        timeZone: 'UTC',
      }),
    ).toBe('Nov 2');
    expect(
      formatTick(at('2026-11-02T00:00:00Z'), {
        step: DAY,
        domain,
        timeZone: 'America/New_York',
      }),
    ).toBe('Nov 1');
  });

  it('adds the time below a day, and the year when the axis spans two', () => {
    expect(
      formatTick(at('2026-11-20T15:00:00Z'), {
        step: 3 * 3600_000,
        domain,
        timeZone: 'UTC',
      }),
    ).toBe('Nov 20, 15:00');
    expect(
      formatTick(at('2027-01-03T00:00:00Z'), {
        step: 7 * DAY,
        domain: [at('2026-12-01T00:00:00Z'), at('2027-01-20T00:00:00Z')],
        timeZone: 'UTC',
      }),
    ).toBe('Jan 3, 2027');
  });
});

describe('zoneOffset', () => {
  it('gives how far a zone is ahead of UTC at a time', () => {
    expect(zoneOffset(at('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(
      2 * 3600_000,
    );
    expect(zoneOffset(at('2026-12-01T00:00:00Z'), 'Europe/Berlin')).toBe(
      3600_000,
    );
    expect(zoneOffset(at('2026-12-01T00:00:00Z'), 'UTC')).toBe(0);
  });
});
