import { FreezeChecklistItemId } from '../milestone/freezeChecklist';
import { RequiredGates } from '../milestone/requiredGates';
import { FLAKY_WINDOW_WORDS } from '../testHistory/flakyTests';
import { TriageClass } from '../triage/triageWorkflow';

/**
 * Where the current milestone of an entity stands:
 *
 * - `frozen`: its latest freeze holds;
 * - `regressed`: it was frozen and its evidence stopped being green since;
 * - `ready`: never frozen, and every item of its freeze checklist is green: it may be
 *   frozen now;
 * - `blocked`: never frozen, and some checklist item is not green;
 * - `no-milestone`: the entity has no milestone.
 *
 * @public
 */
export type ScorecardFreezeState =
  | 'frozen'
  | 'regressed'
  | 'ready'
  | 'blocked'
  | 'no-milestone';

/**
 * Open triage failures of an entity by class; `unclassified` counts those nobody has
 * classified yet.
 *
 * @public
 */
export type ScorecardTriageCounts = Record<
  TriageClass | 'unclassified',
  number
>;

/**
 * What a scorecard says about one entity, computed from its stored evidence when asked
 * (never from separately collected facts). `null` means the entity has no such evidence.
 *
 * @public
 */
export type ScorecardMetrics = {
  /** The current milestone (see `currentMilestoneOf`). */
  milestoneId: string | null;
  freezeState: ScorecardFreezeState;
  /** `freezeState` is `frozen`. */
  frozen: boolean;
  /**
   * The freeze checklist items of the current milestone that are not green: those that
   * block it (`blocked`) or that it regressed on (`regressed`); empty otherwise.
   */
  failingChecklistItems: FreezeChecklistItemId[];
  /** Whole days since the current milestone's latest freeze, while it holds. */
  daysSinceFreeze: number | null;
  /** Whole days since the current milestone regressed, while it is regressed. */
  daysSinceRegression: number | null;

  /** Share (0–1) of the gates in the newest contract-results report that passed. */
  contractGatePassRate: number | null;

  /**
   * The required CI gates checked, and where they come from (see `requiredGatesOf`): those
   * the current milestone needs (the entity's required gates plus the milestone's own), or
   * without a milestone the entity's list, else lint and build.
   */
  requiredGates: RequiredGates;
  /** Every gate of `requiredGates` passed in the newest CI gates report; null without one. */
  requiredGatesGreen: boolean | null;
  /** Required gates that did not pass (failed, skipped or missing). */
  failingRequiredGates: string[];

  /** Worst p95 (ms) of the happy and read phases of the newest stress run. */
  stressP95Ms: number | null;
  /** Failures / requests over the happy and read phases of the newest stress run. */
  stressErrorRate: number | null;
  /** The limits the stress run is judged by: the current milestone's, else the defaults. */
  stressP95LimitMs: number;
  stressErrorRateLimit: number;
  /**
   * The newest stress run passes those limits as the current milestone's freeze checklist
   * judges a run (`judgeStressRunAgainstLimits`: no happy-path failure, every negative
   * request denied, every p95 and read error rate within the limits); null without a run.
   */
  stressWithinThresholds: boolean | null;
  /**
   * That verdict in words, naming the limits (`describeMilestoneStressVerdict`), e.g.
   * `M3.4: fails, p95 256 ms against its limit of 100 ms`; null without a stress run.
   */
  stressVerdict: string | null;

  /** The release audit chain was verified up to its newest entry; null without a chain. */
  releaseChainVerified: boolean | null;

  /** Metrics that passed / failed in the newest production validation report. */
  validationPassed: number | null;
  validationFailed: number | null;

  /** Failures still being worked on (open, classified or defect filed). */
  openTriageFailures: number;
  openTriageByClass: ScorecardTriageCounts;
  /** Whole days since the oldest of those was first seen; 0 when none is open. */
  oldestOpenTriageDays: number;

  /**
   * Tests that were flaky in the last `FLAKY_WINDOW_DAYS` days, by `FLAKY_TEST_DEFINITION`:
   * the `total` of `GET …/tests/flaky`.
   */
  flakyTests: number;

  /**
   * The entity's runbooks (uploaded, and read from its repository through the
   * `hardening.io/runbooks` annotation), and how many of them are past their review date
   * or could not be read.
   */
  runbooks: number;
  staleRunbooks: number;

  /**
   * Receipt time of the newest of the entity's newest test report, CI gates report,
   * contract results, stress run and validation report.
   */
  lastEvidenceAt: string | null;

  /**
   * Metrics added by backend modules (`hardeningScorecardMetricsExtensionPoint`), by
   * name; `null` when the entity has no value. Absent when no module adds one.
   */
  extensions?: Record<string, ScorecardExtensionMetricValue>;
};

