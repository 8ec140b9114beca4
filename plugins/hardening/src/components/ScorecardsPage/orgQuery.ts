import {
  SCORECARD_ENTITY_SORTS,
  ScorecardFilters,
} from '@hardening/backstage-plugin-hardening-common';
import { OrgScorecardsCsvRequest } from '../../api';

/** What the page asks `GET /scorecards/org` for: filters, trend weeks, table page and sort. */
export type OrgQuery = Pick<ScorecardFilters, 'system' | 'tier' | 'lifecycle'> &
  Required<
    Pick<ScorecardFilters, 'weeks' | 'offset' | 'limit' | 'sort' | 'order'>
  >;

export type EntitySort = (typeof SCORECARD_ENTITY_SORTS)[number];

export const PAGE_SIZES = [25, 50, 100];

/** The trend periods offered, in weeks. */
export const TREND_WEEKS = [2, 4, 8, 12, 26];

export const DEFAULT_ORG_QUERY: OrgQuery = {
  weeks: 4,
  offset: 0,
  limit: PAGE_SIZES[0],
  sort: 'rank',
  order: 'desc',
};

/** The filters of a query that narrow the entities (not paging, sort or weeks). */
export function activeFilters(query: OrgQuery) {
  return [query.system, query.tier, query.lifecycle].filter(Boolean);
}

/** The CSV export of what the table shows: same filters and order, every page. */
export function csvRequest(query: OrgQuery): OrgScorecardsCsvRequest {
  const { system, tier, lifecycle, sort, order } = query;
  return { system, tier, lifecycle, sort, order };
}

/** The URL parameters the page keeps its query in. */
const URL_KEYS = [
  'system',
  'tier',
  'lifecycle',
  'weeks',
  'sort',
  'order',
  'offset',
  'limit',
] as const;

function oneOf<T>(values: readonly T[], value: unknown, fallback: T): T {
  return values.find(v => String(v) === value) ?? fallback;
}

/**
 * The query a URL's parameters ask for; a missing or unknown value (`weeks=99`,
 * `sort=colour`) falls back to the default, so a hand-edited link still loads.
 */
export function orgQueryFromUrl(params: URLSearchParams): OrgQuery {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const offset = Number(params.get('offset'));
  const d = DEFAULT_ORG_QUERY;
  return {
    system: text('system'),
    tier: text('tier'),
    lifecycle: text('lifecycle'),
    weeks: oneOf(TREND_WEEKS, params.get('weeks'), d.weeks),
    sort: oneOf(SCORECARD_ENTITY_SORTS, params.get('sort'), d.sort),
    order: oneOf(['asc', 'desc'] as const, params.get('order'), d.order),
    offset: Number.isSafeInteger(offset) && offset > 0 ? offset : d.offset,
    limit: oneOf(PAGE_SIZES, params.get('limit'), d.limit),
  };
}

/**
 * `params` with the page's own keys replaced by `query` (defaults left out, so the
 * plain page has a plain URL); other parameters are kept.
 */
export function orgQueryToUrl(
  params: URLSearchParams,
  query: OrgQuery,
): URLSearchParams {
  const next = new URLSearchParams(params);
  // The sort and its order go together: `?sort=owner&order=desc`, not `?sort=owner`.
  const defaultSort =
    query.sort === DEFAULT_ORG_QUERY.sort &&
    query.order === DEFAULT_ORG_QUERY.order;
  for (const key of URL_KEYS) {
    const value = query[key];
    const isDefault =
      key === 'sort' || key === 'order'
        ? defaultSort
        : value === DEFAULT_ORG_QUERY[key];
    if (value === undefined || isDefault) {
      next.delete(key);
    } else {
      next.set(key, String(value));
    }
  }
  return next;
}
