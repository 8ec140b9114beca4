import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  EntityScorecard,
  EntityScorecardResponse,
  evaluateLevel,
  flakyWindowStart,
  GroupScorecardResponse,
  OrgScorecardResponse,
  ScorecardFilterOptions,
  ScorecardFilters,
  scorecardFiltersSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { lowerRef } from '../catalog';
import { DatabaseScorecardEvidenceReader } from '../database/DatabaseScorecardEvidenceReader';
import { DatabaseScorecardSnapshotStore } from '../database/DatabaseScorecardSnapshotStore';
import {
  byOwner,
  countsByOwner,
  groupAndDescendants,
  rankGroups,
  rollUpGroup,
  summarizeScorecards,
  trendOf,
} from './rollup';
import { ScorecardMetricRegistry } from './extensionMetrics';
import { ScorecardCatalog, ScopeEntity } from './scorecardCatalog';
import { scorecardMetrics } from './scorecardMetrics';
import { ScorecardSettings } from './scorecardSettings';
import { sortScorecards } from './sortScorecards';

const DAY_MS = 86_400_000;

/** The org page's trend weeks when the caller names none. */
const DEFAULT_TREND_WEEKS = scorecardFiltersSchema.parse({}).weeks;

/** `YYYY-MM-DD` (UTC) of a time. */
export function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

function distinctSorted(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort();
}

function sameText(a: string | null, b: string): boolean {
  return (
    a !== null && a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}

/** The system filter as a full ref: `payments` is `system:default/payments`. */
function systemRef(value: string): string | undefined {
  try {
    return lowerRef(
      stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: 'system',
          defaultNamespace: 'default',
        }),
      ),
    );
  } catch {
    return undefined;
  }
}

/** The entities matching the system, tier and lifecycle filters. */
export function filterScope(
  scope: readonly ScopeEntity[],
  filters: Pick<ScorecardFilters, 'system' | 'tier' | 'lifecycle'>,
): ScopeEntity[] {
  const system = filters.system ? systemRef(filters.system) : undefined;
  return scope.filter(
    e =>
      (!filters.system || (system !== undefined && e.system === system)) &&
      (!filters.tier || sameText(e.tier, filters.tier)) &&
      (!filters.lifecycle || sameText(e.lifecycle, filters.lifecycle)),
  );
}

/**
 * Scorecards computed from the stored evidence when asked: one query per family of
 * metrics for all entities in scope, levels from config, roll-ups through the catalog's
 * groups as the caller sees them, and trends from the daily snapshots.
 */
export class ScorecardService {
  constructor(
    private readonly options: {
      reader: DatabaseScorecardEvidenceReader;
      snapshots: DatabaseScorecardSnapshotStore;
      catalog: ScorecardCatalog;
      settings: ScorecardSettings;
      clock: () => Date;
      /** Metrics modules added; their values go to `metrics.extensions`. */
      extensionMetrics?: ScorecardMetricRegistry;
      logger?: LoggerService;
    },
  ) {}

  /** `extensionMetrics` of a response, when modules added any. */
  private extensionMetricsField() {
    const extensionMetrics = this.extensionMetrics;
    return extensionMetrics.length > 0 ? { extensionMetrics } : {};
  }

  /** The metrics modules added, as level rules and scorecards know them. */
  get extensionMetrics() {
    return this.options.extensionMetrics?.definitions ?? [];
  }

  get levels() {
    return this.options.settings.levels;
  }

  /** The scorecards of these entities, in their order. */
  async scorecards(
    scope: readonly ScopeEntity[],
    now: Date,
  ): Promise<EntityScorecard[]> {
    const { reader, settings, extensionMetrics, logger } = this.options;
    // The window starts at a UTC midnight, so that it moves (and the flaky counts are
    // read again) once a day.
    const flakySince = flakyWindowStart(now);
    const refs = scope.map(e => e.entityRef);
    const [evidence, extensions] = await Promise.all([
      reader.read(refs, { flakySince }),
      extensionMetrics?.size
        ? extensionMetrics.compute(refs, now, logger)
        : undefined,
    ]);
    const definitions = this.extensionMetrics;
    return scope.map(entity => {
      const metrics = scorecardMetrics(evidence.get(entity.entityRef)!, {
        now,
        stressDefaults: settings.stress,
        runbookStaleAfterDays: settings.runbookStaleAfterDays,
      });
      if (extensions) {
        metrics.extensions = extensions.get(entity.entityRef);
      }
      return {
        ...entity,
        metrics,
        ...evaluateLevel(metrics, settings.levels, definitions),
      };
    });
  }

