import {
  EntityScorecard,
  GroupScorecardSummary,
  ScorecardAverages,
  ScorecardLevel,
  ScorecardTrendPoint,
} from '@hardening/backstage-plugin-hardening-common';
import { GroupNode } from './scorecardCatalog';

/** Deepest nesting of child groups followed. */
export const MAX_GROUP_DEPTH = 20;

/** The key of entities without a level in level counts. */
export const NO_LEVEL = 'none';

/** A group and every group below it (children, their children…), cycles ignored. */
export function groupAndDescendants(
  groupRef: string,
  groups: ReadonlyMap<string, GroupNode>,
): Set<string> {
  const found = new Set([groupRef]);
  let level = [groupRef];
  for (let depth = 0; depth < MAX_GROUP_DEPTH && level.length; depth += 1) {
    const next: string[] = [];
    for (const ref of level) {
      for (const child of groups.get(ref)?.children ?? []) {
        if (!found.has(child)) {
          found.add(child);
          next.push(child);
        }
      }
    }
    level = next;
  }
  return found;
}

function emptyLevelCounts(levels: readonly ScorecardLevel[]) {
  return Object.fromEntries(
    [NO_LEVEL, ...levels.map(l => l.id)].map(id => [id, 0]),
  ) as Record<string, number>;
}

const round = (n: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** The means and shares of a set of scorecards, in one pass over them. */
function averagesOf(entities: readonly EntityScorecard[]): ScorecardAverages {
  const n = entities.length;
  let rank = 0;
  let rateSum = 0;
  let rates = 0;
  let frozen = 0;
  let gatesGreen = 0;
  let stressWithin = 0;
  let chainVerified = 0;
  let triage = 0;
  let flaky = 0;
  let stale = 0;
  for (const e of entities) {
    const m = e.metrics;
    rank += e.rank;
    if (m.contractGatePassRate !== null) {
      rateSum += m.contractGatePassRate;
      rates += 1;
    }
    if (m.frozen) frozen += 1;
    if (m.requiredGatesGreen === true) gatesGreen += 1;
    if (m.stressWithinThresholds === true) stressWithin += 1;
    if (m.releaseChainVerified === true) chainVerified += 1;
    triage += m.openTriageFailures;
    flaky += m.flakyTests;
    stale += m.staleRunbooks;
  }
  const of = (total: number) => (n === 0 ? 0 : round(total / n));
  return {
    rank: of(rank),
    contractGatePassRate: rates === 0 ? null : round(rateSum / rates),
    frozenShare: of(frozen),
    requiredGatesGreenShare: of(gatesGreen),
    stressWithinThresholdsShare: of(stressWithin),
    releaseChainVerifiedShare: of(chainVerified),
    openTriageFailures: of(triage),
    flakyTests: of(flaky),
    staleRunbooks: of(stale),
  };
}

/** Entity count, level distribution and means of a set of entity scorecards. */
export function summarizeScorecards(
  entities: readonly EntityScorecard[],
  levels: readonly ScorecardLevel[],
): Pick<GroupScorecardSummary, 'entities' | 'levels' | 'averages'> {
  const counts = emptyLevelCounts(levels);
  for (const e of entities) counts[e.level?.id ?? NO_LEVEL] += 1;
  return {
    entities: entities.length,
    levels: counts,
    averages: averagesOf(entities),
  };
}

/**
 * Scorecards by owner, so that a group's roll-up is the union over the group and its
 * descendants without scanning every entity per group.
 */
export function byOwner(
  entities: readonly EntityScorecard[],
): Map<string, EntityScorecard[]> {
  const out = new Map<string, EntityScorecard[]>();
  for (const e of entities) {
    if (!e.owner) continue;
    const list = out.get(e.owner) ?? [];
    list.push(e);
    out.set(e.owner, list);
  }
  return out;
}

/** The roll-up of one group: the entities of the group and of every group below it. */
export function rollUpGroup(
  groupRef: string,
  groups: ReadonlyMap<string, GroupNode>,
  owned: ReadonlyMap<string, EntityScorecard[]>,
  levels: readonly ScorecardLevel[],
): { summary: GroupScorecardSummary; entities: EntityScorecard[] } {
  const entities = [...groupAndDescendants(groupRef, groups)].flatMap(
    ref => owned.get(ref) ?? [],
  );
  const node = groups.get(groupRef);
  return {
    summary: {
      groupRef,
      ...(node?.title ? { title: node.title } : {}),
      ...(node?.type ? { type: node.type } : {}),
      childGroupRefs: node?.children ?? [],
      directEntities: owned.get(groupRef)?.length ?? 0,
      ...summarizeScorecards(entities, levels),
    },
    entities,
  };
}

/**
 * Ranks group roll-ups, best first: by mean level rank, then by the share of entities at
 * the top level, then by ref. Sets `position`.
 */
export function rankGroups(
  summaries: GroupScorecardSummary[],
  levels: readonly ScorecardLevel[],
): GroupScorecardSummary[] {
  const top = levels[levels.length - 1]?.id;
  const topShare = (s: GroupScorecardSummary) =>
    s.entities === 0 || !top ? 0 : (s.levels[top] ?? 0) / s.entities;
  return [...summaries]
    .sort(
      (a, b) =>
        b.averages.rank - a.averages.rank ||
        topShare(b) - topShare(a) ||
        a.groupRef.localeCompare(b.groupRef),
    )
    .map((s, i) => ({ ...s, position: i + 1 }));
}

/** Snapshot counts: entities owned by `ownerRef` at `levelId` on `day`, and their rank sum. */
export type SnapshotLevelCount = {
  day: string;
  ownerRef: string | null;
  levelId: string | null;
  entities: number;
  rankSum: number;
};

/** Snapshot counts by owner, so that a team's trend reads only its owners' rows. */
export function countsByOwner(
  counts: readonly SnapshotLevelCount[],
): Map<string, SnapshotLevelCount[]> {
  const out = new Map<string, SnapshotLevelCount[]>();
  for (const c of counts) {
    if (!c.ownerRef) continue;
    const list = out.get(c.ownerRef) ?? [];
    list.push(c);
    out.set(c.ownerRef, list);
  }
  return out;
}

/**
 * The daily trend of a set of owners from snapshot counts: for each day, the entities of
 * those owners, their level distribution and mean rank. Days without snapshots are left
 * out.
 */
export function trendOf(
  counts: readonly SnapshotLevelCount[],
  owners: ReadonlySet<string> | 'all',
  levels: readonly ScorecardLevel[],
): ScorecardTrendPoint[] {
  const days = new Map<string, { point: ScorecardTrendPoint; sum: number }>();
  for (const c of counts) {
    if (owners !== 'all' && !(c.ownerRef && owners.has(c.ownerRef))) continue;
    let day = days.get(c.day);
    if (!day) {
      day = {
        point: {
          day: c.day,
          entities: 0,
          levels: emptyLevelCounts(levels),
          averageRank: 0,
        },
        sum: 0,
      };
      days.set(c.day, day);
    }
    day.point.entities += c.entities;
    const key = c.levelId ?? NO_LEVEL;
    day.point.levels[key] = (day.point.levels[key] ?? 0) + c.entities;
    day.sum += c.rankSum;
  }
  return [...days.values()]
    .map(({ point, sum }) => ({
      ...point,
      averageRank: point.entities === 0 ? 0 : round(sum / point.entities),
    }))
    .sort((a, b) => a.day.localeCompare(b.day));
}
