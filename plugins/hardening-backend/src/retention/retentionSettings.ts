import { Config, readDurationFromConfig } from '@backstage/config';
import { isError } from '@backstage/errors';
import { FLAKY_WINDOW_DAYS } from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { invalidConfig, parseConfigSection } from '../configSection';

const KEY = 'hardening.retention';

/** A duration as Backstage's config reader returns it (`HumanDuration`). */
type Duration = ReturnType<typeof readDurationFromConfig>;

/** `hardening.retention`: how long evidence details are kept. */
export type RetentionSettings = {
  /** Whether the scheduled prune runs at all. */
  enabled: boolean;
  /**
   * Per-test result rows (`test_results`) of reports received more than this many days
   * ago are folded into daily aggregates and deleted. Reports, their summaries, release
   * chains and freeze records are not touched.
   */
  testResultDays: number;
  /**
   * Reports of the prunable kinds (see PRUNABLE_REPORT_KINDS) received more than this
   * many days ago are deleted, except each entity's newest of each kind and those a
   * freeze relied on. At least `testResultDays`.
   */
  reportDays: number;
  /**
   * Days an entity may be missing from the catalog before its evidence (but not its
   * release chain, tags and freeze records) is deleted.
   */
  removedEntityGraceDays: number;
  /** Rows deleted per transaction. */
  batchSize: number;
  /**
   * How long each replica's worker of the prune task waits after start-up before it
   * takes a run (scheduled or triggered).
   */
  initialDelay: Duration;
};

export const DEFAULT_RETENTION: RetentionSettings = {
  enabled: true,
  testResultDays: 90,
  reportDays: 730,
  removedEntityGraceDays: 30,
  batchSize: 5000,
  initialDelay: { minutes: 5 },
};

/**
 * The flaky-test rule and the scorecards read per-test rows of the last
 * FLAKY_WINDOW_DAYS days; test-result retention may not cut into that window.
 */
const MIN_TEST_RESULT_DAYS = Math.max(30, FLAKY_WINDOW_DAYS);

const retentionSchema = z
  .strictObject({
    enabled: z.boolean().default(DEFAULT_RETENTION.enabled),
    testResultDays: z
      .number()
      .int()
      .min(MIN_TEST_RESULT_DAYS)
      .max(3650)
      .default(DEFAULT_RETENTION.testResultDays),
    reportDays: z
      .number()
      .int()
      .min(MIN_TEST_RESULT_DAYS)
      .max(36_500)
      .default(DEFAULT_RETENTION.reportDays),
    removedEntityGraceDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_RETENTION.removedEntityGraceDays),
    batchSize: z
      .number()
      .int()
      .min(100)
      .max(50_000)
      .default(DEFAULT_RETENTION.batchSize),
    /** A duration as config writes it ('30s', 'PT5M', { minutes: 5 }); read below. */
    initialDelay: z
      .union([z.string().trim().min(1), z.record(z.string(), z.unknown())])
      .optional(),
  })
  .refine(settings => settings.reportDays >= settings.testResultDays, {
    message: 'reportDays must not be smaller than testResultDays',
    path: ['reportDays'],
  });

/** Reads and validates `hardening.retention`; invalid settings stop the backend at start. */
export function readRetentionSettings(config: Config): RetentionSettings {
  const settings = parseConfigSection(config, KEY, retentionSchema);
  if (settings.initialDelay === undefined) {
    return { ...settings, initialDelay: DEFAULT_RETENTION.initialDelay };
  }
  try {
    return {
      ...settings,
      initialDelay: readDurationFromConfig(config, {
        key: `${KEY}.initialDelay`,
      }),
    };
  } catch (error) {
    throw invalidConfig(KEY, isError(error) ? error.message : String(error));
  }
}
