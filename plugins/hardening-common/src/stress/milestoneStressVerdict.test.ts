import { evaluateStressRun } from './evaluateStressRun';
import {
  describeMilestoneStressVerdict,
  describeRunThresholdsVerdict,
  judgeStressRunAgainstLimits,
} from './milestoneStressVerdict';
import { StressRun } from './stressRun';

function run(p95: number, readFailures = 0): StressRun {
  return {
    scenario: 'share-pack',
    startedAt: '2026-11-20T05:00:00.000Z',
    phases: [
      {
        name: 'create',
        kind: 'happy',
        requests: 1000,
        failures: 0,
        latencyMs: { p95: p95 - 20 },
      },
      {
        name: 'read',
        kind: 'read',
        requests: 1000,
        failures: readFailures,
        latencyMs: { p95 },
      },
      { name: 'forged', kind: 'negative', requests: 50, failures: 0 },
    ],
    thresholds: {
      maxErrorRate: 0.01,
      p95Ms: 300,
      happyPathZeroErrors: true,
      negativePassRate: 1,
    },
  };
}

describe('stress verdicts name their limits', () => {
  it("says the run's own thresholds", () => {
    const r = run(256);
    expect(describeRunThresholdsVerdict(r, evaluateStressRun(r))).toBe(
      "within the run's own thresholds (p95 below 300 ms, error rate below 1%)",
    );
    const slow = run(320);
    expect(describeRunThresholdsVerdict(slow, evaluateStressRun(slow))).toBe(
      "outside the run's own thresholds (p95 below 300 ms, error rate below 1%)",
    );
  });

  it("gives each milestone's verdict against its own limit, inclusive", () => {
    const r = run(256);
    expect(
      describeMilestoneStressVerdict('M3.4', r, {
        p95LimitMs: 100,
        errorRateLimit: 0.001,
      }),
    ).toBe('M3.4: fails, p95 256 ms against its limit of 100 ms');
    expect(
      describeMilestoneStressVerdict('M3.3.1', r, {
        p95LimitMs: 256,
        errorRateLimit: 0.001,
      }),
    ).toBe('M3.3.1: passes, p95 256 ms within its limit of 256 ms');
  });

  it('adds the problems other than p95', () => {
    const r = run(120, 3);
    expect(
      describeMilestoneStressVerdict('M3.2', r, {
        p95LimitMs: 400,
        errorRateLimit: 0.001,
      }),
    ).toBe(
      'M3.2: fails, p95 120 ms within its limit of 400 ms; phase "read" failed 3 of 1000 requests, over the milestone error-rate limit of 0.1%',
    );
    expect(
      judgeStressRunAgainstLimits(r, { p95LimitMs: 100, errorRateLimit: 0.01 }),
    ).toEqual({
      passing: false,
      // create's p95 of 100 ms is at the limit, which it may be.
      problems: [
        'phase "read" p95 120 ms is over the milestone limit of 100 ms',
      ],
      p95Problems: [
        'phase "read" p95 120 ms is over the milestone limit of 100 ms',
      ],
      worstP95Ms: 120,
    });
  });
});
