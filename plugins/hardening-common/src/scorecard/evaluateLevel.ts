import {
  ScorecardLevel,
  ScorecardLevelRef,
  ScorecardRule,
  scorecardRuleMetricInfo,
} from './levels';
import {
  SCORECARD_FREEZE_STATE_WORDS,
  ScorecardExtensionMetricDefinition,
  ScorecardFreezeState,
  ScorecardMetricType,
  ScorecardMetrics,
} from './metrics';

/**
 * The level an entity reached and what it misses for the next one.
 *
 * @public
 */
export type ScorecardLevelResult = {
  /** The highest level whose rules, and those of every level below it, all hold. */
  level: ScorecardLevelRef | null;
  /** 0 for no level, 1 for the lowest level, and so on. */
  rank: number;
  /** The level above, null at the top. */
  nextLevel: ScorecardLevelRef | null;
  /** Why the next level is not reached, one sentence per rule that does not hold. */
  missingForNextLevel: string[];
};

function show(type: ScorecardMetricType, value: unknown): string {
  if (type === 'freeze-state' && typeof value === 'string') {
    return SCORECARD_FREEZE_STATE_WORDS[value as ScorecardFreezeState] ?? value;
  }
  if (typeof value !== 'number') return String(value);
  switch (type) {
    case 'ratio':
      return `${Math.round(value * 1000) / 10}%`;
    case 'ms':
      return `${value} ms`;
    case 'days':
      return `${value} day${value === 1 ? '' : 's'}`;
    default:
      return String(value);
  }
}

/**
 * Why a rule does not hold for these metrics, in a sentence, or undefined when it holds.
 *
 * @public
 */
export function ruleProblem(
  rule: ScorecardRule,
  metrics: ScorecardMetrics,
  extensions: readonly ScorecardExtensionMetricDefinition[] = [],
): string | undefined {
  const info = scorecardRuleMetricInfo(rule.metric, extensions);
  if (!info) {
    return `${rule.metric}: no such metric`;
  }
  const { label, type } = info;
  const actual = Object.hasOwn(metrics, rule.metric)
    ? metrics[rule.metric as keyof ScorecardMetrics]
    : metrics.extensions?.[rule.metric];
  const wanted = show(type, rule.value);
  if (actual === null || actual === undefined) {
    return `${label}: no evidence yet (needs ${
      rule.op === 'is-true' ? 'yes' : `${rule.op} ${wanted}`
    })`;
  }
  switch (rule.op) {
    case 'is-true':
      return actual === true ? undefined : `${label}: no`;
    case '==':
      return actual === rule.value
        ? undefined
        : `${label} is ${show(type, actual)}, needs ${wanted}`;
    case '>=':
      return typeof actual === 'number' && actual >= Number(rule.value)
        ? undefined
        : `${label} is ${show(type, actual)}, needs at least ${wanted}`;
    case '<=':
      return typeof actual === 'number' && actual <= Number(rule.value)
        ? undefined
        : `${label} is ${show(type, actual)}, needs at most ${wanted}`;
    default:
      return `${label}: unknown comparison`;
  }
}

/**
 * The level an entity reaches: levels are given lowest first, and a level is reached when
 * all its rules hold and every level below is reached. Metrics without evidence (`null`)
 * fail every rule on them. `extensions` are the metrics added by backend modules
 * (values in `metrics.extensions`).
 *
 * @public
 */
export function evaluateLevel(
  metrics: ScorecardMetrics,
  levels: readonly ScorecardLevel[],
  extensions: readonly ScorecardExtensionMetricDefinition[] = [],
): ScorecardLevelResult {
  let rank = 0;
  for (const level of levels) {
    const problems = level.rules
      .map(rule => ruleProblem(rule, metrics, extensions))
      .filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
      const reached = rank > 0 ? levels[rank - 1] : undefined;
      return {
        level: reached ? { id: reached.id, title: reached.title } : null,
        rank,
        nextLevel: { id: level.id, title: level.title },
        missingForNextLevel: problems,
      };
    }
    rank += 1;
  }
  const top = levels[levels.length - 1];
  return {
    level: top ? { id: top.id, title: top.title } : null,
    rank,
    nextLevel: null,
    missingForNextLevel: [],
  };
}