  /**
   * What the start-up read does: reads the evidence of these entities (the reader keeps
   * it by evidence version) and their snapshot counts over the org page's default weeks
   * (kept by the snapshot store until the next snapshot), so that a first org page over
   * the same entities finds both.
   */
  async warm(scope: readonly ScopeEntity[], now: Date): Promise<void> {
    await this.scorecards(scope, now);
    await this.options.snapshots.levelCounts(
      scope.map(e => e.entityRef),
      this.sinceDay(now, DEFAULT_TREND_WEEKS),
    );
  }

  /** `GET /scorecards/entities/…`: the entity's access was checked by the route. */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityScorecardResponse> {
    const entity = await this.options.catalog.entity(entityRef, credentials);
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const now = this.options.clock();
    const [scorecard] = await this.scorecards([entity], now);
    return {
      scorecard,
      levels: this.levels,
      ...this.extensionMetricsField(),
      computedAt: now.toISOString(),
    };
  }

  /** `GET /scorecards/groups/…`: the group's roll-up through its child groups. */
  async group(
    groupRef: string,
    credentials: BackstageCredentials,
    weeks: number,
  ): Promise<GroupScorecardResponse> {
    const { catalog } = this.options;
    const [groups, scope] = await Promise.all([
      catalog.groups(credentials),
      catalog.entities(credentials),
    ]);
    const node = groups.get(groupRef);
    if (!node) {
      throw new NotFoundError(`No group ${groupRef} in the catalog`);
    }
    const owners = groupAndDescendants(groupRef, groups);
    const now = this.options.clock();
    const scorecards = await this.scorecards(
      scope.filter(e => e.owner !== null && owners.has(e.owner)),
      now,
    );
    const owned = byOwner(scorecards);
    const counts = await this.options.snapshots.levelCounts(
      scorecards.map(s => s.entityRef),
      this.sinceDay(now, weeks),
    );
    return {
      group: rollUpGroup(groupRef, groups, owned, this.levels).summary,
      childGroups: node.children.map(
        child => rollUpGroup(child, groups, owned, this.levels).summary,
      ),
      entities: sortScorecards(scorecards, 'rank', 'desc'),
      trend: trendOf(counts, owners, this.levels),
      levels: this.levels,
      ...this.extensionMetricsField(),
      computedAt: now.toISOString(),
    };
  }

  /**
   * `GET /scorecards/org`: the teams (groups owning entities in scope) ranked by their
   * roll-ups, a page of the entity table and each team's trend.
   */
  async org(
    filters: ScorecardFilters,
    credentials: BackstageCredentials,
  ): Promise<OrgScorecardResponse> {
    const { catalog, snapshots } = this.options;
    const now = this.options.clock();
    const [groups, scope] = await Promise.all([
      catalog.groups(credentials),
      catalog.entities(credentials),
    ]);
    const filterOptions: ScorecardFilterOptions = {
      systems: distinctSorted(scope.map(e => e.system)),
      tiers: distinctSorted(scope.map(e => e.tier)),
      lifecycles: distinctSorted(scope.map(e => e.lifecycle)),
    };
    const inScope = filterScope(scope, filters);
    const [scorecards, counts] = await Promise.all([
      this.scorecards(inScope, now),
      snapshots.levelCounts(
        inScope.map(e => e.entityRef),
        this.sinceDay(now, filters.weeks),
      ),
    ]);
    const owned = byOwner(scorecards);
    const ownedCounts = countsByOwner(counts);
    const teamRefs = [...owned.keys()].filter(ref => groups.has(ref));
    const teams = rankGroups(
      teamRefs.map(ref => rollUpGroup(ref, groups, owned, this.levels).summary),
      this.levels,
    );
    const sorted = sortScorecards(scorecards, filters.sort, filters.order);
    return {
      filters,
      filterOptions,
      levels: this.levels,
      ...this.extensionMetricsField(),
      overall: {
        directEntities: scorecards.length,
        ...summarizeScorecards(scorecards, this.levels),
      },
      teams,
      entities: {
        items: sorted.slice(filters.offset, filters.offset + filters.limit),
        totalCount: sorted.length,
        offset: filters.offset,
        limit: filters.limit,
      },
      trends: teams.map(team => ({
        groupRef: team.groupRef,
        points: trendOf(
          [...groupAndDescendants(team.groupRef, groups)].flatMap(
            owner => ownedCounts.get(owner) ?? [],
          ),
          'all',
          this.levels,
        ),
      })),
      computedAt: now.toISOString(),
    };
  }

  /** Every entity of the org table under the filters, sorted, for the CSV export. */
  async orgTable(
    filters: ScorecardFilters,
    credentials: BackstageCredentials,
  ): Promise<EntityScorecard[]> {
    const scope = filterScope(
      await this.options.catalog.entities(credentials),
      filters,
    );
    const scorecards = await this.scorecards(scope, this.options.clock());
    return sortScorecards(scorecards, filters.sort, filters.order);
  }

  private sinceDay(now: Date, weeks: number): string {
    return dayOf(new Date(now.getTime() - (weeks * 7 - 1) * DAY_MS));
  }
}
