import { Config } from '@backstage/config';
import { z } from 'zod';
import {
  DEFAULT_MAX_TEST_TEXT_BYTES,
  MAX_TEST_TEXT_BYTES_SETTING,
} from './testTextBudget';

const maxTestTextBytesSchema = z.number().int().positive();

/**
 * `hardening.ingest.maxTestTextBytes` (default {@link DEFAULT_MAX_TEST_TEXT_BYTES}),
 * validated: a positive whole number of bytes, or the backend does not start.
 */
export function readMaxTestTextBytes(config: Config): number {
  const parsed = maxTestTextBytesSchema.safeParse(
    config.getOptionalNumber(MAX_TEST_TEXT_BYTES_SETTING) ??
      DEFAULT_MAX_TEST_TEXT_BYTES,
  );
  if (!parsed.success) {
    throw new Error(
      `Invalid ${MAX_TEST_TEXT_BYTES_SETTING}: it must be a positive whole number of bytes`,
    );
  }
  return parsed.data;
}
