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
 * `/catalog/…` and the scorecards page at `/hardening`; with `group` (or `component`),
 * on that group's (or component's) entity page.
 */
export function renderScorecards(
  element: JSX.Element,
  options: { group?: string; component?: string } = {},
) {
  const discoveryApi = { getBaseUrl: async () => baseUrl };
  const client = new HardeningClient({
    discoveryApi,
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  const entity = options.group
    ? {
        kind: 'Group',
        metadata: { name: options.group, namespace: 'default' },
        spec: { type: 'team', children: [] },
      }
    : options.component && {
        kind: 'Component',
        metadata: { name: options.component, namespace: 'default' },
        spec: { type: 'service', lifecycle: 'production' },
      };
  const wrapped = entity ? (
    <EntityProvider entity={{ apiVersion: 'backstage.io/v1alpha1', ...entity }}>
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
