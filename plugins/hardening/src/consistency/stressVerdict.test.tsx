import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { listItemTexts } from '../__testUtils__/tables';
import { paymentsApiHandlers } from '../__testUtils__/paymentsApiFixture';
import { PAYMENTS_API_VIEWS as views } from '../__testUtils__/paymentsApiViews';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(120_000);

const M34 = 'M3.4: fails, p95 256 ms against its limit of 100 ms';
const M34_REASON =
  'phase "read" p95 256 ms is over the milestone limit of 100 ms';

describe('the stress verdict on the latest run of payments-api', () => {
  beforeEach(() => server.use(...paymentsApiHandlers()));

  it('names the limits it is judged against, and M3.4 fails that run in every view', async () => {
    const tab = await views.tab();
    // Within the run's own thresholds, and it says those are the run's own.
    expect(
      await screen.findByRole('heading', {
        name: "Latest run (share-pack): within the run's own thresholds (p95 below 300 ms, error rate below 1%)",
      }),
    ).toBeInTheDocument();
    expect(listItemTexts("Latest run against each milestone's limits")).toEqual(
      [
        'M3.2: passes, p95 256 ms within its limit of 400 ms',
        'M3.3.1: passes, p95 256 ms within its limit of 300 ms',
        M34,
      ],
    );
    // M3.4's checklist judges the same run the same way.
    expect(
      within(
        screen.getByRole('list', { name: 'Freeze checklist of M3.4' }),
      ).getByRole('listitem', { name: 'Stress run within thresholds: failed' }),
    ).toHaveTextContent(M34_REASON);
    await views.showPassingChecks('M3.3.1');
    expect(
      within(
        screen.getByRole('list', { name: 'Freeze checklist of M3.3.1' }),
      ).getByRole('listitem', { name: 'Stress run within thresholds: passed' }),
    ).toHaveTextContent('its worst p95 of 256 ms is within 300 ms');
    tab.unmount();

    const overview = await views.overview();
    expect(
      await screen.findByRole('listitem', {
        name: 'Stress run within thresholds: failed',
      }),
    ).toHaveTextContent(M34_REASON);
    overview.unmount();

    await views.entityScorecard();
    const stress = await screen.findByLabelText('Stress run of payments-api');
    expect(within(stress).getByText(M34)).toBeInTheDocument();
    expect(
      within(stress).getByText("256 ms against M3.4's limit of 100 ms"),
    ).toBeInTheDocument();
  });
});
