import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_MAX_JSON_UPLOAD_BYTES,
  DEFAULT_MAX_UPLOAD_BYTES,
  jsonUploadLimit,
  readUploadLimits,
} from './uploadLimits';

const config = (ingest: object) => new ConfigReader({ hardening: { ingest } });

describe('upload limits', () => {
  it('reads both limits, with 64 MiB and 16 MiB by default', () => {
    expect(readUploadLimits(new ConfigReader({}))).toEqual({
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      maxJsonUploadBytes: DEFAULT_MAX_JSON_UPLOAD_BYTES,
    });
    expect(DEFAULT_MAX_JSON_UPLOAD_BYTES).toBe(16 * 1024 * 1024);
    expect(
      readUploadLimits(
        config({ maxUploadBytes: 1000, maxJsonUploadBytes: 500 }),
      ),
    ).toEqual({ maxUploadBytes: 1000, maxJsonUploadBytes: 500 });
  });

  it.each([0, -1, 1.5])(
    'refuses maxJsonUploadBytes %p, naming the key',
    value => {
      expect(() =>
        readUploadLimits(config({ maxJsonUploadBytes: value })),
      ).toThrow(
        'Invalid hardening.ingest.maxJsonUploadBytes configuration: hardening.ingest.maxJsonUploadBytes: must be a positive whole number of bytes',
      );
    },
  );

  it('refuses a maxJsonUploadBytes that is not a number', () => {
    expect(() =>
      readUploadLimits(config({ maxJsonUploadBytes: 'lots' })),
    ).toThrow(/maxJsonUploadBytes/);
  });

  it('caps JSON uploads by the smaller limit and names its key', () => {
    expect(jsonUploadLimit(64, 16)).toEqual({
      maxBytes: 16,
      setting: 'hardening.ingest.maxJsonUploadBytes',
    });
    expect(jsonUploadLimit(8, 16)).toEqual({
      maxBytes: 8,
      setting: 'hardening.ingest.maxUploadBytes',
    });
    expect(jsonUploadLimit(DEFAULT_MAX_UPLOAD_BYTES)).toEqual({
      maxBytes: DEFAULT_MAX_JSON_UPLOAD_BYTES,
      setting: 'hardening.ingest.maxJsonUploadBytes',
    });
  });
});
