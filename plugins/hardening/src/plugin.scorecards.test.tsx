import { discoveryApiRef } from '@backstage/frontend-plugin-api';
import {
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { orgResponse } from './__testUtils__/scorecardFixtures';
import { baseUrl } from './__testUtils__/renderWithEntity';
import { hardeningPlugin } from './plugin';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(30_000);

describe('hardeningPlugin scorecards page', () => {
  it('is in the sidebar as "Hardening" and serves the scorecards at /hardening', async () => {
    server.use(
      http.get(`${baseUrl}/scorecards/org`, () =>
        HttpResponse.json(orgResponse()),
      ),
    );
    renderTestApp({
      features: [hardeningPlugin],
      initialRouteEntries: ['/hardening'],
      apis: [[discoveryApiRef, { getBaseUrl: async () => baseUrl }]],
    });

    // the page is a lazily loaded chunk: allow for a busy machine
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Hardening scorecards' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    const sidebar = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(
      within(sidebar).getByRole('link', { name: 'Hardening' }),
    ).toHaveAttribute('href', '/hardening');
  });
});
