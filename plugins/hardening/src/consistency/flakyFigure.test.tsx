import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  describeFlakyCount,
  FLAKY_WINDOW_WORDS,
} from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  FLAKY,
  paymentsApiHandlers,
} from '../__testUtils__/paymentsApiFixture';
import { PAYMENTS_API_VIEWS as views } from '../__testUtils__/paymentsApiViews';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(120_000);

/**
 * Every flaky figure on the screen is `figure`: each number said with the window is the
 * same, and no count is called "flaky" without it (the report's own count is not).
 */
function expectOnly(figure: string) {
  const shown = screen.queryAllByText(
    new RegExp(`\\d+(\\.\\d+)? ${FLAKY_WINDOW_WORDS}`),
  );
  expect(shown.length).toBeGreaterThan(0);
  for (const element of shown) {
    expect(element).toHaveTextContent(figure);
  }
  expect(screen.queryByText(/\d+ flaky\b/i)).toBeNull();
}

describe('the flaky figure of payments-api', () => {
  beforeEach(() => server.use(...paymentsApiHandlers()));

  it('is the same number, with the same window, in every view', async () => {
    const figure = describeFlakyCount(FLAKY.total);
    expect(figure).toBe('5 in the last 14 days');

    const tab = await views.tab();
    expect(
      await screen.findByText(`Flaky tests: ${figure}`),
    ).toBeInTheDocument();
    // The latest report's own count says it is about that report only.
    expect(
      screen.getByText(/1 passed on a rerun in this report/),
    ).toBeInTheDocument();
    expectOnly(figure);
    tab.unmount();

    const card = await views.entityScorecard();
    const tests = await screen.findByLabelText(
      'Triage and tests of payments-api',
    );
    expect(within(tests).getByText(figure)).toBeInTheDocument();
    expectOnly(figure);
    card.unmount();

    // payments-api is the only entity of its team and of the organisation: the mean is
    // its own figure.
    const group = await views.groupScorecard();
    expect(await screen.findByText(figure)).toBeInTheDocument();
    expectOnly(figure);
    group.unmount();

    const page = await views.scorecardsPage();
    expect(await screen.findByText(figure)).toBeInTheDocument();
    expectOnly(figure);
    page.unmount();

    // The milestone freeze card shows no flaky figure, so none that differs.
    await views.overview();
    expect(
      await screen.findByRole('heading', { name: /M3\.4 · / }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/flaky/i)).toBeNull();
  });
});
