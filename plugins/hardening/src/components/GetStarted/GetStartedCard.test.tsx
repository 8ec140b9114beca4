import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { freezeClock } from '../../__testUtils__/clock';
import { milestoneStatus } from '../../__testUtils__/fixtures';
import {
  emptyEvidenceHandlers,
  healthHandler,
} from '../../__testUtils__/handlers';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { HardeningEntityContent } from '../HardeningEntityContent';

const server = setupServer();
registerMswTestHooks(server);
freezeClock();
// Each test renders the whole Hardening tab.
jest.setTimeout(30_000);

/** Renders the Hardening tab of `name`, an entity without evidence, until the card shows. */
async function renderEmptyTab(
  name: string,
  options: { permission?: 'allow' | 'deny'; milestones?: unknown[] } = {},
) {
  server.use(
    http.get(`${entityUrl(name)}/milestones`, () =>
      HttpResponse.json({ items: options.milestones ?? [] }),
    ),
    ...emptyEvidenceHandlers(name),
    healthHandler(),
  );
  await renderWithEntity(<HardeningEntityContent />, {
    name,
    permission: options.permission,
  });
  const heading = await screen.findByRole(
    'heading',
    { level: 2, name: 'Get started' },
    { timeout: 10_000 },
  );
  return heading.closest('section')!;
}

describe('the Get started card of an entity without evidence', () => {
  it('stands in for the empty sections, with the upload command for this entity', async () => {
    const card = await renderEmptyTab('fresh-service');

    // One card, not one illustration per section.
    expect(screen.getAllByRole('heading', { level: 2 })).toHaveLength(1);
    for (const empty of ['No test reports yet', 'No stress runs yet']) {
      expect(screen.queryByRole('heading', { name: empty })).toBeNull();
    }
    expect(screen.queryAllByRole('progressbar')).toHaveLength(0);

    expect(card).toHaveTextContent(
      'No hardening evidence has been uploaded for fresh-service yet.',
    );
    await waitFor(() =>
      expect(
        within(card).getByLabelText('Get started upload command'),
      ).toHaveTextContent(
        'npx --yes @hardening/hardening-cli upload test-report junit.xml \\ --entity component:default/fresh-service \\ --backend-url http://backend.test',
      ),
    );
    expect(
      within(card).getByRole('button', { name: 'Copy the upload command' }),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent(
      'The same command with another kind uploads the rest: ci-gates, contract-results, stress-run, validation, audit-chain, git-tags.',
    );
  });

  it('links to the two templates, filled in for this entity', async () => {
    const card = await renderEmptyTab('templated');
    const formData = encodeURIComponent(
      JSON.stringify({ component: 'component:default/templated' }),
    );
    expect(
      within(card).getByRole('link', { name: 'Add a stress test' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/hardening-add-stress-test?formData=${formData}`,
    );
    expect(
      within(card).getByRole('link', { name: 'Add a delivery contract' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/hardening-add-delivery-contract?formData=${formData}`,
    );
  });

  it('does not mention the New milestone button to someone who cannot see it', async () => {
    const card = await renderEmptyTab('not-owner', { permission: 'deny' });
    expect(
      within(card).getByRole('heading', { name: 'Define a milestone' }),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent(
      'The owners of this component define them on this tab.',
    );
    expect(card).not.toHaveTextContent(/New milestone|button/);
    expect(screen.queryByRole('button', { name: 'New milestone' })).toBeNull();
  });

  it('gives an owner the New milestone button in the card', async () => {
    const card = await renderEmptyTab('owner', { permission: 'allow' });
    await waitFor(() =>
      expect(
        within(card).getByRole('button', { name: 'New milestone' }),
      ).toBeInTheDocument(),
    );
    expect(card).toHaveTextContent('Define the first one here:');
  });

  it('keeps the milestones and the verdict when there are milestones but no evidence', async () => {
    const card = await renderEmptyTab('planned', {
      milestones: [milestoneStatus('M1', 'blocked')],
    });
    expect(
      screen.getByRole('status', { name: 'Milestone verdict' }),
    ).toHaveTextContent('M1 blocked: 1 of 5 checks failing');
    expect(
      screen.getByRole('heading', { level: 2, name: 'Milestones' }),
    ).toBeVisible();
    expect(
      within(card).queryByRole('heading', { name: 'Define a milestone' }),
    ).toBeNull();
  });
});
