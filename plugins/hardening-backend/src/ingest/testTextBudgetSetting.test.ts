import { ConfigReader } from '@backstage/config';
import { DEFAULT_MAX_TEST_TEXT_BYTES } from './testTextBudget';
import { readMaxTestTextBytes } from './testTextBudgetSetting';

const config = (ingest: object) => new ConfigReader({ hardening: { ingest } });

describe('hardening.ingest.maxTestTextBytes', () => {
  it('is 128 MiB by default and can be set', () => {
    expect(readMaxTestTextBytes(new ConfigReader({}))).toBe(
      DEFAULT_MAX_TEST_TEXT_BYTES,
    );
    expect(DEFAULT_MAX_TEST_TEXT_BYTES).toBe(134_217_728);
    expect(readMaxTestTextBytes(config({ maxTestTextBytes: 1_000_000 }))).toBe(
      1_000_000,
    );
  });

  it.each([0, -1, 1.5])('refuses %p at start-up, naming the key', value => {
    expect(() =>
      readMaxTestTextBytes(config({ maxTestTextBytes: value })),
    ).toThrow(
      'Invalid hardening.ingest.maxTestTextBytes configuration: hardening.ingest.maxTestTextBytes: must be a positive whole number of bytes',
    );
  });

  it('refuses a value that is not a number', () => {
    expect(() =>
      readMaxTestTextBytes(config({ maxTestTextBytes: 'lots' })),
    ).toThrow(/maxTestTextBytes/);
  });
});
