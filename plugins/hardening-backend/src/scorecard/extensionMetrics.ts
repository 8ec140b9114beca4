import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  SCORECARD_METRIC_DEFINITIONS,
  SCORECARD_RULE_OPS,
  ScorecardExtensionMetricDefinition,
  ScorecardExtensionMetricType,
  ScorecardExtensionMetricValue,
  ScorecardMetrics,
  ScorecardRuleOp,
} from '@hardening/backstage-plugin-hardening-common';
import type {
  HardeningScorecardMetric,
  HardeningScorecardMetricsExtensionPoint,
} from '@hardening/backstage-plugin-hardening-node';
import { CSV_COLUMN_NAMES } from './scorecardCsv';

const TYPES: ReadonlySet<string> = new Set<ScorecardExtensionMetricType>([
  'boolean',
  'count',
  'days',
  'ms',
  'ratio',
]);

/** The comparisons a type allows. */
function opsOfType(type: ScorecardExtensionMetricType): ScorecardRuleOp[] {
  return type === 'boolean' ? ['is-true', '=='] : ['>=', '<=', '=='];
}

/** Names the scorecard's own metrics take (rule metrics and every other field). */
const OTHER_FIELDS: Array<keyof ScorecardMetrics> = [
  'milestoneId',
  'failingChecklistItems',
  'requiredGates',
  'failingRequiredGates',
  'stressP95LimitMs',
  'stressErrorRateLimit',
  'stressVerdict',
  'openTriageByClass',
  'lastEvidenceAt',
  'extensions',
];
const BUILT_IN_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(SCORECARD_METRIC_DEFINITIONS),
  ...OTHER_FIELDS,
]);

function definitionOf(
  metric: HardeningScorecardMetric,
): ScorecardExtensionMetricDefinition {
  const { name } = metric;
  const problem = (what: string) =>
    new Error(`Scorecard metric "${name}" ${what}`);
  if (
    typeof name !== 'string' ||
    !/^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/.test(name) ||
    name.length > 64
  ) {
    throw problem(
      'is not a metric name: a letter, then letters, digits and ".", at most 64',
    );
  }
  if (BUILT_IN_NAMES.has(name)) throw problem('is a built-in metric');
  if (CSV_COLUMN_NAMES.has(name)) {
    throw problem('is the name of a column of the org CSV export');
  }
  if (!TYPES.has(metric.type)) {
    throw problem(`has an unknown type; one of ${[...TYPES].join(', ')}`);
  }
  if (!metric.title?.trim() || !metric.description?.trim()) {
    throw problem('needs a title and a description');
  }
  if (typeof metric.compute !== 'function') throw problem('has no compute');
  const allowed = opsOfType(metric.type);
  const levelOps = [...(metric.levelOps ?? allowed)];
  const wrong = levelOps.filter(
    op => !SCORECARD_RULE_OPS.includes(op) || !allowed.includes(op),
  );
  if (wrong.length > 0) {
    throw problem(
      `allows ${wrong.join(', ')}, which a ${
        metric.type
      } metric cannot be compared with (${allowed.join(', ')})`,
    );
  }
  return {
    name,
    title: metric.title.trim(),
    type: metric.type,
    description: metric.description.trim(),
    levelOps,
  };
}

/** Whether `value` is a value of a metric of `type`. */
function fits(type: ScorecardExtensionMetricType, value: unknown): boolean {
  if (type === 'boolean') return typeof value === 'boolean';
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return false;
  }
  if (type === 'ratio') return value <= 1;
  return type === 'ms' || Number.isInteger(value);
}

/**
 * The scorecard metrics modules add (`hardeningScorecardMetricsExtensionPoint`): checked
 * as they are added (a bad one stops the backend at start-up), computed for all entities
 * of a scorecard read at once.
 */
export class ScorecardMetricRegistry {
  readonly #metrics = new Map<
    string,
    {
      metric: HardeningScorecardMetric;
      definition: ScorecardExtensionMetricDefinition;
    }
  >();

  extensionPoint(): HardeningScorecardMetricsExtensionPoint {
    return {
      addScorecardMetric: (...metrics) => {
        for (const metric of metrics.flat()) this.add(metric);
      },
    };
  }

  add(metric: HardeningScorecardMetric): void {
    const definition = definitionOf(metric);
    if (this.#metrics.has(definition.name)) {
      throw new Error(`Scorecard metric "${definition.name}" is added twice`);
    }
    this.#metrics.set(definition.name, { metric, definition });
  }

  /** The metrics as level rules and scorecards know them, in the order they were added. */
  get definitions(): ScorecardExtensionMetricDefinition[] {
    return [...this.#metrics.values()].map(m => m.definition);
  }

  get size(): number {
    return this.#metrics.size;
  }

  /**
   * Every metric for every entity, each metric in one call over all of them, the calls
   * at once. A metric that throws, or a value that does not fit its type, is logged and
   * counts as no value (`null`): one module cannot take the scorecards down.
   */
  async compute(
    entityRefs: readonly string[],
    now: Date,
    logger?: LoggerService,
  ): Promise<Map<string, Record<string, ScorecardExtensionMetricValue>>> {
    const byEntity = new Map(
      entityRefs.map(ref => [
        ref,
        {} as Record<string, ScorecardExtensionMetricValue>,
      ]),
    );
    await Promise.all(
      [...this.#metrics.values()].map(async ({ metric, definition }) => {
        let values: ReadonlyMap<string, unknown> = new Map();
        try {
          const computed = await metric.compute({ entityRefs, now });
          values =
            computed instanceof Map
              ? computed
              : new Map(Object.entries(computed ?? {}));
        } catch (error) {
          logger?.warn(
            `Scorecard metric ${definition.name} failed; it has no value this time: ${error}`,
          );
        }
        let misfits = 0;
        for (const [ref, out] of byEntity) {
          const value = values.get(ref) ?? null;
          if (value !== null && !fits(definition.type, value)) {
            misfits += 1;
            out[definition.name] = null;
          } else {
            out[definition.name] = value as ScorecardExtensionMetricValue;
          }
        }
        if (misfits > 0) {
          logger?.warn(
            `Scorecard metric ${definition.name} gave ${misfits} value(s) that are not a ${definition.type}; they count as no value`,
          );
        }
      }),
    );
    return byEntity;
  }
}
