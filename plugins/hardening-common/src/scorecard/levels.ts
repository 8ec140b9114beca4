import { z } from 'zod';
import {
  SCORECARD_FREEZE_STATES,
  SCORECARD_METRIC_DEFINITIONS,
  SCORECARD_RULE_METRICS,
  ScorecardExtensionMetricDefinition,
  ScorecardMetricType,
  ScorecardRuleMetric,
} from './metrics';

/**
 * Comparisons a level rule may make: `>=` and `<=` on numbers, `==` on numbers, booleans
 * or the freeze state, `is-true` on booleans (no value).
 *
 * @public
 */
export const SCORECARD_RULE_OPS = ['>=', '<=', '==', 'is-true'] as const;

/** @public */
export type ScorecardRuleOp = (typeof SCORECARD_RULE_OPS)[number];

const NUMERIC_TYPES = new Set(['count', 'days', 'ms', 'ratio']);

/** A rule metric's label, type and the comparisons rules may make on it. */
export type ScorecardRuleMetricInfo = {
  label: string;
  type: ScorecardMetricType;
  /** Undefined: every comparison its type allows. */
  ops?: readonly ScorecardRuleOp[];
};

/**
 * The metric a rule names, built in or added by a module (`extensions`), or undefined.
 *
 * @public
 */
export function scorecardRuleMetricInfo(
  metric: string,
  extensions: readonly ScorecardExtensionMetricDefinition[] = [],
): ScorecardRuleMetricInfo | undefined {
  if (Object.hasOwn(SCORECARD_METRIC_DEFINITIONS, metric)) {
    return SCORECARD_METRIC_DEFINITIONS[metric as ScorecardRuleMetric];
  }
  const added = extensions.find(e => e.name === metric);
  return added
    ? { label: added.title, type: added.type, ops: added.levelOps }
    : undefined;
}

/**
 * The schema of a level rule on a built-in metric or on one of `extensions` (metrics
 * added by backend modules), e.g. `{ metric: 'contractGatePassRate', op: '>=', value: 0.9 }`.
 *
 * @public
 */
export function scorecardRuleSchemaWith(
  extensions: readonly ScorecardExtensionMetricDefinition[],
) {
  return z
    .strictObject({
      metric: z.string(),
      op: z.enum(SCORECARD_RULE_OPS),
      value: z.union([z.number(), z.boolean(), z.string()]).optional(),
    })
    .superRefine((rule, ctx) => {
      const info = scorecardRuleMetricInfo(rule.metric, extensions);
      if (!info) {
        ctx.addIssue({
          code: 'custom',
          path: ['metric'],
          message: `unknown metric "${rule.metric}"; one of ${[
            ...SCORECARD_RULE_METRICS,
            ...extensions.filter(e => e.levelOps.length > 0).map(e => e.name),
          ].join(', ')}`,
        });
        return;
      }
      const { type } = info;
      const problem = (message: string) =>
        ctx.addIssue({ code: 'custom', path: ['value'], message });
      if (info.ops && !info.ops.includes(rule.op)) {
        ctx.addIssue({
          code: 'custom',
          path: ['op'],
          message:
            info.ops.length === 0
              ? `${rule.metric} may not be used by levels`
              : `${rule.metric} allows only ${info.ops.join(', ')}`,
        });
      } else if (rule.op === 'is-true') {
        if (type !== 'boolean') problem(`is-true needs a yes/no metric`);
        if (rule.value !== undefined) problem('is-true takes no value');
      } else if (rule.op === '==') {
        const ok =
          (type === 'boolean' && typeof rule.value === 'boolean') ||
          (type === 'freeze-state' &&
            SCORECARD_FREEZE_STATES.includes(rule.value as never)) ||
          (NUMERIC_TYPES.has(type) && typeof rule.value === 'number');
        if (!ok) {
          problem(
            type === 'freeze-state'
              ? `${rule.metric} == needs one of ${SCORECARD_FREEZE_STATES.join(
                  ', ',
                )}`
              : `${rule.metric} == needs a ${
                  type === 'boolean' ? 'true/false' : 'number'
                } value`,
          );
        }
      } else if (!NUMERIC_TYPES.has(type) || typeof rule.value !== 'number') {
        problem(`${rule.op} needs a numeric metric and a number value`);
      } else if (type === 'ratio' && (rule.value < 0 || rule.value > 1)) {
        problem(`${rule.metric} is a ratio between 0 and 1`);
      }
    });
}

