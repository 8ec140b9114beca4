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
