import { screen } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { HardeningClient, hardeningApiRef } from '../../api';
import { HardeningEntityContent } from './HardeningEntityContent';

const baseUrl = 'http://backend.test/api/hardening';
const server = setupServer();
registerMswTestHooks(server);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

function renderContent() {
  const client = new HardeningClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return renderInTestApp(
    <TestApiProvider apis={[[hardeningApiRef, client]]}>
      <EntityProvider entity={entity}>
        <HardeningEntityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('HardeningEntityContent', () => {
  it('names the entity and the schema version the backend reports', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json({ status: 'ok', schemaVersion: '20261123000000' }),
      ),
    );
    await renderContent();

    expect(
      await screen.findByText('component:default/payments-api'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/database schema 20261123000000/),
    ).toBeInTheDocument();
  });

  it('tells the user when the backend cannot be reached', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database is down' } },
          { status: 503 },
        ),
      ),
    );
    await renderContent();

    expect(
      await screen.findByText(/Hardening backend unreachable/),
    ).toBeInTheDocument();
  });
});
