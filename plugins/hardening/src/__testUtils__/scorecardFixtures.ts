import {
  DEFAULT_SCORECARD_LEVELS,
  EntityScorecard,
  EntityScorecardResponse,
  FreezeChecklistItemId,
  GroupScorecardResponse,
  GroupScorecardSummary,
  OrgScorecardResponse,
  requiredGatesOf,
  ScorecardAverages,
  ScorecardExtensionMetricDefinition,
  ScorecardFreezeState,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';
import { T1 } from './fixtures';

export const LEVELS = [...DEFAULT_SCORECARD_LEVELS];

/** The column headings of the `/hardening` entity table when no module adds a metric. */
export const ORG_ENTITY_COLUMNS = [
  'Entity',
  'Owner',
  'System',
  'Tier',
  'Lifecycle',
  'Level',
  'Milestone',
  'Contract gates passed',
  'Open failures',
  'Missing for the next level',
];

/** A metric a backend module adds, as the scorecard responses list it. */
export const LINE_COVERAGE: ScorecardExtensionMetricDefinition = {
  name: 'acme.lineCoverage',
  title: 'Line coverage',
  type: 'ratio',
  description: 'Share of lines covered by the newest coverage report.',
  levelOps: ['>='],
};

const GOLD = { id: 'gold', title: 'Gold' };
const SILVER = { id: 'silver', title: 'Silver' };
const BRONZE = { id: 'bronze', title: 'Bronze' };

/** Metrics of an entity with every kind of evidence, all of it good. */
export function scorecardMetrics(
  overrides: Partial<ScorecardMetrics> = {},
): ScorecardMetrics {
  const milestoneId =
    overrides.milestoneId === undefined ? 'M1' : overrides.milestoneId;
  return {
    milestoneId: 'M1',
    freezeState: 'frozen',
    frozen: true,
    failingChecklistItems: [],
    daysSinceFreeze: 3,
    daysSinceRegression: null,
    contractGatePassRate: 1,
    // What the backend reports for a component without required gates of its own.
    requiredGates: requiredGatesOf(
      [],
      milestoneId
        ? { id: milestoneId, requiredGates: ['lint', 'build'] }
        : undefined,
    ),
    requiredGatesGreen: true,
    failingRequiredGates: [],
    stressP95Ms: 120,
    stressErrorRate: 0,
    stressP95LimitMs: 500,
    stressErrorRateLimit: 0.01,
    stressWithinThresholds: true,
    stressVerdict: `${
      milestoneId ?? 'The default limits'
    }: passes, p95 120 ms within its limit of 500 ms`,
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
    runbooks: 1,
    staleRunbooks: 0,
    lastEvidenceAt: T1,
    ...overrides,
  };
}

/**
 * Metrics of an entity whose current milestone `milestoneId` is in `freezeState`, failing
 * `failingChecklistItems` (blocked and regressed); the other metrics as in
 * `scorecardMetrics`.
 */
export function freezeStateMetrics(
  freezeState: ScorecardFreezeState,
  options: {
    milestoneId?: string;
    failingChecklistItems?: FreezeChecklistItemId[];
    daysSinceFreeze?: number;
  } = {},
): ScorecardMetrics {
  const frozen = freezeState === 'frozen';
  return scorecardMetrics({
    milestoneId:
      freezeState === 'no-milestone' ? null : options.milestoneId ?? 'M1',
    freezeState,
    frozen,
    failingChecklistItems: options.failingChecklistItems ?? [],
    daysSinceFreeze: frozen ? options.daysSinceFreeze ?? 3 : null,
    daysSinceRegression: freezeState === 'regressed' ? 1 : null,
  });
}

/** An entity scorecard at a level: `gold`, `silver` (misses gold), `bronze` or `none`. */
export function entityScorecard(
  name: string,
  level: 'gold' | 'silver' | 'bronze' | 'none',
  overrides: Partial<EntityScorecard> = {},
): EntityScorecard {
  const byLevel = {
    gold: { level: GOLD, rank: 3, nextLevel: null, missing: [] },
    silver: {
      level: SILVER,
      rank: 2,
      nextLevel: GOLD,
      missing: [
        'Milestone freeze state is regressed after its freeze, needs frozen',
        'Stale runbooks is 1, needs at most 0',
      ],
    },
    bronze: {
      level: BRONZE,
      rank: 1,
      nextLevel: SILVER,
      missing: ['Stress run within thresholds: no'],
    },
    none: {
      level: null,
      rank: 0,
      nextLevel: BRONZE,
      missing: ['Required CI gates green: no evidence yet (needs yes)'],
    },
  }[level];
  return {
    entityRef: `component:default/${name}`,
    title: undefined,
    system: 'system:default/payments',
    tier: 'tier-1',
    lifecycle: 'production',
    owner: 'group:default/payments',
    metrics: scorecardMetrics(),
    level: byLevel.level,
    rank: byLevel.rank,
    nextLevel: byLevel.nextLevel,
    missingForNextLevel: byLevel.missing,
    ...overrides,
  };
}

/** Metrics of an entity nothing was uploaded for: every evidence metric null. */
export function noEvidenceMetrics(): ScorecardMetrics {
  return scorecardMetrics({
    ...freezeStateMetrics('no-milestone'),
    contractGatePassRate: null,
    requiredGatesGreen: null,
    stressP95Ms: null,
    stressErrorRate: null,
    stressWithinThresholds: null,
    stressVerdict: null,
    releaseChainVerified: null,
    validationPassed: null,
    validationFailed: null,
    runbooks: 0,
    lastEvidenceAt: null,
  });
}

/** The answer of the entity scorecard route for `scorecard`, with the default levels. */
export function entityScorecardResponse(
  scorecard: EntityScorecard,
): EntityScorecardResponse {
  return { scorecard, levels: LEVELS, computedAt: T1 };
}

export function scorecardAverages(
  overrides: Partial<ScorecardAverages> = {},
): ScorecardAverages {
  return {
    rank: 2,
    contractGatePassRate: 0.95,
    frozenShare: 0.5,
    requiredGatesGreenShare: 1,
    stressWithinThresholdsShare: 0.75,
    releaseChainVerifiedShare: 0.5,
    openTriageFailures: 1.25,
    flakyTests: 0.5,
    staleRunbooks: 0,
    ...overrides,
  };
}

export function groupSummary(
  name: string,
  overrides: Partial<GroupScorecardSummary> = {},
): GroupScorecardSummary {
  return {
    groupRef: `group:default/${name}`,
    type: 'team',
    childGroupRefs: [],
    entities: 4,
    directEntities: 4,
    levels: { gold: 1, silver: 2, bronze: 0, none: 1 },
    averages: scorecardAverages(),
    ...overrides,
  };
}

export function groupResponse(
  overrides: Partial<GroupScorecardResponse> = {},
): GroupScorecardResponse {
  return {
    group: groupSummary('payments'),
    childGroups: [],
    entities: [],
    trend: [],
    levels: LEVELS,
    computedAt: T1,
    ...overrides,
  };
}

export function orgResponse(
  overrides: Partial<OrgScorecardResponse> = {},
): OrgScorecardResponse {
  const teams = overrides.teams ?? [
    groupSummary('payments', { position: 1, title: 'Payments' }),
    groupSummary('search', {
      position: 2,
      entities: 2,
      directEntities: 2,
      levels: { gold: 0, silver: 0, bronze: 1, none: 1 },
      averages: scorecardAverages({ rank: 0.5, contractGatePassRate: 0.5 }),
    }),
  ];
  return {
    filters: {
      weeks: 4,
      offset: 0,
      limit: 25,
      sort: 'rank',
      order: 'desc',
    },
    filterOptions: {
      systems: ['system:default/payments', 'system:default/search'],
      tiers: ['tier-1', 'tier-2'],
      lifecycles: ['experimental', 'production'],
    },
    levels: LEVELS,
    overall: {
      entities: 6,
      directEntities: 6,
      levels: { gold: 1, silver: 2, bronze: 1, none: 2 },
      averages: scorecardAverages({ rank: 1.5 }),
    },
    teams,
    entities: {
      items: [
        entityScorecard('payments-api', 'gold', { title: 'Payments API' }),
        entityScorecard('search-api', 'none', {
          owner: 'group:default/search',
          system: 'system:default/search',
          metrics: freezeStateMetrics('blocked', {
            milestoneId: 'M3.4',
            failingChecklistItems: ['tag', 'stress'],
          }),
        }),
      ],
      totalCount: 2,
      offset: 0,
      limit: 25,
    },
    trends: teams.map(team => ({
      groupRef: team.groupRef,
      points: [
        {
          day: '2026-11-01',
          entities: team.entities,
          levels: {},
          averageRank: team.averages.rank - 0.5,
        },
        {
          day: '2026-11-21',
          entities: team.entities,
          levels: {},
          averageRank: team.averages.rank,
        },
      ],
    })),
    computedAt: T1,
    ...overrides,
  };
}
