import {
  DEFAULT_DENIAL_STATUSES,
  StressPhase,
  StressRun,
  StressThresholds,
} from './stressRun';

/**
 * The rules a stress run is judged by.
 *
 * @public
 */
export type StressVerdictId =
  | 'happy-path-zero-errors'
  | 'error-rate'
  | 'p95'
  | 'negative-denials';

/**
 * The outcome of one rule for one phase (or for the run, when the phase it needs is
 * missing). `actual` is null when there was nothing to measure.
 *
 * - `happy-path-zero-errors`: actual = failed requests, limit = 0
 * - `error-rate`: actual = failures / requests, limit = `maxErrorRate` (exclusive)
 * - `p95`: actual = p95 in ms, limit = `p95Ms` (exclusive)
 * - `negative-denials`: actual = share of requests denied as expected, limit = `negativePassRate`
 *
 * @public
 */
export type StressVerdict = {
  id: StressVerdictId;
  phase?: string;
  passing: boolean;
  actual: number | null;
  limit: number;
  message: string;
};

/** @public */
export type StressEvaluation = {
  passing: boolean;
  verdicts: StressVerdict[];
};

function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}

function requestsWord(n: number): string {
  return n === 1 ? '1 request' : `${n} requests`;
}

function vacuous(
  id: StressVerdictId,
  phase: StressPhase,
  limit: number,
): StressVerdict {
  return {
    id,
    phase: phase.name,
    passing: false,
    actual: null,
    limit,
    message: `phase "${phase.name}" made no requests: a phase without requests is no evidence`,
  };
}

function happyPathVerdicts(phases: StressPhase[]): StressVerdict[] {
  const happy = phases.filter(p => p.kind === 'happy');
  if (happy.length === 0) {
    return [
      {
        id: 'happy-path-zero-errors',
        passing: false,
        actual: null,
        limit: 0,
        message: 'no happy-path phase in the run',
      },
    ];
  }
  return happy.map(phase => {
    if (phase.requests === 0) {
      return vacuous('happy-path-zero-errors', phase, 0);
    }
    // The exact count, never a rounded rate: 1 failure in a million still fails.
    const passing = phase.failures === 0;
    return {
      id: 'happy-path-zero-errors',
      phase: phase.name,
      passing,
      actual: phase.failures,
      limit: 0,
      message: passing
        ? `no failures in ${requestsWord(phase.requests)}`
        : `${phase.failures} of ${requestsWord(
            phase.requests,
          )} failed; the happy path allows none`,
    };
  });
}

function measuredPhaseVerdicts(
  phases: StressPhase[],
  thresholds: StressThresholds,
): StressVerdict[] {
  const measured = phases.filter(p => p.kind !== 'negative');
  if (measured.length === 0) {
    const message = 'no happy or read phase in the run';
    return [
      {
        id: 'error-rate',
        passing: false,
        actual: null,
        limit: thresholds.maxErrorRate,
        message,
      },
      {
        id: 'p95',
        passing: false,
        actual: null,
        limit: thresholds.p95Ms,
        message,
      },
    ];
  }
  const errorRates = measured.map((phase): StressVerdict => {
    if (phase.requests === 0) {
      return vacuous('error-rate', phase, thresholds.maxErrorRate);
    }
    const rate = phase.failures / phase.requests;
    const passing = rate < thresholds.maxErrorRate;
    return {
      id: 'error-rate',
      phase: phase.name,
      passing,
      actual: rate,
      limit: thresholds.maxErrorRate,
      message: `${phase.failures} of ${requestsWord(
        phase.requests,
      )} failed (${percent(rate)}); must stay below ${percent(
        thresholds.maxErrorRate,
      )}`,
    };
  });
  const latencies = measured.map((phase): StressVerdict => {
    if (phase.requests === 0) {
      return vacuous('p95', phase, thresholds.p95Ms);
    }
    // The schema requires latencyMs for happy and read phases.
    const p95 = phase.latencyMs?.p95;
    if (p95 === undefined) {
      return {
        id: 'p95',
        phase: phase.name,
        passing: false,
        actual: null,
        limit: thresholds.p95Ms,
        message: `phase "${phase.name}" has no p95 latency`,
      };
    }
    const passing = p95 < thresholds.p95Ms;
    return {
      id: 'p95',
      phase: phase.name,
      passing,
      actual: p95,
      limit: thresholds.p95Ms,
      message: `p95 ${p95} ms; must stay below ${thresholds.p95Ms} ms`,
    };
  });
  return [...errorRates, ...latencies];
}

