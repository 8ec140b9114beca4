import { discoveryApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { HardeningClient, hardeningApiRef } from '../api';
import { scorecardsRouteRef } from '../routes';
import { baseUrl } from './renderWithEntity';

/**
 * Renders a scorecard view with the real HardeningClient against msw, entity pages at
 * `/catalog/…` and the scorecards page at `/hardening`; with `group`, on that group's
 * entity page.
 */
export function renderScorecards(
  element: JSX.Element,
  options: { group?: string } = {},
) {
  const discoveryApi = { getBaseUrl: async () => baseUrl };
  const client = new HardeningClient({
    discoveryApi,
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  const wrapped = options.group ? (
    <EntityProvider
      entity={{
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: options.group, namespace: 'default' },
        spec: { type: 'team', children: [] },
      }}
    >
      {element}
    </EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(wrapped, {
    apis: [
      [hardeningApiRef, client],
      [discoveryApiRef, discoveryApi],
    ],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/hardening': scorecardsRouteRef,
    },
  });
}
