import { Config } from '@backstage/config';
import {
  DEFAULT_SCORECARD_LEVELS,
  FLAKY_WINDOW_DAYS,
  ScorecardExtensionMetricDefinition,
  ScorecardLevel,
  scorecardLevelsSchemaWith,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { parseConfigSection } from '../configSection';
import { DEFAULT_RUNBOOK_STALE_AFTER_DAYS } from '../triage/triageSettings';

/** Everything the scorecards read from config, validated. */
export type ScorecardSettings = {
  /** Lowest first. */
  levels: ScorecardLevel[];
  /** Catalog kinds that get scorecards, e.g. `Component`. */
  kinds: string[];
  /** The `metadata.labels` key that holds an entity's tier. */
  tierLabel: string;
  /** Stress limits for entities without a milestone. */
  stress: { p95LimitMs: number; errorRateLimit: number };
  /** Days of daily snapshots kept. */
  snapshotRetentionDays: number;
  /** From `hardening.runbooks.staleAfterDays`. */
  runbookStaleAfterDays: number;
};

export const DEFAULT_SCORECARD_SETTINGS: ScorecardSettings = {
  levels: [...DEFAULT_SCORECARD_LEVELS],
  kinds: ['Component'],
  tierLabel: 'tier',
  stress: { p95LimitMs: 500, errorRateLimit: 0.01 },
  snapshotRetentionDays: 182,
  runbookStaleAfterDays: DEFAULT_RUNBOOK_STALE_AFTER_DAYS,
};

const defaults = DEFAULT_SCORECARD_SETTINGS;

/** The settings' schema; level rules may name `extensions` (metrics modules added). */
const settingsSchema = (
  extensions: readonly ScorecardExtensionMetricDefinition[],
) =>
  z.strictObject({
    levels: scorecardLevelsSchemaWith(extensions).default(defaults.levels),
    kinds: z
      .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'is not a kind'))
      .min(1)
      .max(20)
      .default(defaults.kinds),
    tierLabel: z.string().min(1).max(253).default(defaults.tierLabel),
    /**
     * No longer read: every flaky figure covers FLAKY_WINDOW_DAYS (-common). Still accepted
     * with that value so that a config written for it keeps working; any other value is
     * refused rather than silently ignored.
     */
    flakyWindowDays: z
      .literal(FLAKY_WINDOW_DAYS, {
        error: `is no longer configurable: every flaky-test figure covers the last ${FLAKY_WINDOW_DAYS} days; remove the key`,
      })
      .optional(),
    stress: z
      .strictObject({
        p95LimitMs: z
          .number()
          .gt(0)
          .max(86_400_000)
          .default(defaults.stress.p95LimitMs),
        errorRateLimit: z
          .number()
          .min(0)
          .max(1)
          .default(defaults.stress.errorRateLimit),
      })
      .default(defaults.stress),
    snapshots: z
      .strictObject({
        retentionDays: z
          .number()
          .int()
          .min(7)
          .max(3650)
          .default(defaults.snapshotRetentionDays),
      })
      .default({ retentionDays: defaults.snapshotRetentionDays }),
  });

/**
 * Reads and validates `hardening.scorecards`. Invalid settings (a rule on an unknown
 * metric, `is-true` on a number…) throw, so the backend refuses to start with a message
 * naming the key. Rules may name the metrics modules added (`extensions`).
 */
export function readScorecardSettings(
  config: Config,
  extensions: readonly ScorecardExtensionMetricDefinition[] = [],
): ScorecardSettings {
  const {
    snapshots,
    flakyWindowDays: _ignored,
    ...rest
  } = parseConfigSection(
    config,
    'hardening.scorecards',
    settingsSchema(extensions),
  );
  return {
    ...rest,
    snapshotRetentionDays: snapshots.retentionDays,
    runbookStaleAfterDays:
      config.getOptionalNumber('hardening.runbooks.staleAfterDays') ??
      DEFAULT_RUNBOOK_STALE_AFTER_DAYS,
  };
}
