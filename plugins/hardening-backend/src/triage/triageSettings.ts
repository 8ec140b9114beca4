import { Config } from '@backstage/config';
import {
  TriageClass,
  triageClassSchema,
  TriageTaxonomyExtension,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { groupRefSchema } from '../catalog';
import { parseConfigSection } from '../configSection';
import { TrackerHosts } from './trackerLink';

/** Default for `hardening.triage.escalateAfterHours`. */
export const DEFAULT_ESCALATE_AFTER_HOURS = 24;

/** Default for `hardening.runbooks.maxUploadBytes`: 1 MiB. */
export const DEFAULT_RUNBOOK_MAX_BYTES = 1024 * 1024;

/** Default for `hardening.runbooks.staleAfterDays`. */
export const DEFAULT_RUNBOOK_STALE_AFTER_DAYS = 180;

/** A configured suggestion rule with its patterns compiled. */
export type TriageRule = {
  name: string;
  class: TriageClass;
  /** Searched in the failure's title, symptom and message. */
  messagePattern?: RegExp;
  /** Searched in the failure's stack trace. */
  tracePattern?: RegExp;
};

/** Everything the triage workflow reads from config, validated. */
export type TriageSettings = {
  rules: TriageRule[];
  taxonomy: TriageTaxonomyExtension & {
    /** Display names of the organisation's prefixes. */
    labels: Record<string, string>;
  };
  /** Class → owning group ref. */
  routing: Partial<Record<TriageClass, string>>;
  escalateAfterHours: number;
  /** Owner group ref → defect template (Markdown with `{{field}}` placeholders). */
  defectTemplates: Record<string, string>;
  /** Local repro command with `{{field}}` placeholders, e.g. `{{scenarioId}}`. */
  reproCommand?: string;
  runbooks: { maxUploadBytes: number; staleAfterDays: number };
};

/** The settings when nothing is configured. */
export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  rules: [],
  taxonomy: { scenarioPrefixes: [], invariantPrefixes: [], labels: {} },
  routing: {},
  escalateAfterHours: DEFAULT_ESCALATE_AFTER_HOURS,
  defectTemplates: {},
  runbooks: {
    maxUploadBytes: DEFAULT_RUNBOOK_MAX_BYTES,
    staleAfterDays: DEFAULT_RUNBOOK_STALE_AFTER_DAYS,
  },
};

/** A regular expression source; compiled here so that a bad one fails at start-up. */
const patternSchema = z
  .string()
  .min(1)
  .max(1000)
  .transform((source, ctx) => {
    try {
      return new RegExp(source);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid regular expression: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
  });

const prefixSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z]{0,31}$/, 'prefixes are letters, e.g. PAY')
  .transform(p => p.toUpperCase());

const ruleSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    class: triageClassSchema,
    messagePattern: patternSchema.optional(),
    tracePattern: patternSchema.optional(),
  })
  .refine(
    rule => rule.messagePattern || rule.tracePattern,
    'a rule needs a messagePattern, a tracePattern or both',
  );

/** Defect templates keyed by lower-cased group ref; a key that is no group ref is an issue at its path. */
function keyedByGroupRef(
  templates: Record<string, string>,
  ctx: z.RefinementCtx,
): Record<string, string> {
  const keyed: Record<string, string> = {};
  for (const [ref, template] of Object.entries(templates)) {
    const parsed = groupRefSchema.safeParse(ref);
    if (parsed.success) {
      keyed[parsed.data] = template;
    } else {
      ctx.addIssue({
        code: 'custom',
        message: parsed.error.issues[0].message,
        path: [ref],
      });
    }
  }
  return keyed;
}

const settingsSchema = z.strictObject({
  rules: z
    .array(ruleSchema)
    .max(200)
    .refine(
      rules => new Set(rules.map(r => r.name)).size === rules.length,
      'rule names must be unique',
    )
    .default([]),
  taxonomy: z
    .strictObject({
      scenarioPrefixes: z.array(prefixSchema).max(100).default([]),
      invariantPrefixes: z.array(prefixSchema).max(100).default([]),
      labels: z.record(prefixSchema, z.string().min(1).max(100)).default({}),
    })
    .default({ scenarioPrefixes: [], invariantPrefixes: [], labels: {} }),
  routing: z.partialRecord(triageClassSchema, groupRefSchema).default({}),
  escalateAfterHours: z
    .number()
    .gt(0)
    .max(24 * 365)
    .default(DEFAULT_ESCALATE_AFTER_HOURS),
  defectTemplates: z
    .record(
      z.string(),
      z
        .string()
        .min(1)
        .max(64 * 1024),
    )
    .transform(keyedByGroupRef)
    .default({}),
  reproCommand: z.string().min(1).max(2000).optional(),
});

const runbookSettingsSchema = z
  .strictObject({
    maxUploadBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(DEFAULT_RUNBOOK_MAX_BYTES),
    staleAfterDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_RUNBOOK_STALE_AFTER_DAYS),
    // The refresh task's schedule, read by readRunbookRefreshSchedule.
    refresh: z.unknown().optional(),
  })
  .transform(({ maxUploadBytes, staleAfterDays }) => ({
    maxUploadBytes,
    staleAfterDays,
  }))
  .default({
    maxUploadBytes: DEFAULT_RUNBOOK_MAX_BYTES,
    staleAfterDays: DEFAULT_RUNBOOK_STALE_AFTER_DAYS,
  });

/**
 * Reads and validates `hardening.triage` and `hardening.runbooks`. Invalid settings (an
 * unknown class, a regular expression that does not compile, a malformed group ref…)
 * throw, so that the backend refuses to start with a message naming the key.
 */
export function readTriageSettings(config: Config): TriageSettings {
  const triage = parseConfigSection(config, 'hardening.triage', settingsSchema);
  const runbooks = parseConfigSection(
    config,
    'hardening.runbooks',
    runbookSettingsSchema,
  );
  return { ...triage, runbooks };
}

/**
 * The GitHub and GitLab hosts defect links may point at: the public ones plus the hosts
 * of `integrations.github` and `integrations.gitlab`.
 */
export function readTrackerHosts(config: Config): TrackerHosts {
  const hosts = (key: string, fallback: string) => [
    ...new Set([
      fallback,
      ...(config.getOptionalConfigArray(key) ?? []).flatMap(c => {
        const host = c.getOptionalString('host');
        return host ? [host.toLocaleLowerCase('en-US')] : [];
      }),
    ]),
  ];
  return {
    github: hosts('integrations.github', 'github.com'),
    gitlab: hosts('integrations.gitlab', 'gitlab.com'),
  };
}
