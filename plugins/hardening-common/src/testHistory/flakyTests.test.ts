import {
  describeFlakyCount,
  FLAKY_TEST_DEFINITION,
  FLAKY_WINDOW_DAYS,
  flakyWindowStart,
} from './flakyTests';

describe('the flaky window', () => {
  it('holds today (UTC) and the 13 days before', () => {
    expect(FLAKY_WINDOW_DAYS).toBe(14);
    expect(
      flakyWindowStart(new Date('2026-11-20T23:59:59.999Z')).toISOString(),
    ).toBe('2026-11-07T00:00:00.000Z');
    expect(
      flakyWindowStart(new Date('2026-11-21T00:00:00.000Z')).toISOString(),
    ).toBe('2026-11-08T00:00:00.000Z');
  });

  it('is said next to every figure and in the definition', () => {
    expect(describeFlakyCount(0)).toBe('0 in the last 14 days');
    expect(FLAKY_TEST_DEFINITION).toContain('in the last 14 days');
    expect(FLAKY_TEST_DEFINITION).toContain('passed on a rerun');
    expect(FLAKY_TEST_DEFINITION).toContain('same commit');
  });
});
