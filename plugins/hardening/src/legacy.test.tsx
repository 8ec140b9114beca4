import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { milestoneStatus } from './__testUtils__/fixtures';
import { entityUrl, renderWithEntity } from './__testUtils__/renderWithEntity';
import { EntityHardeningCard } from './legacy';

const server = setupServer();
registerMswTestHooks(server);

describe('legacy exports', () => {
  it('render the overview card as a legacy component extension', async () => {
    server.use(
      http.get(`${entityUrl('legacy')}/milestones`, () =>
        HttpResponse.json({ items: [milestoneStatus('M1', 'ready')] }),
      ),
    );
    await renderWithEntity(<EntityHardeningCard />, { name: 'legacy' });
    expect(
      await screen.findByRole('status', {
        name: 'M1 freeze status: Ready to freeze',
      }),
    ).toBeInTheDocument();
  });
});
