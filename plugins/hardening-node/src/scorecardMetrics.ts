import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  ScorecardExtensionMetricType,
  ScorecardExtensionMetricValue,
  ScorecardRuleOp,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * What a metric is computed for: every entity of one scorecard read at once.
 *
 * @public
 */
export type HardeningScorecardMetricContext = {
  /** Lower-cased entity refs, e.g. `component:default/payments-api`. */
  entityRefs: readonly string[];
  /** The time the scorecards are computed at. */
  now: Date;
};

/**
 * A scorecard metric a module adds.
 *
 * @public
 */
export type HardeningScorecardMetric = {
  /**
   * The key under `metrics.extensions` and in level rules (`metric: <name>`): a letter,
   * then letters, digits and `.`, at most 64; not a built-in metric's name.
   */
  name: string;
  /** How it is shown and compared: `ratio` is 0–1, shown as a percent. */
  type: ScorecardExtensionMetricType;
  /** The label in scorecards and in level reasons, e.g. `Line coverage`. */
  title: string;
  /** What it measures, for the people writing level rules. */
  description: string;
  /**
   * The comparisons level rules may make on it: a subset of those its type allows
   * (`>=`, `<=`, `==` on numbers; `is-true`, `==` on booleans). Default: all of those;
   * `[]`: it is shown but no level may use it.
   */
  levelOps?: readonly ScorecardRuleOp[];
  /**
   * The values of all entities at once, in one query; an entity left out, or `null`,
   * has no value (every rule on it fails, as for built-in metrics without evidence). A
   * value of the wrong type, or a throw, is logged and counts as no value.
   */
  compute(
    context: HardeningScorecardMetricContext,
  ): Promise<
    | ReadonlyMap<string, ScorecardExtensionMetricValue>
    | Readonly<Record<string, ScorecardExtensionMetricValue>>
  >;
};

/**
 * Adds scorecard metrics to the Hardening backend.
 *
 * @public
 */
export interface HardeningScorecardMetricsExtensionPoint {
  addScorecardMetric(
    ...metrics: Array<HardeningScorecardMetric | HardeningScorecardMetric[]>
  ): void;
}

/**
 * The extension point for scorecard metrics.
 *
 * @public
 */
export const hardeningScorecardMetricsExtensionPoint =
  createExtensionPoint<HardeningScorecardMetricsExtensionPoint>({
    id: 'hardening.scorecardMetrics',
  });
