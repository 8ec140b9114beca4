import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { DEFAULT_FLAKY_SETTINGS, readFlakySettings } from './flakySettings';

const read = (flaky: JsonObject) =>
  readFlakySettings(new ConfigReader({ hardening: { flaky } }));

describe('readFlakySettings', () => {
  it('defaults to a 14-day window, 14-day quarantines of at most 90 days, fixed after 10 passes', () => {
    expect(readFlakySettings(new ConfigReader({}))).toEqual(
      DEFAULT_FLAKY_SETTINGS,
    );
    expect(DEFAULT_FLAKY_SETTINGS).toEqual({
      windowDays: 14,
      defaultQuarantineDays: 14,
      maxQuarantineDays: 90,
      fixedAfterPasses: 10,
    });
    expect(read({ windowDays: 30, fixedAfterPasses: 3 })).toEqual({
      ...DEFAULT_FLAKY_SETTINGS,
      windowDays: 30,
      fixedAfterPasses: 3,
    });
  });

  it.each([
    [{ windowDays: 0 }, /windowDays/],
    [{ windowDays: 91 }, /windowDays/],
    [{ fixedAfterPasses: 1.5 }, /fixedAfterPasses/],
    [{ defaultQuarantineDays: 30, maxQuarantineDays: 20 }, /may not exceed/],
    [{ quarantineDays: 3 }, /quarantineDays/],
  ])('refuses %j', (flaky, message) => {
    expect(() => read(flaky)).toThrow(message);
  });
});
