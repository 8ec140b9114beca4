import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
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
});