/**
 * One condition of a level on a built-in metric, e.g.
 * `{ metric: 'contractGatePassRate', op: '>=', value: 0.9 }`.
 *
 * @public
 */
export const scorecardRuleSchema = scorecardRuleSchemaWith([]);

/**
 * A rule: `metric` is a built-in metric ({@link ScorecardRuleMetric}) or one a backend
 * module added.
 *
 * @public
 */
export type ScorecardRule = z.infer<typeof scorecardRuleSchema>;

/**
 * A level, e.g. silver: reached when all its rules and those of every level below hold.
 *
 * @public
 */
export function scorecardLevelSchemaWith(
  extensions: readonly ScorecardExtensionMetricDefinition[],
) {
  return z.strictObject({
    id: z
      .string()
      .min(1)
      .max(32)
      .regex(
        /^[a-z][a-z0-9-]*$/,
        'level ids are lower-case letters, digits and "-"',
      ),
    title: z.string().trim().min(1).max(64),
    rules: z.array(scorecardRuleSchemaWith(extensions)).min(1).max(50),
  });
}

/**
 * A level, e.g. silver: reached when all its rules and those of every level below hold.
 *
 * @public
 */
export const scorecardLevelSchema = scorecardLevelSchemaWith([]);

/** @public */
export type ScorecardLevel = z.infer<typeof scorecardLevelSchema>;

/**
 * The levels, lowest first (the `hardening.scorecards.levels` setting).
 *
 * @public
 */
export function scorecardLevelsSchemaWith(
  extensions: readonly ScorecardExtensionMetricDefinition[],
) {
  return z
    .array(scorecardLevelSchemaWith(extensions))
    .min(1)
    .max(10)
    .refine(
      levels => new Set(levels.map(l => l.id)).size === levels.length,
      'each level id may appear only once',
    )
    .refine(
      levels => levels.every(l => l.id !== 'none'),
      '"none" stands for no level and cannot be a level id',
    );
}

/**
 * The levels, lowest first (the `hardening.scorecards.levels` setting), on built-in
 * metrics.
 *
 * @public
 */
export const scorecardLevelsSchema = scorecardLevelsSchemaWith([]);

/**
 * The levels used when `hardening.scorecards.levels` is not set.
 *
 * - bronze: required CI gates green and some contract results;
 * - silver: most contract gates pass, the stress run is within thresholds, a handful of
 *   open failures and flaky tests at most;
 * - gold: the current milestone frozen, the release chain verified, every contract gate
 *   and validation metric passing, no failure open for more than a week, no flaky test
 *   and no stale runbook.
 *
 * @public
 */
export const DEFAULT_SCORECARD_LEVELS: readonly ScorecardLevel[] = [
  {
    id: 'bronze',
    title: 'Bronze',
    rules: [
      { metric: 'requiredGatesGreen', op: 'is-true' },
      { metric: 'contractGatePassRate', op: '>=', value: 0.5 },
    ],
  },
  {
    id: 'silver',
    title: 'Silver',
    rules: [
      { metric: 'contractGatePassRate', op: '>=', value: 0.9 },
      { metric: 'stressWithinThresholds', op: 'is-true' },
      { metric: 'openTriageFailures', op: '<=', value: 5 },
      { metric: 'flakyTests', op: '<=', value: 5 },
    ],
  },
  {
    id: 'gold',
    title: 'Gold',
    rules: [
      { metric: 'freezeState', op: '==', value: 'frozen' },
      { metric: 'releaseChainVerified', op: 'is-true' },
      { metric: 'contractGatePassRate', op: '>=', value: 1 },
      { metric: 'validationFailed', op: '<=', value: 0 },
      { metric: 'oldestOpenTriageDays', op: '<=', value: 7 },
      { metric: 'flakyTests', op: '<=', value: 0 },
      { metric: 'staleRunbooks', op: '<=', value: 0 },
    ],
  },
];

/** A level without its rules, as scorecards name it. @public */
export type ScorecardLevelRef = Pick<ScorecardLevel, 'id' | 'title'>;
