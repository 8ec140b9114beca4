import { formatExactTime, formatRelativeTime } from './relativeTime';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');

describe('formatRelativeTime', () => {
  it.each([
    ['2026-11-20T11:59:30.000Z', 'just now'],
    ['2026-11-20T11:55:00.000Z', '5 minutes ago'],
    ['2026-11-20T09:00:00.000Z', '3 hours ago'],
    ['2026-11-19T12:00:00.000Z', 'yesterday'],
    ['2026-11-13T12:00:00.000Z', 'last week'],
    ['2026-10-01T12:00:00.000Z', 'last month'],
    ['2026-08-01T12:00:00.000Z', '3 months ago'],
    ['2026-11-22T12:00:00.000Z', 'in 2 days'],
  ])('%s reads as "%s"', (iso, expected) => {
    expect(formatRelativeTime(iso, NOW)).toBe(expected);
  });

  it.each([
    ['2026-11-20', 'today'],
    ['2026-11-19', 'yesterday'],
    ['2026-11-23', 'in 3 days'],
    ['2026-10-01', 'last month'],
  ])('the day %s reads as "%s"', (day, expected) => {
    expect(formatRelativeTime(day, NOW)).toBe(expected);
  });

  it('returns text that is not a time as it was given', () => {
    expect(formatRelativeTime('not a time', NOW)).toBe('not a time');
  });
});

describe('formatExactTime', () => {
  it('names the zone the time is shown in', () => {
    expect(
      formatExactTime('2026-11-20T10:00:00.000Z', { timeZone: 'UTC' }),
    ).toBe('Nov 20, 2026, 10:00 AM UTC');
    expect(
      formatExactTime('2026-11-20T10:00:00.000Z', {
        timeZone: 'Europe/Berlin',
      }),
    ).toMatch(/^Nov 20, 2026, 11:00 AM GMT\+1$/);
  });
});

describe('formatExactTime of a calendar day', () => {
  it('shows the day itself in every zone', () => {
    for (const timeZone of ['UTC', 'America/Los_Angeles', 'Pacific/Auckland']) {
      expect(formatExactTime('2026-10-01', { timeZone })).toBe('Oct 1, 2026');
    }
  });
});
