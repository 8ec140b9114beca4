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

/**
 * Legacy app: the triage queue, for an `EntityLayout.Route` of a component or group page
 * (`path="/triage"`).
 *
 * @public
 */
export const EntityHardeningTriageContent = legacyHardeningPlugin.provide(
  createComponentExtension({
    name: 'EntityHardeningTriageContent',
    component: {
      lazy: () =>
        import('./components/TriageQueue').then(m => m.TriageEntityContent),
    },
  }),
);

/**
 * Legacy app: the runbooks, for an `EntityLayout.Route` of a component page
 * (`path="/runbooks"`, so that the triage queue's links to runbook sections resolve).
 *
 * @public
 */
export const EntityHardeningRunbooksContent = legacyHardeningPlugin.provide(
  createComponentExtension({
    name: 'EntityHardeningRunbooksContent',
    component: {
      lazy: () =>
        import('./components/Runbooks').then(m => m.RunbooksEntityContent),
    },
  }),
);
