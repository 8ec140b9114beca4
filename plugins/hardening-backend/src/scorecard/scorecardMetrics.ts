import {
  DEFAULT_MILESTONE_REQUIRED_GATES,
  evaluateRequiredGates,
  ScorecardFreezeState,
  ScorecardMetrics,
  ScorecardTriageCounts,
  StressRunSummary,
  TRIAGE_CLASSES,
} from '@hardening/backstage-plugin-hardening-common';
import { ScorecardEvidence } from '../database/DatabaseScorecardEvidenceReader';

const DAY_MS = 86_400_000;

/** Whole days from `then` to `now`, never negative. */
export function daysBetween(then: number, now: number): number {
  return Math.max(0, Math.floor((now - then) / DAY_MS));
}

/** Worst p95 and overall error rate of the happy and read phases of a stress run. */
function stressFigures(summary: StressRunSummary): {
  p95: number | null;
  errorRate: number | null;
} {
  const measured = summary.run.phases.filter(
    p => p.kind !== 'negative' && p.requests > 0,
  );
  if (measured.length === 0) return { p95: null, errorRate: null };
  const p95s = measured
    .map(p => p.latencyMs?.p95)
    .filter((v): v is number => typeof v === 'number');
  const requests = measured.reduce((n, p) => n + p.requests, 0);
  const failures = measured.reduce((n, p) => n + p.failures, 0);
  return {
    p95: p95s.length > 0 ? Math.max(...p95s) : null,
    errorRate: failures / requests,
  };
}

function freezeOf(
  evidence: ScorecardEvidence,
  now: number,
): Pick<
  ScorecardMetrics,
  | 'milestoneId'
  | 'freezeState'
  | 'frozen'
  | 'daysSinceFreeze'
  | 'daysSinceRegression'
> {
  const milestone = evidence.milestone;
  let state: ScorecardFreezeState = 'no-milestone';
  if (milestone) {
    if (milestone.regressedAt !== undefined) state = 'regressed';
    else if (milestone.frozenAt !== undefined) state = 'frozen';
    else state = 'not-frozen';
  }
  return {
    milestoneId: milestone?.id ?? null,
    freezeState: state,
    frozen: state === 'frozen',
    daysSinceFreeze:
      state === 'frozen' ? daysBetween(milestone!.frozenAt!, now) : null,
    daysSinceRegression:
      state === 'regressed' ? daysBetween(milestone!.regressedAt!, now) : null,
  };
}

function triageOf(
  evidence: ScorecardEvidence,
  now: number,
): Pick<
  ScorecardMetrics,
  'openTriageFailures' | 'openTriageByClass' | 'oldestOpenTriageDays'
> {
  const byClass = Object.fromEntries(
    [...TRIAGE_CLASSES, 'unclassified'].map(c => [c, 0]),
  ) as ScorecardTriageCounts;
  let total = 0;
  let oldest: number | undefined;
  for (const group of evidence.openTriage) {
    const key =
      group.class && group.class in byClass ? group.class : 'unclassified';
    byClass[key] += group.count;
    total += group.count;
    oldest = Math.min(oldest ?? group.oldestFirstSeen, group.oldestFirstSeen);
  }
  return {
    openTriageFailures: total,
    openTriageByClass: byClass,
    oldestOpenTriageDays: oldest === undefined ? 0 : daysBetween(oldest, now),
  };
}

/**
 * The scorecard metrics of one entity from its stored evidence.
 *
 * - required gates: the entity's required-gates list, else lint and build;
 * - stress limits: the current milestone's, else `defaults`;
 * - stale runbooks: `staleDigests` says which uploaded runbooks are past their review.
 */
export function scorecardMetrics(
  evidence: ScorecardEvidence,
  options: {
    now: Date;
    stressDefaults: { p95LimitMs: number; errorRateLimit: number };
    staleDigests: ReadonlySet<string>;
  },
): ScorecardMetrics {
  const now = options.now.getTime();

  const gates = evidence.contractResults?.gates;
  const contractGatePassRate =
    gates && gates.length > 0
      ? gates.filter(g => g.status === 'pass').length / gates.length
      : null;

  const required =
    evidence.requiredGates.length > 0
      ? evidence.requiredGates
      : [...DEFAULT_MILESTONE_REQUIRED_GATES];
  const gateVerdict = evidence.gates
    ? evaluateRequiredGates(required, evidence.gates.gates)
    : undefined;

  const p95LimitMs =
    evidence.milestone?.p95LimitMs ?? options.stressDefaults.p95LimitMs;
  const errorRateLimit =
    evidence.milestone?.errorRateLimit ?? options.stressDefaults.errorRateLimit;
  const stress = evidence.stressRun
    ? stressFigures(evidence.stressRun)
    : undefined;

  const validation = evidence.validation?.evaluation.metrics;

  return {
    ...freezeOf(evidence, now),
    contractGatePassRate,
    requiredGatesGreen: gateVerdict ? gateVerdict.passing : null,
    failingRequiredGates: gateVerdict
      ? gateVerdict.gates.filter(g => !g.passing).map(g => g.name)
      : required,
    stressP95Ms: stress?.p95 ?? null,
    stressErrorRate: stress?.errorRate ?? null,
    stressP95LimitMs: p95LimitMs,
    stressErrorRateLimit: errorRateLimit,
    stressWithinThresholds: stress
      ? stress.p95 !== null &&
        stress.errorRate !== null &&
        stress.p95 <= p95LimitMs &&
        stress.errorRate <= errorRateLimit
      : null,
    releaseChainVerified: evidence.chain ? evidence.chain.headVerified : null,
    validationPassed: validation
      ? validation.filter(m => m.passing).length
      : null,
    validationFailed: validation
      ? validation.filter(m => !m.passing).length
      : null,
    ...triageOf(evidence, now),
    flakyTests: evidence.flakyTests,
    runbooks: evidence.runbooks.length,
    staleRunbooks: evidence.runbooks.filter(r =>
      options.staleDigests.has(r.digest),
    ).length,
    lastEvidenceAt:
      evidence.lastEvidenceAt !== undefined
        ? new Date(evidence.lastEvidenceAt).toISOString()
        : null,
  };
}
