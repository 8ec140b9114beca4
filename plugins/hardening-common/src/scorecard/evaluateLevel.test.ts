import { evaluateLevel } from './evaluateLevel';
import {
  DEFAULT_SCORECARD_LEVELS,
  ScorecardLevel,
  scorecardLevelsSchema,
} from './levels';
import { ScorecardMetrics } from './metrics';

/** An entity that meets every default level. */
function goldMetrics(): ScorecardMetrics {
  return {
    milestoneId: 'M1',
    freezeState: 'frozen',
    frozen: true,
    failingChecklistItems: [],
    daysSinceFreeze: 3,
    daysSinceRegression: null,
    contractGatePassRate: 1,
    requiredGates: {
      milestoneId: 'M1',
      entity: [],
      milestone: ['lint', 'build'],
      gates: ['lint', 'build'],
    },
    requiredGatesGreen: true,
    failingRequiredGates: [],
    stressP95Ms: 120,
    stressErrorRate: 0,
    stressP95LimitMs: 500,
    stressErrorRateLimit: 0.01,
    stressWithinThresholds: true,
    stressVerdict: 'M1: passes, p95 120 ms within its limit of 500 ms',
    releaseChainVerified: true,
    validationPassed: 8,
    validationFailed: 0,
    openTriageFailures: 0,
    openTriageByClass: {
      'infra-ci': 0,
      harness: 0,
      'algorithm-regression': 0,
      'data-schema-drift': 0,
      flake: 0,
      unclassified: 0,
    },
    oldestOpenTriageDays: 0,
    flakyTests: 0,
    runbooks: 2,
    staleRunbooks: 0,
    lastEvidenceAt: '2026-11-20T10:00:00.000Z',
  };
}

const levels = [...DEFAULT_SCORECARD_LEVELS];

describe('evaluateLevel', () => {
  it('reaches the top level when every rule of every level holds', () => {
    expect(evaluateLevel(goldMetrics(), levels)).toEqual({
      level: { id: 'gold', title: 'Gold' },
      rank: 3,
      nextLevel: null,
      missingForNextLevel: [],
    });
  });

  it('stops at the first level with a failing rule and lists every failing rule of it', () => {
    const metrics = {
      ...goldMetrics(),
      freezeState: 'regressed' as const,
      frozen: false,
      daysSinceFreeze: null,
      daysSinceRegression: 2,
      staleRunbooks: 1,
    };
    expect(evaluateLevel(metrics, levels)).toEqual({
      level: { id: 'silver', title: 'Silver' },
      rank: 2,
      nextLevel: { id: 'gold', title: 'Gold' },
      missingForNextLevel: [
        'Milestone freeze state is regressed after its freeze, needs frozen',
        'Stale runbooks is 1, needs at most 0',
      ],
    });
  });

  it('treats levels as cumulative: a gold-only entity that fails bronze has no level', () => {
    const metrics = { ...goldMetrics(), requiredGatesGreen: false };
    const result = evaluateLevel(metrics, levels);
    expect(result.level).toBeNull();
    expect(result.rank).toBe(0);
    expect(result.nextLevel).toEqual({ id: 'bronze', title: 'Bronze' });
    expect(result.missingForNextLevel).toEqual(['Required CI gates green: no']);
  });

  it('fails rules on metrics without evidence and says so', () => {
    const metrics = {
      ...goldMetrics(),
      contractGatePassRate: null,
      requiredGatesGreen: null,
    };
    expect(evaluateLevel(metrics, levels).missingForNextLevel).toEqual([
      'Required CI gates green: no evidence yet (needs yes)',
      'Contract gate pass rate: no evidence yet (needs >= 50%)',
    ]);
  });

  it('shows ratios as percents, milliseconds and days with their units', () => {
    const custom: ScorecardLevel[] = [
      {
        id: 'fast',
        title: 'Fast',
        rules: [
          { metric: 'contractGatePassRate', op: '>=', value: 0.95 },
          { metric: 'stressP95Ms', op: '<=', value: 100 },
          { metric: 'oldestOpenTriageDays', op: '<=', value: 1 },
          { metric: 'flakyTests', op: '==', value: 0 },
        ],
      },
    ];
    const metrics = {
      ...goldMetrics(),
      contractGatePassRate: 0.875,
      oldestOpenTriageDays: 4,
      flakyTests: 2,
    };
    expect(evaluateLevel(metrics, custom).missingForNextLevel).toEqual([
      'Contract gate pass rate is 87.5%, needs at least 95%',
      'Stress p95 is 120 ms, needs at most 100 ms',
      'Age of the oldest open failure is 4 days, needs at most 1 day',
      'Flaky tests in the last 14 days is 2, needs 0',
    ]);
  });

  it('holds on the boundary of >= and <=', () => {
    const custom: ScorecardLevel[] = [
      {
        id: 'edge',
        title: 'Edge',
        rules: [
          { metric: 'contractGatePassRate', op: '>=', value: 0.5 },
          { metric: 'openTriageFailures', op: '<=', value: 3 },
        ],
      },
    ];
    const metrics = {
      ...goldMetrics(),
      contractGatePassRate: 0.5,
      openTriageFailures: 3,
    };
    expect(evaluateLevel(metrics, custom).level?.id).toBe('edge');
  });
});

describe('scorecardLevelsSchema', () => {
  it('accepts the default levels', () => {
    expect(scorecardLevelsSchema.safeParse(levels).success).toBe(true);
  });

  it.each([
    [
      'is-true on a number',
      { metric: 'flakyTests', op: 'is-true' },
      'is-true needs a yes/no metric',
    ],
    [
      'a string for >=',
      { metric: 'flakyTests', op: '>=', value: '3' },
      '>= needs a numeric metric and a number value',
    ],
    [
      'a ratio above 1',
      { metric: 'contractGatePassRate', op: '>=', value: 90 },
      'contractGatePassRate is a ratio between 0 and 1',
    ],
    [
      'an unknown freeze state',
      { metric: 'freezeState', op: '==', value: 'melted' },
      'freezeState == needs one of frozen, regressed, ready, blocked, no-milestone',
    ],
  ])('refuses %s', (_, rule, message) => {
    const result = scorecardLevelsSchema.safeParse([
      { id: 'x', title: 'X', rules: [rule] },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(i => i.message)).toContain(message);
  });

  it('refuses unknown metrics, duplicate ids and the reserved id none', () => {
    const rule = { metric: 'flakyTests', op: '<=', value: 0 };
    expect(
      scorecardLevelsSchema.safeParse([
        { id: 'x', title: 'X', rules: [{ ...rule, metric: 'coverage' }] },
      ]).success,
    ).toBe(false);
    expect(
      scorecardLevelsSchema.safeParse([
        { id: 'x', title: 'X', rules: [rule] },
        { id: 'x', title: 'Y', rules: [rule] },
      ]).success,
    ).toBe(false);
    expect(
      scorecardLevelsSchema.safeParse([
        { id: 'none', title: 'None', rules: [rule] },
      ]).success,
    ).toBe(false);
  });
});
