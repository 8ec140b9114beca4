import { discoveryApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { useLocation } from 'react-router-dom';
import { HardeningClient, hardeningApiRef } from '../api';
import { scorecardsRouteRef } from '../routes';
import { baseUrl } from './renderWithEntity';

/** The query string of the current location, for tests to read what a view wrote. */
const LocationSearch = () => (
  <output aria-label="Location search">{useLocation().search}</output>
);

/** The query string the app's location holds now (`?tier=tier-2`, or `''`). */
export function locationSearch(): string {
  return screen.getByRole('status', { name: 'Location search' }).textContent!;
}

/**
 * Renders a scorecard view with the real HardeningClient against msw, entity pages at
 * `/catalog/…` and the scorecards page at `/hardening`; with `group` (or `component`),
 * on that group's (or component's) entity page; starting at `route` (e.g.
 * `/hardening?tier=tier-2`) when given. `locationSearch()` reads the URL's query.
 */
export function renderScorecards(
  element: JSX.Element,
  options: { group?: string; component?: string; route?: string } = {},
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
  const withLocation = (
    <>
      {element}
      <LocationSearch />
    </>
  );
  const wrapped = entity ? (
    <EntityProvider entity={{ apiVersion: 'backstage.io/v1alpha1', ...entity }}>
      {withLocation}
    </EntityProvider>
  ) : (
    withLocation
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
    ...(options.route ? { initialRouteEntries: [options.route] } : {}),
  });
}
