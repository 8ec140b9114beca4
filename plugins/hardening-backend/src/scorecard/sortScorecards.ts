import {
  EntityScorecard,
  ScorecardFilters,
} from '@hardening/backstage-plugin-hardening-common';

type SortValue = number | string | null;

const KEYS: Record<
  ScorecardFilters['sort'],
  (e: EntityScorecard) => SortValue
> = {
  rank: e => e.rank,
  entity: e => e.entityRef,
  owner: e => e.owner,
  openTriageFailures: e => e.metrics.openTriageFailures,
  contractGatePassRate: e => e.metrics.contractGatePassRate,
};

/** Plain code-unit order: refs are lower-cased ASCII, and this is far cheaper than ICU. */
function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/**
 * Entity scorecards in the table's order: by `sort` in `order`, entities without a value
 * (no owner, no contract results) last either way, then by entity ref.
 */
export function sortScorecards(
  scorecards: readonly EntityScorecard[],
  sort: ScorecardFilters['sort'],
  order: ScorecardFilters['order'],
): EntityScorecard[] {
  const key = KEYS[sort];
  const sign = order === 'asc' ? 1 : -1;
  return [...scorecards].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const c = compare(a, b);
      if (c !== 0) return sign * c;
    }
    return compare(x.entityRef, y.entityRef);
  });
}
