import {
  ApiRef,
  discoveryApiRef,
  StorageApi,
  storageApiRef,
} from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { HttpResponse } from 'msw';
import { HardeningClient, hardeningApiRef } from '../api';
import { scaffolderTemplateRouteRef } from '../routes';

export const baseUrl = 'http://backend.test/api/hardening';

/** The entity every rendering shows unless a test names another one. */
export const ENTITY_NAME = 'payments-api';

export function entityUrl(name: string = ENTITY_NAME): string {
  return `${baseUrl}/entities/component/default/${name}`;
}

/** A Backstage error body, as the backend's error handler writes it. */
export function errorResponse(status: number, message: string, name = 'Error') {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );
}

/**
 * Renders `element` on the page of a component entity, with the real HardeningClient
 * against msw, and a permission API that allows or denies everything.
 */
export function renderWithEntity(
  element: JSX.Element,
  options: {
    name?: string;
    /** `Component` unless a test names another kind, e.g. `Group`. */
    kind?: string;
    permission?: 'allow' | 'deny';
    /** The URL the app starts at, e.g. `/?runbook=triage`. */
    route?: string;
    /** More API implementations, e.g. a fake signal API. */
    apis?: readonly (readonly [ApiRef<any>, unknown])[];
    /** What the user's browser remembers; empty unless a test says otherwise. */
    storage?: StorageApi;
    /** App config, e.g. a pinned transparency log key. */
    config?: NonNullable<Parameters<typeof renderInTestApp>[1]>['config'];
  } = {},
) {
  const discoveryApi = { getBaseUrl: async () => baseUrl };
  const client = new HardeningClient({
    discoveryApi,
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: { name: options.name ?? ENTITY_NAME, namespace: 'default' },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [
        [hardeningApiRef, client],
        [discoveryApiRef, discoveryApi],
        [storageApiRef, options.storage ?? mockApis.storage()],
        mockApis.permission({
          authorize:
            options.permission === 'allow'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }),
        ...(options.apis ?? []),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/create/templates/:namespace/:templateName':
          scaffolderTemplateRouteRef,
      },
      ...(options.route ? { initialRouteEntries: [options.route] } : {}),
      ...(options.config ? { config: options.config } : {}),
    },
  );
}