/**
 * The types a metric added by a module may have.
 *
 * @public
 */
export type ScorecardExtensionMetricType =
  | 'boolean'
  | 'count'
  | 'days'
  | 'ms'
  | 'ratio';

/** A value of a metric added by a module; null: no value. @public */
export type ScorecardExtensionMetricValue = number | boolean | null;

/**
 * A metric added by a backend module, as level rules and scorecards know it.
 *
 * @public
 */
export type ScorecardExtensionMetricDefinition = {
  name: string;
  title: string;
  type: ScorecardExtensionMetricType;
  description: string;
  /** The comparisons level rules may make on it; empty: none. */
  levelOps: readonly ('>=' | '<=' | '==' | 'is-true')[];
};

/**
 * The metrics level rules may name.
 *
 * @public
 */
export const SCORECARD_RULE_METRICS = [
  'freezeState',
  'frozen',
  'daysSinceFreeze',
  'daysSinceRegression',
  'contractGatePassRate',
  'requiredGatesGreen',
  'stressP95Ms',
  'stressErrorRate',
  'stressWithinThresholds',
  'releaseChainVerified',
  'validationPassed',
  'validationFailed',
  'openTriageFailures',
  'oldestOpenTriageDays',
  'flakyTests',
  'runbooks',
  'staleRunbooks',
] as const;

/** @public */
export type ScorecardRuleMetric = (typeof SCORECARD_RULE_METRICS)[number];

/**
 * How a rule metric is compared and shown: `ratio` values are 0–1 and shown as percents.
 *
 * @public
 */
export type ScorecardMetricType =
  | 'boolean'
  | 'count'
  | 'days'
  | 'ms'
  | 'ratio'
  | 'freeze-state';

/**
 * Label and type of each rule metric.
 *
 * @public
 */
export const SCORECARD_METRIC_DEFINITIONS: Readonly<
  Record<ScorecardRuleMetric, { label: string; type: ScorecardMetricType }>
> = {
  freezeState: { label: 'Milestone freeze state', type: 'freeze-state' },
  frozen: { label: 'Current milestone frozen', type: 'boolean' },
  daysSinceFreeze: { label: 'Days since freeze', type: 'days' },
  daysSinceRegression: { label: 'Days since regression', type: 'days' },
  contractGatePassRate: { label: 'Contract gate pass rate', type: 'ratio' },
  requiredGatesGreen: { label: 'Required CI gates green', type: 'boolean' },
  stressP95Ms: { label: 'Stress p95', type: 'ms' },
  stressErrorRate: { label: 'Stress error rate', type: 'ratio' },
  stressWithinThresholds: {
    label: 'Stress run within thresholds',
    type: 'boolean',
  },
  releaseChainVerified: { label: 'Release chain verified', type: 'boolean' },
  validationPassed: { label: 'Validation metrics passed', type: 'count' },
  validationFailed: { label: 'Validation metrics failed', type: 'count' },
  openTriageFailures: { label: 'Open triage failures', type: 'count' },
  oldestOpenTriageDays: {
    label: 'Age of the oldest open failure',
    type: 'days',
  },
  flakyTests: { label: `Flaky tests ${FLAKY_WINDOW_WORDS}`, type: 'count' },
  runbooks: { label: 'Runbooks', type: 'count' },
  staleRunbooks: { label: 'Stale runbooks', type: 'count' },
};

/**
 * A freeze state in words, for sentences such as a rule's reason (`Milestone freeze
 * state is no milestone, needs frozen`). @public
 */
export const SCORECARD_FREEZE_STATE_WORDS: Record<
  ScorecardFreezeState,
  string
> = {
  frozen: 'frozen',
  regressed: 'regressed after its freeze',
  ready: 'ready to freeze',
  blocked: 'blocked',
  'no-milestone': 'no milestone',
};

/** The freeze states, for `freezeState == …` rules. @public */
export const SCORECARD_FREEZE_STATES: readonly ScorecardFreezeState[] = [
  'frozen',
  'regressed',
  'ready',
  'blocked',
  'no-milestone',
];
