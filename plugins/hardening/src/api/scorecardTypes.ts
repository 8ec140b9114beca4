import { ScorecardFilters } from '@hardening/backstage-plugin-hardening-common';

/**
 * Query of `GET /scorecards/org`: filters, paging and sort of the entity table, trend
 * weeks. Omitted fields take the backend's defaults.
 *
 * @public
 */
export type OrgScorecardsRequest = Partial<ScorecardFilters>;

/** Query of `GET /scorecards/org.csv`: every entity under the filters, no paging. @public */
export type OrgScorecardsCsvRequest = Omit<
  OrgScorecardsRequest,
  'offset' | 'limit' | 'weeks'
>;

/** Query of `GET /scorecards/groups/…`: how many weeks the trend goes back. @public */
export type GroupScorecardRequest = Partial<Pick<ScorecardFilters, 'weeks'>>;
