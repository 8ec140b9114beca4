import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  TriageClass,
  triageClassSchema,
  TriageTaxonomyExtension,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
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

/** A group ref as config writes it (`team-a`, `group:team-a`, `group:default/team-a`). */
export const groupRefSchema = z
  .string()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(value, { defaultKind: 'group' }),
      ).toLocaleLowerCase('en-US');
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not an entity ref: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
  });

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

/** Config validation issues as one sentence, each naming its key under `key`. */
export function describeConfigIssues(error: z.ZodError, key: string): string {
  return error.issues
    .map(i => `${[key, ...i.path].join('.')}: ${i.message}`)
    .join('; ');
}

/**
 * Reads and validates `hardening.triage` and `hardening.runbooks`. Invalid settings (an
 * unknown class, a regular expression that does not compile, a malformed group ref…)
 * throw, so that the backend refuses to start with a message naming the key.
 */
export function readTriageSettings(config: Config): TriageSettings {
  const triage = settingsSchema.safeParse(
    config.getOptional('hardening.triage') ?? {},
  );
  if (!triage.success) {
    throw new Error(
      `Invalid hardening.triage configuration: ${describeConfigIssues(
        triage.error,
        'hardening.triage',
      )}`,
    );
  }
  const runbooks = runbookSettingsSchema.safeParse(
    config.getOptional('hardening.runbooks') ?? {},
  );
  if (!runbooks.success) {
    throw new Error(
      `Invalid hardening.runbooks configuration: ${describeConfigIssues(
        runbooks.error,
        'hardening.runbooks',
      )}`,
    );
  }
  const { defectTemplates, ...rest } = triage.data;
  const templates: Record<string, string> = {};
  for (const [ref, template] of Object.entries(defectTemplates)) {
    const parsed = groupRefSchema.safeParse(ref);
    if (!parsed.success) {
      throw new Error(
        `Invalid hardening.triage configuration: hardening.triage.defectTemplates.${ref}: ${parsed.error.issues[0].message}`,
      );
    }
    templates[parsed.data] = template;
  }
  return {
    ...rest,
    defectTemplates: templates,
    runbooks: runbooks.data,
  };
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
