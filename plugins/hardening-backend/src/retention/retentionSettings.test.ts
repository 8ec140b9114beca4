import { ConfigReader } from '@backstage/config';
import { durationToMilliseconds, JsonObject } from '@backstage/types';
import { DEFAULT_RETENTION, readRetentionSettings } from './retentionSettings';

const read = (retention: JsonObject) =>
  readRetentionSettings(new ConfigReader({ hardening: { retention } }));

describe('readRetentionSettings', () => {
  it('defaults to 90 days of per-test rows, pruned 5,000 rows per transaction', () => {
    expect(readRetentionSettings(new ConfigReader({}))).toEqual(
      DEFAULT_RETENTION,
    );
    expect(DEFAULT_RETENTION).toEqual({
      enabled: true,
      testResultDays: 90,
      reportDays: 730,
      removedEntityGraceDays: 30,
      batchSize: 5000,
      initialDelay: { minutes: 5 },
    });
    expect(read({ testResultDays: 365, enabled: false })).toEqual({
      ...DEFAULT_RETENTION,
      enabled: false,
      testResultDays: 365,
    });
  });

  it('refuses a retention that would cut into the flaky window, and unknown keys, naming the key', () => {
    expect(() => read({ testResultDays: 7 })).toThrow(
      /Invalid hardening.retention configuration: hardening.retention.testResultDays: .*30/,
    );
    expect(() => read({ batchSize: 10 })).toThrow(
      /hardening.retention.batchSize/,
    );
    expect(() => read({ reportDays: 60, testResultDays: 90 })).toThrow(
      'hardening.retention.reportDays: reportDays must not be smaller than testResultDays',
    );
    expect(() => read({ reportsDays: 10 })).toThrow(/reportsDays/);
  });

  it('reads the initial delay of the prune task as a duration string, ISO 8601 or an object', () => {
    const delayMs = (initialDelay: JsonObject[string]) =>
      durationToMilliseconds(read({ initialDelay }).initialDelay);
    expect(delayMs('30s')).toBe(30_000);
    expect(delayMs('2 minutes')).toBe(120_000);
    expect(delayMs('PT1H')).toBe(3_600_000);
    expect(delayMs({ seconds: 5 })).toBe(5_000);
    expect(read({ initialDelay: '10s', batchSize: 1000 })).toEqual({
      ...DEFAULT_RETENTION,
      batchSize: 1000,
      initialDelay: { seconds: 10 },
    });
  });

  it('refuses an initial delay that is not a duration, naming the key', () => {
    expect(() => read({ initialDelay: 'soon' })).toThrow(
      /Invalid hardening.retention configuration: .*hardening.retention.initialDelay/,
    );
    expect(() => read({ initialDelay: { fortnights: 1 } })).toThrow(
      /Invalid hardening.retention configuration: .*hardening.retention.initialDelay.*'minutes'/,
    );
    expect(() => read({ initialDelay: 30 })).toThrow(
      /hardening.retention.initialDelay/,
    );
  });
});
