import { Config } from '@backstage/config';
import { z } from 'zod';

/** Default for `hardening.ingest.maxUploadBytes`: 64 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** Default for `hardening.ingest.maxJsonUploadBytes`: 16 MiB. */
export const DEFAULT_MAX_JSON_UPLOAD_BYTES = 16 * 1024 * 1024;

/** A body size limit and the config key that sets it (named in the 413's message). */
export type UploadLimit = { maxBytes: number; setting: string };

const bytesSchema = z.number().int().positive();

/**
 * `hardening.ingest.maxUploadBytes` and `hardening.ingest.maxJsonUploadBytes`, validated
 * (positive whole numbers of bytes); an invalid value stops the backend at start-up.
 */
export function readUploadLimits(config: Config): {
  maxUploadBytes: number;
  maxJsonUploadBytes: number;
} {
  const read = (key: string, fallback: number) => {
    const parsed = bytesSchema.safeParse(
      config.getOptionalNumber(key) ?? fallback,
    );
    if (!parsed.success) {
      throw new Error(
        `Invalid ${key}: it must be a positive whole number of bytes`,
      );
    }
    return parsed.data;
  };
  return {
    maxUploadBytes: read(
      'hardening.ingest.maxUploadBytes',
      DEFAULT_MAX_UPLOAD_BYTES,
    ),
    maxJsonUploadBytes: read(
      'hardening.ingest.maxJsonUploadBytes',
      DEFAULT_MAX_JSON_UPLOAD_BYTES,
    ),
  };
}

/**
 * The limit of JSON uploads (CTRF test reports, contract results, triage reports), which
 * are parsed whole in memory: `maxJsonUploadBytes`, or `maxUploadBytes` when that is
 * smaller (it caps every upload).
 */
export function jsonUploadLimit(
  maxUploadBytes: number,
  maxJsonUploadBytes: number = DEFAULT_MAX_JSON_UPLOAD_BYTES,
): UploadLimit {
  return maxJsonUploadBytes <= maxUploadBytes
    ? {
        maxBytes: maxJsonUploadBytes,
        setting: 'hardening.ingest.maxJsonUploadBytes',
      }
    : { maxBytes: maxUploadBytes, setting: 'hardening.ingest.maxUploadBytes' };
}

/** The limit every other upload has. */
export function uploadLimit(maxUploadBytes: number): UploadLimit {
  return {
    maxBytes: maxUploadBytes,
    setting: 'hardening.ingest.maxUploadBytes',
  };
}
