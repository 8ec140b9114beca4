import {
  describeMilestoneStressVerdict,
  evaluateRequiredGates,
  judgeStressRunAgainstLimits,
  MilestoneStressLimits,
  requiredGatesOf,
  ScorecardFreezeState,
  ScorecardMetrics,
  ScorecardTriageCounts,
  TRIAGE_CLASSES,
} from '@hardening/backstage-plugin-hardening-common';
import { ScorecardEvidence } from '../database/DatabaseScorecardEvidenceReader';
import { runbookStaleness } from '../runbook/runbookDates';

const DAY_MS = 86_400_000;

type StressFacts = NonNullable<ScorecardEvidence['stress']>;
type StressJudgement = { passing: boolean; verdict: string };

/**
 * Judgements of stress runs by their facts and the milestone and limits they were judged
 * under. The evidence reader keeps one facts object per stored report (which never
 * changes), so a run is judged once per milestone and limits, not on every scorecard.
 */
const stressJudgements = new WeakMap<
  StressFacts,
  Map<string, StressJudgement>
>();

/** The run judged against the limits as the milestone's checklist judges it, in words too. */
function judgeStress(
  stress: StressFacts,
  label: string,
  limits: MilestoneStressLimits,
): StressJudgement {
  const key = `${limits.p95LimitMs}|${limits.errorRateLimit}|${label}`;
  let judged = stressJudgements.get(stress);
  if (!judged) {
    judged = new Map();
    stressJudgements.set(stress, judged);
  }
  let judgement = judged.get(key);
  if (!judgement) {
    const verdict = judgeStressRunAgainstLimits(stress.run, limits);
    judgement = {
      passing: verdict.passing,
      verdict: describeMilestoneStressVerdict(
        label,
        stress.run,
        limits,
        verdict,
      ),
    };
    judged.set(key, judgement);
  }
  return judgement;
}

/** Whole days from `then` to `now`, never negative. */
export function daysBetween(then: number, now: number): number {
  return Math.max(0, Math.floor((now - then) / DAY_MS));
}

function freezeOf(
  evidence: ScorecardEvidence,
  now: number,
): Pick<
  ScorecardMetrics,
  | 'milestoneId'
  | 'freezeState'
  | 'frozen'
  | 'failingChecklistItems'
  | 'daysSinceFreeze'
  | 'daysSinceRegression'
> {
  const milestone = evidence.milestone;
  const state: ScorecardFreezeState = milestone?.state ?? 'no-milestone';
  return {
    milestoneId: milestone?.id ?? null,
    freezeState: state,
    frozen: state === 'frozen',
    failingChecklistItems: milestone?.failingItems ?? [],
    daysSinceFreeze:
      state === 'frozen' && milestone?.frozenAt !== undefined
        ? daysBetween(milestone.frozenAt, now)
        : null,
    daysSinceRegression:
      state === 'regressed' && milestone?.regressedAt !== undefined
        ? daysBetween(milestone.regressedAt, now)
        : null,
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
 * - required gates: those the current milestone needs (the entity's list plus the
 *   milestone's own), without a milestone the entity's list, else lint and build;
 * - stress limits: the current milestone's, else `defaults`; the run is judged against them
 *   as the milestone's freeze checklist judges it (`judgeStressRunAgainstLimits`);
 * - stale runbooks: past their next review, or without one and last updated more than
 *   `runbookStaleAfterDays` ago, or unreadable.
 */
export function scorecardMetrics(
  evidence: ScorecardEvidence,
  options: {
    now: Date;
    stressDefaults: { p95LimitMs: number; errorRateLimit: number };
    runbookStaleAfterDays: number;
  },
): ScorecardMetrics {
  const now = options.now.getTime();

  const contract = evidence.contract;
  const contractGatePassRate =
    contract && contract.total > 0 ? contract.passed / contract.total : null;

  const requiredGates = requiredGatesOf(
    evidence.requiredGates,
    evidence.milestone,
  );
  const required = requiredGates.gates;
  const gateVerdict = evidence.gates
    ? evaluateRequiredGates(required, evidence.gates.gates)
    : undefined;

  const p95LimitMs =
    evidence.milestone?.p95LimitMs ?? options.stressDefaults.p95LimitMs;
  const errorRateLimit =
    evidence.milestone?.errorRateLimit ?? options.stressDefaults.errorRateLimit;
  const limits = { p95LimitMs, errorRateLimit };
  const stress = evidence.stress;
  const judged = stress
    ? judgeStress(
        stress,
        evidence.milestone?.id ?? 'The default limits',
        limits,
      )
    : undefined;
  const validation = evidence.validation;

  return {
    ...freezeOf(evidence, now),
    contractGatePassRate,
    requiredGates,
    requiredGatesGreen: gateVerdict ? gateVerdict.passing : null,
    failingRequiredGates: gateVerdict
      ? gateVerdict.gates.filter(g => !g.passing).map(g => g.name)
      : required,
    stressP95Ms: stress?.p95 ?? null,
    stressErrorRate: stress?.errorRate ?? null,
    stressP95LimitMs: p95LimitMs,
    stressErrorRateLimit: errorRateLimit,
    stressWithinThresholds: judged ? judged.passing : null,
    stressVerdict: judged ? judged.verdict : null,
    releaseChainVerified: evidence.chain ? evidence.chain.headVerified : null,
    validationPassed: validation?.passed ?? null,
    validationFailed: validation?.failed ?? null,
    ...triageOf(evidence, now),
    flakyTests: evidence.flakyTests,
    runbooks: evidence.runbooks.length,
    staleRunbooks: evidence.runbooks.filter(
      r =>
        r.unreadable ||
        runbookStaleness(r, options.now, options.runbookStaleAfterDays).stale,
    ).length,
    lastEvidenceAt:
      evidence.lastEvidenceAt !== undefined
        ? new Date(evidence.lastEvidenceAt).toISOString()
        : null,
  };
}
