import { Config } from '@backstage/config';
import { FLAKY_WINDOW_DAYS } from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { parseConfigSection } from '../configSection';

/** The longest window `GET …/tests/flaky?windowDays=` and the config accept. */
export const MAX_FLAKY_WINDOW_DAYS = 90;

const settingsSchema = z
  .strictObject({
    /** Default window of the flaky scores, in days (today, UTC, and the days before). */
    windowDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_FLAKY_WINDOW_DAYS)
      .default(FLAKY_WINDOW_DAYS),
    /** Expiry of a quarantine or disable when the change names none. */
    defaultQuarantineDays: z.number().int().min(1).max(365).default(14),
    /** Latest expiry a change may set, in days from the change. */
    maxQuarantineDays: z.number().int().min(1).max(365).default(90),
    /** Passes in a row after which a quarantined test is proposed as fixed. */
    fixedAfterPasses: z.number().int().min(1).max(1000).default(10),
  })
  .refine(s => s.defaultQuarantineDays <= s.maxQuarantineDays, {
    message: 'defaultQuarantineDays may not exceed maxQuarantineDays',
  });

/** `hardening.flaky`: flaky scores and test quarantine. */
export type FlakySettings = z.infer<typeof settingsSchema>;

export const DEFAULT_FLAKY_SETTINGS: FlakySettings = settingsSchema.parse({});

/** Reads and validates `hardening.flaky` (defaults when absent). */
export function readFlakySettings(config: Config): FlakySettings {
  return parseConfigSection(config, 'hardening.flaky', settingsSchema);
}