/** Requests of a negative phase that were not denied as expected, and why. */
function undenied(phase: StressPhase): { count: number; reasons: string[] } {
  if (!phase.statusCounts) {
    return {
      count: phase.failures,
      reasons:
        phase.failures > 0 ? [`${phase.failures} not denied as expected`] : [],
    };
  }
  const expected = new Set(phase.expectedStatuses ?? DEFAULT_DENIAL_STATUSES);
  let denied = 0;
  let recorded = 0;
  const reasons: string[] = [];
  for (const [status, n] of Object.entries(phase.statusCounts).sort(
    ([a], [b]) => Number(a) - Number(b),
  )) {
    recorded += n;
    if (expected.has(Number(status))) {
      denied += n;
    } else if (n > 0) {
      reasons.push(
        `${n} answered ${status === '0' ? 'nothing (no response)' : status}`,
      );
    }
  }
  if (recorded < phase.requests) {
    reasons.push(`${phase.requests - recorded} without a recorded status`);
  }
  // Fail closed: when the failure count and the status counts disagree, take the worse.
  const count = Math.max(phase.failures, phase.requests - denied);
  if (count > phase.requests - denied) {
    reasons.push(`${phase.failures} counted as failures`);
  }
  return { count, reasons };
}

function negativeVerdicts(
  phases: StressPhase[],
  thresholds: StressThresholds,
): StressVerdict[] {
  const negative = phases.filter(p => p.kind === 'negative');
  const limit = thresholds.negativePassRate;
  if (negative.length === 0) {
    return [
      {
        id: 'negative-denials',
        passing: false,
        actual: null,
        limit,
        message: 'no negative/security phase in the run',
      },
    ];
  }
  return negative.map(phase => {
    if (phase.requests === 0) {
      return vacuous('negative-denials', phase, limit);
    }
    const { count, reasons } = undenied(phase);
    const rate = (phase.requests - count) / phase.requests;
    const passing = rate >= limit;
    const expected = phase.statusCounts
      ? ` (expected ${(phase.expectedStatuses ?? DEFAULT_DENIAL_STATUSES).join(
          '/',
        )})`
      : '';
    return {
      id: 'negative-denials',
      phase: phase.name,
      passing,
      actual: rate,
      limit,
      message:
        `${phase.requests - count} of ${requestsWord(
          phase.requests,
        )} denied as expected${expected} (${percent(rate)}); ` +
        `at least ${percent(limit)} required${
          reasons.length ? `: ${reasons.join(', ')}` : ''
        }`,
    };
  });
}

/**
 * Judges a parsed stress run against its thresholds:
 *
 * - every happy phase has exactly zero failed requests (when `happyPathZeroErrors`);
 * - every happy and read phase has failures / requests below `maxErrorRate` and a p95
 *   below `p95Ms`;
 * - every negative phase had at least `negativePassRate` of its requests denied with one
 *   of its expected statuses, and there is at least one negative phase.
 *
 * A phase with no requests fails every rule it is judged by: it is no evidence.
 *
 * @public
 */
export function evaluateStressRun(run: StressRun): StressEvaluation {
  const { phases, thresholds } = run;
  const verdicts = [
    ...(thresholds.happyPathZeroErrors ? happyPathVerdicts(phases) : []),
    ...measuredPhaseVerdicts(phases, thresholds),
    ...negativeVerdicts(phases, thresholds),
  ];
  return { passing: verdicts.every(v => v.passing), verdicts };
}
