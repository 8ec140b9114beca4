/** The time tests run at: two days after `T0`, one after `T1` (see fixtures). */
export const NOW = '2026-11-22T10:00:00.000Z';

/**
 * Freezes `Date.now()` (what relative times are computed against) for every test of the
 * calling file, leaving timers real so that msw and `findBy…` work as usual.
 */
export function freezeClock(iso: string = NOW) {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(iso));
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
}
