import { parseEntityRef } from '@backstage/catalog-model';
import {
  ScorecardLevel,
  ScorecardLevelRef,
} from '@hardening/backstage-plugin-hardening-common';
import { StatusKind } from '../components/StatusLabel';

/** The key scorecards use for entities without a level. */
export const NO_LEVEL = 'none';

/** `Gold`, or `No level`. */
export function levelTitle(level: ScorecardLevelRef | null): string {
  return level?.title ?? 'No level';
}

/** The top level reached is `ok`, no level is `error`, a level in between `warning`. */
export function levelStatus(rank: number, levelCount: number): StatusKind {
  if (rank <= 0) return 'error';
  return rank >= levelCount ? 'ok' : 'warning';
}

/** A mean level rank with one decimal and the scale: `1.8 of 3`. */
export function formatMeanRank(rank: number, levelCount: number): string {
  return `${(Math.round(rank * 10) / 10).toFixed(1)} of ${levelCount}`;
}

/** The levels with their counts, highest first, then `No level`. */
export function levelCounts(
  levels: readonly ScorecardLevel[],
  counts: Record<string, number>,
): Array<{ id: string; title: string; rank: number; count: number }> {
  const rows = levels
    .map((level, index) => ({
      id: level.id,
      title: level.title,
      rank: index + 1,
      count: counts[level.id] ?? 0,
    }))
    .reverse();
  return [
    ...rows,
    { id: NO_LEVEL, title: 'No level', rank: 0, count: counts[NO_LEVEL] ?? 0 },
  ];
}

/** The name part of an entity ref, for short labels: `group:default/payments` is `payments`. */
export function refName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** `1 entity`, `3 entities`. */
export function entityCount(count: number): string {
  return `${count} ${count === 1 ? 'entity' : 'entities'}`;
}
