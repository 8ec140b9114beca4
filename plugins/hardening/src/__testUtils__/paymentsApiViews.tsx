import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
  tab: async () => {
    const rendered = await renderWithEntity(<HardeningEntityContent />, {
      name: 'payments-api',
    });
    // The tab shows its sections together once every one has loaded.
    await screen.findByRole(
      'heading',
      { level: 2, name: 'Release audit chain' },
      { timeout: 10_000 },
    );
    return rendered;
  },
  /** Opens the folded passing checks of a milestone on the tab. */
  showPassingChecks: async (milestoneId: string) => {
    const button = screen.queryByRole('button', {
      name: `Show passing checks of ${milestoneId}`,
    });
    if (button) await userEvent.click(button);
  },
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
