import { evaluateStressRun, StressEvaluation } from './evaluateStressRun';
import { StressPhase, StressRun } from './stressRun';

/**
 * The stress limits of a milestone (its thresholds' `p95LimitMs` and `errorRateLimit`),
 * both inclusive.
 *
 * @public
 */
export type MilestoneStressLimits = {
  p95LimitMs: number;
  errorRateLimit: number;
};

/**
 * How a stress run stands against a milestone's limits: the problems found (none when it
 * passes) and the worst p95 of its happy and read phases that made requests (null without
 * one; the scorecards' `stressP95Ms`).
 *
 * @public
 */
export type MilestoneStressVerdict = {
  passing: boolean;
  problems: string[];
  /** The problems about p95 alone (a subset of `problems`). */
  p95Problems: string[];
  worstP95Ms: number | null;
};

function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}

/** The p95 and error-rate problems of one happy or read phase under the milestone's limits. */
function measuredPhaseProblems(
  phase: StressPhase,
  limits: MilestoneStressLimits,
): { p95: string[]; other: string[] } {
  const { p95LimitMs, errorRateLimit } = limits;
  if (phase.requests === 0) {
    // Happy phases are already reported by the stress evaluation.
    return {
      p95: [],
      other:
        phase.kind === 'read'
          ? [`phase "${phase.name}" made no requests, which is no evidence`]
          : [],
    };
  }
  const p95Problems: string[] = [];
  const other: string[] = [];
  const p95 = phase.latencyMs?.p95;
  if (p95 === undefined) {
    p95Problems.push(`phase "${phase.name}" has no p95 latency`);
  } else if (p95 > p95LimitMs) {
    p95Problems.push(
      `phase "${phase.name}" p95 ${p95} ms is over the milestone limit of ${p95LimitMs} ms`,
    );
  }
  const rate = phase.failures / phase.requests;
  if (phase.kind === 'read' && rate > errorRateLimit) {
    other.push(
      `phase "${phase.name}" failed ${phase.failures} of ${
        phase.requests
      } requests, over the milestone error-rate limit of ${percent(
        errorRateLimit,
      )}`,
    );
  }
  return { p95: p95Problems, other };
}

/**
 * Judges a stress run against a milestone's limits, as the freeze checklist's `stress`
 * item does: zero failures in happy phases and every negative request denied as expected
 * (whatever the run's own thresholds allowed), every happy and read p95 at most
 * `p95LimitMs`, and every read phase's error rate at most `errorRateLimit`.
 *
 * @public
 */
export function judgeStressRunAgainstLimits(
  run: StressRun,
  limits: MilestoneStressLimits,
): MilestoneStressVerdict {
  const strict = evaluateStressRun({
    ...run,
    thresholds: {
      maxErrorRate: 1,
      p95Ms: 86_400_000,
      happyPathZeroErrors: true,
      negativePassRate: 1,
    },
  });
  const problems = strict.verdicts
    .filter(
      v =>
        !v.passing &&
        (v.id === 'happy-path-zero-errors' || v.id === 'negative-denials'),
    )
    .map(v =>
      v.phase && !v.message.includes(`"${v.phase}"`)
        ? `phase "${v.phase}": ${v.message}`
        : v.message,
    );
  const measured = run.phases.filter(p => p.kind !== 'negative');
  if (measured.length === 0) {
    problems.push('no happy or read phase in the run');
  }
  const p95Problems: string[] = [];
  for (const phase of measured) {
    const found = measuredPhaseProblems(phase, limits);
    p95Problems.push(...found.p95);
    problems.push(...found.p95, ...found.other);
  }
  const p95s = measured
    .filter(p => p.requests > 0)
    .map(p => p.latencyMs?.p95)
    .filter((p): p is number => typeof p === 'number');
  return {
    passing: problems.length === 0,
    problems,
    p95Problems,
    worstP95Ms: p95s.length > 0 ? Math.max(...p95s) : null,
  };
}

/**
 * A milestone's verdict on a stress run, naming the limit it is judged against, e.g.
 * `M3.4: fails, p95 256 ms against its limit of 100 ms` or `M3.3.1: passes, p95 256 ms
 * within its limit of 300 ms`; problems other than p95 follow after a semicolon.
 * `verdict`: the run's {@link judgeStressRunAgainstLimits} under these limits, when the
 * caller judged it already.
 *
 * @public
 */
export function describeMilestoneStressVerdict(
  milestoneId: string,
  run: StressRun,
  limits: MilestoneStressLimits,
  verdict: MilestoneStressVerdict = judgeStressRunAgainstLimits(run, limits),
): string {
  const p95 =
    verdict.worstP95Ms === null
      ? `no p95 measured, its limit is ${limits.p95LimitMs} ms`
      : `p95 ${verdict.worstP95Ms} ms ${
          verdict.worstP95Ms <= limits.p95LimitMs ? 'within' : 'against'
        } its limit of ${limits.p95LimitMs} ms`;
  const others = verdict.problems.filter(p => !verdict.p95Problems.includes(p));
  return `${milestoneId}: ${verdict.passing ? 'passes' : 'fails'}, ${p95}${
    others.length > 0 ? `; ${others.join('; ')}` : ''
  }`;
}

/**
 * The verdict of a stress run against its own thresholds, naming them, e.g. `within the
 * run's own thresholds (p95 below 300 ms, error rate below 1%)`.
 *
 * @public
 */
export function describeRunThresholdsVerdict(
  run: StressRun,
  evaluation: StressEvaluation,
): string {
  const { p95Ms, maxErrorRate } = run.thresholds;
  return `${
    evaluation.passing ? 'within' : 'outside'
  } the run's own thresholds (p95 below ${p95Ms} ms, error rate below ${percent(
    maxErrorRate,
  )})`;
}
