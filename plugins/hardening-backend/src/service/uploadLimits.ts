import { Config } from '@backstage/config';
import { z } from 'zod';
import { parseConfigValue } from '../configSection';

/** Default for `hardening.ingest.maxUploadBytes`: 64 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** Default for `hardening.ingest.maxJsonUploadBytes`: 16 MiB. */
export const DEFAULT_MAX_JSON_UPLOAD_BYTES = 16 * 1024 * 1024;

/**
 * A body size limit and what sets it, named in the 413's message: the config key
 * (`setting`), or, for a limit fixed in code, the uploads it is fixed for (`fixedFor`,
 * e.g. "ci-gates uploads").
 */
export type UploadLimit =
  | { maxBytes: number; setting: string }
  | { maxBytes: number; fixedFor: string };

/** A limit no setting changes, for the uploads `fixedFor` names. */
export function fixedUploadLimit(
  maxBytes: number,
  fixedFor: string,
): UploadLimit {
  return { maxBytes, fixedFor };
}

/**
 * The 413's message when a body is larger than `limit`: which limit applied and what to
 * change, e.g. `Upload exceeds the limit of 1024 bytes (hardening.ingest.maxUploadBytes)`
 * or `Upload exceeds the fixed limit of 262144 bytes for ci-gates uploads; no setting
 * raises it: send a smaller body`.
 */
export function describeTooLarge(limit: UploadLimit, what = 'Upload'): string {
  return 'setting' in limit
    ? `${what} exceeds the limit of ${limit.maxBytes} bytes (${limit.setting})`
    : `${what} exceeds the fixed limit of ${limit.maxBytes} bytes for ${limit.fixedFor}; no setting raises it: send a smaller body`;
}

const bytesSchema = z
  .number()
  .refine(
    n => Number.isSafeInteger(n) && n > 0,
    'must be a positive whole number of bytes',
  );

/**
 * A size setting in bytes (`fallback` when absent), validated as a positive whole number;
 * an invalid value stops the backend at start-up with a message naming `key`.
 */
export function readByteSetting(
  config: Config,
  key: string,
  fallback: number,
): number {
  return parseConfigValue(
    key,
    bytesSchema,
    config.getOptionalNumber(key) ?? fallback,
  );
}

/**
 * `hardening.ingest.maxUploadBytes` and `hardening.ingest.maxJsonUploadBytes`, validated
 * (positive whole numbers of bytes); an invalid value stops the backend at start-up.
 */
export function readUploadLimits(config: Config): {
  maxUploadBytes: number;
  maxJsonUploadBytes: number;
} {
  const read = (key: string, fallback: number) =>
    readByteSetting(config, key, fallback);
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

/**
 * A limit fixed in code that `hardening.ingest.maxUploadBytes` still caps: the fixed one,
 * or `maxUploadBytes` when that is smaller (then the 413 names the key).
 */
export function cappedFixedLimit(
  maxBytes: number,
  fixedFor: string,
  maxUploadBytes: number,
): UploadLimit {
  return maxBytes <= maxUploadBytes
    ? fixedUploadLimit(maxBytes, fixedFor)
    : uploadLimit(maxUploadBytes);
}
