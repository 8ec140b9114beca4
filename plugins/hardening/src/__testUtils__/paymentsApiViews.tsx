import { EntityScorecardCard } from '../components/EntityScorecardCard';
import { GroupScorecardCard } from '../components/GroupScorecardCard';
import { HardeningEntityContent } from '../components/HardeningEntityContent';
import { HardeningOverviewCard } from '../components/HardeningOverviewCard';
import { ScorecardsPage } from '../components/ScorecardsPage';
import { renderScorecards } from './renderScorecards';
import { renderWithEntity } from './renderWithEntity';

/**
 * Every view that shows payments-api, each rendered on its own page as a user meets it,
 * against the answers of `paymentsApiHandlers`.
 */
export const PAYMENTS_API_VIEWS = {
  /** The Hardening tab of its entity page. */
  tab: () =>
    renderWithEntity(<HardeningEntityContent />, { name: 'payments-api' }),
  /** The "Milestone freeze" card of its overview. */
  overview: () =>
    renderWithEntity(<HardeningOverviewCard />, { name: 'payments-api' }),
  /** The "Hardening scorecard" card of its overview. */
  entityScorecard: () =>
    renderScorecards(<EntityScorecardCard />, { component: 'payments-api' }),
  /** The "Hardening scorecard" card of its team's page. */
  groupScorecard: () =>
    renderScorecards(<GroupScorecardCard />, { group: 'team-payments' }),
  /** The /hardening page. */
  scorecardsPage: () => renderScorecards(<ScorecardsPage />),
};
