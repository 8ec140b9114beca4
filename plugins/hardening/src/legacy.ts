import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { HardeningClient, hardeningApiRef } from './api';

/**
 * The Hardening plugin for apps still on the legacy frontend system. New-frontend-system
 * apps use the default export instead.
 *
 * @public
 */
export const legacyHardeningPlugin = createPlugin({
  id: 'hardening',
  apis: [
    createApiFactory({
      api: hardeningApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HardeningClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Legacy app: the Hardening evidence page, for an `EntityLayout.Route` of a component
 * page (`path="/hardening"`, so that the overview card's links resolve).
 *
 * @public
 */
export const EntityHardeningContent = legacyHardeningPlugin.provide(
  createComponentExtension({
    name: 'EntityHardeningContent',
    component: {
      lazy: () =>
        import('./components/HardeningEntityContent').then(
          m => m.HardeningEntityContent,
        ),
    },
  }),
);

/**
 * Legacy app: the "Milestone freeze" card for a component's overview.
 *
 * @public
 */
export const EntityHardeningCard = legacyHardeningPlugin.provide(
  createComponentExtension({
    name: 'EntityHardeningCard',
    component: {
      lazy: () =>
        import('./components/HardeningOverviewCard').then(
          m => m.HardeningOverviewCard,
        ),
    },
  }),
);
