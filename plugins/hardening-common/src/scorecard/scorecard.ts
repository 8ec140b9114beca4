import { z } from 'zod';
import { ScorecardLevel, ScorecardLevelRef } from './levels';
import {
  ScorecardExtensionMetricDefinition,
  ScorecardMetrics,
} from './metrics';

/**
 * The scorecard of one catalog entity.
 *
 * @public
 */
export type EntityScorecard = {
  /** Lower-cased entity ref, e.g. `component:default/payments-api`. */
  entityRef: string;
  title?: string;
  /** `spec.system` as an entity ref, when set. */
  system: string | null;
  /** The tier label (`hardening.scorecards.tierLabel`, default `tier`), when set. */
  tier: string | null;
  /** `spec.lifecycle`, when set. */
  lifecycle: string | null;
  /** The owner (the `ownedBy` relation), when set. */
  owner: string | null;
  metrics: ScorecardMetrics;
  level: ScorecardLevelRef | null;
  /** 0 for no level, 1 for the lowest level, and so on. */
  rank: number;
  nextLevel: ScorecardLevelRef | null;
  /** Why the next level is not reached, one sentence per rule that does not hold. */
  missingForNextLevel: string[];
};

/**
 * Means over the entities of a roll-up. Shares are 0–1 over all its entities (an entity
 * without the evidence counts as not meeting it); `contractGatePassRate` is the mean over
 * the entities that have contract results, null when none has.
 *
 * @public
 */
export type ScorecardAverages = {
  rank: number;
  contractGatePassRate: number | null;
  frozenShare: number;
  requiredGatesGreenShare: number;
  stressWithinThresholdsShare: number;
  releaseChainVerifiedShare: number;
  openTriageFailures: number;
  flakyTests: number;
  staleRunbooks: number;
};

/**
 * A group's scorecard: the entities it owns itself and through its child groups, at any
 * depth.
 *
 * @public
 */
export type GroupScorecardSummary = {
  /** Lower-cased group ref, e.g. `group:default/payments`. */
  groupRef: string;
  title?: string;
  /** `spec.type` of the group, e.g. `team`. */
  type?: string;
  /** Child groups (the caller may see), lower-cased refs. */
  childGroupRefs: string[];
  /** Entities in the roll-up, and those owned by the group itself. */
  entities: number;
  directEntities: number;
  /** Entities per level id; `none` counts those without a level. */
  levels: Record<string, number>;
  averages: ScorecardAverages;
  /** 1 for the best team of a ranking; absent outside rankings. */
  position?: number;
};

/**
 * A day's scorecard of a group, from the daily snapshots.
 *
 * @public
 */
export type ScorecardTrendPoint = {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  entities: number;
  /** Entities per level id; `none` counts those without a level. */
  levels: Record<string, number>;
  averageRank: number;
};

/**
 * The daily trend of one group.
 *
 * @public
 */
export type ScorecardTrend = {
  groupRef: string;
  points: ScorecardTrendPoint[];
};

/**
 * A page of entity scorecards.
 *
 * @public
 */
export type EntityScorecardPage = {
  items: EntityScorecard[];
  totalCount: number;
  offset: number;
  limit: number;
};

/**
 * Values the filters may take among the entities in scope, for pickers.
 *
 * @public
 */
export type ScorecardFilterOptions = {
  systems: string[];
  tiers: string[];
  lifecycles: string[];
};

/**
 * Answer of `GET /scorecards/entities/{kind}/{namespace}/{name}`.
 *
 * @public
 */
export type EntityScorecardResponse = {
  scorecard: EntityScorecard;
  levels: ScorecardLevel[];
  /** Metrics backend modules added (values in each scorecard's `metrics.extensions`). */
  extensionMetrics?: ScorecardExtensionMetricDefinition[];
  computedAt: string;
};

/**
 * Answer of `GET /scorecards/groups/{namespace}/{name}`: the group's roll-up, its child
 * groups' roll-ups, its entities and its trend.
 *
 * @public
 */
export type GroupScorecardResponse = {
  group: GroupScorecardSummary;
  childGroups: GroupScorecardSummary[];
  entities: EntityScorecard[];
  trend: ScorecardTrendPoint[];
  levels: ScorecardLevel[];
  /** Metrics backend modules added (values in each scorecard's `metrics.extensions`). */
  extensionMetrics?: ScorecardExtensionMetricDefinition[];
  computedAt: string;
};

/**
 * Answer of `GET /scorecards/org`: teams (groups owning entities in scope) ranked by mean
 * level rank, a page of the entities in scope, and each team's daily trend.
 *
 * @public
 */
export type OrgScorecardResponse = {
  filters: ScorecardFilters;
  filterOptions: ScorecardFilterOptions;
  levels: ScorecardLevel[];
  /** Metrics backend modules added (values in each scorecard's `metrics.extensions`). */
  extensionMetrics?: ScorecardExtensionMetricDefinition[];
  /** Every entity in scope together. */
  overall: Omit<GroupScorecardSummary, 'groupRef' | 'childGroupRefs'>;
  teams: GroupScorecardSummary[];
  entities: EntityScorecardPage;
  trends: ScorecardTrend[];
  computedAt: string;
};

const filterValue = z.string().trim().min(1).max(255);

/** Sort orders of the entity table. @public */
export const SCORECARD_ENTITY_SORTS = [
  'rank',
  'entity',
  'owner',
  'openTriageFailures',
  'contractGatePassRate',
] as const;

/**
 * Query of `GET /scorecards/org` and `GET /scorecards/org.csv`. `system` is an entity ref
 * or a name in the default namespace; `weeks` is how far back trends go.
 *
 * @public
 */
export const scorecardFiltersSchema = z.strictObject({
  system: filterValue.optional(),
  tier: filterValue.optional(),
  lifecycle: filterValue.optional(),
  weeks: z.coerce.number().int().min(1).max(26).default(4),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  sort: z.enum(SCORECARD_ENTITY_SORTS).default('rank'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

/** @public */
export type ScorecardFilters = z.infer<typeof scorecardFiltersSchema>;

/** The query as it may be written. @public */
export type ScorecardFiltersInput = z.input<typeof scorecardFiltersSchema>;
