import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { paymentsApiHandlers } from '../__testUtils__/paymentsApiFixture';
import { PAYMENTS_API_VIEWS as views } from '../__testUtils__/paymentsApiViews';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(120_000);

describe('the delivery contract of payments-api', () => {
  beforeEach(() => server.use(...paymentsApiHandlers()));

  it("names the file's milestone for what it is, and the gates each milestone uses, as the checklists do", async () => {
    const tab = await views.tab();
    expect(
      await screen.findByText(
        "The contract file names milestone M1, which is not one of this component's milestones (M3.2, M3.3.1, M3.4): it is the file's own label and decides nothing here.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Milestone checklists use: M3.2, M3.3.1 and M3.4 5 of its 6 gates.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/gates for milestone M1/)).toBeNull();
    // Each checklist judged those 5 gates.
    for (const id of ['M3.2', 'M3.3.1', 'M3.4']) {
      await views.showPassingChecks(id);
      expect(
        within(
          screen.getByRole('list', { name: `Freeze checklist of ${id}` }),
        ).getByRole('listitem', {
          name: 'Contract gates active and passing: passed',
        }),
      ).toHaveTextContent(
        'all 5 contract gates active and passing in the latest contract results',
      );
    }
    tab.unmount();

    // Neither card speaks of M1; the scorecard's pass rate is the same results'.
    const overview = await views.overview();
    expect(
      await screen.findByRole('heading', { name: /M3\.4 · / }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/\bM1\b/)).toBeNull();
    overview.unmount();

    await views.entityScorecard();
    const gates = await screen.findByLabelText('Gates of payments-api');
    expect(within(gates).getByText('100%')).toBeInTheDocument();
    expect(screen.queryByText(/\bM1\b/)).toBeNull();
  });
});
