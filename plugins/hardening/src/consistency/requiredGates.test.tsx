import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { describeRequiredGates } from '@hardening/backstage-plugin-hardening-common';
import { screen, waitFor, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  MILESTONES,
  paymentsApiHandlers,
} from '../__testUtils__/paymentsApiFixture';
import { PAYMENTS_API_VIEWS as views } from '../__testUtils__/paymentsApiViews';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(120_000);

const m34 = MILESTONES.find(m => m.milestone.id === 'M3.4')!;
const FAILING =
  'build failed; tests is missing from the latest gates report; typecheck is missing from the latest gates report';

describe('the required CI gates of payments-api', () => {
  beforeEach(() => server.use(...paymentsApiHandlers()));

  it('are the same list, and the same sentence says where they come from, in every view', async () => {
    const sentence = describeRequiredGates(m34.checklist.requiredGates);
    expect(sentence).toBe(
      "M3.4 needs build, lint, tests, typecheck green: the component's required CI gates (build, lint, tests, typecheck) plus the gates M3.4 names itself (lint, build).",
    );

    // The Hardening tab: M3.4's milestone card and the CI gates section.
    const tab = await views.tab();
    await waitFor(() => expect(screen.getAllByText(sentence)).toHaveLength(2));
    const checklist = screen.getByRole('list', {
      name: 'Freeze checklist of M3.4',
    });
    expect(
      within(checklist).getByRole('listitem', {
        name: 'Required CI gates green: failed',
      }),
    ).toHaveTextContent(FAILING);
    // The CI gates section's required-gates table (its first table) fails the same three.
    const section = screen.getByRole('region', { name: 'CI gates' });
    for (const [gate, result] of [
      ['build', 'failed'],
      ['lint', 'passed'],
      ['tests', 'no result (counts as failing)'],
      ['typecheck', 'no result (counts as failing)'],
    ]) {
      expect(
        within(section).getAllByText(gate)[0].closest('tr'),
      ).toHaveTextContent(result);
    }
    // The milestone card no longer lists the milestone's own gates as if they were all.
    expect(screen.queryByText(/required gates: lint, build/)).toBeNull();
    tab.unmount();

    // The milestone freeze card: M3.4 is its current milestone.
    const overview = await views.overview();
    expect(await screen.findByText(sentence)).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('list', { name: 'Failing checklist items of M3.4' }),
      ).getByRole('listitem', { name: 'Required CI gates green: failed' }),
    ).toHaveTextContent(FAILING);
    overview.unmount();

    // The scorecard card: M3.4 is its current milestone too, and the same gates fail.
    await views.entityScorecard();
    const gates = await screen.findByLabelText('Gates of payments-api');
    expect(within(gates).getByText(sentence)).toBeInTheDocument();
    expect(
      within(gates).getByText('Failing: build, tests, typecheck'),
    ).toBeInTheDocument();
  });
});
