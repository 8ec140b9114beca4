import { Config } from '@backstage/config';
import { readByteSetting } from '../service/uploadLimits';
import {
  DEFAULT_MAX_TEST_TEXT_BYTES,
  MAX_TEST_TEXT_BYTES_SETTING,
} from './testTextBudget';

/**
 * `hardening.ingest.maxTestTextBytes` (default {@link DEFAULT_MAX_TEST_TEXT_BYTES}),
 * validated: a positive whole number of bytes, or the backend does not start.
 */
export function readMaxTestTextBytes(config: Config): number {
  return readByteSetting(
    config,
    MAX_TEST_TEXT_BYTES_SETTING,
    DEFAULT_MAX_TEST_TEXT_BYTES,
  );
}
