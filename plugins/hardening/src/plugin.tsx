import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HardeningClient, hardeningApiRef } from './api';

/** Registers the {@link HardeningClient} as the app's Hardening API. */
export const hardeningApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: hardeningApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HardeningClient({ discoveryApi, fetchApi }),
    }),
});

/** The "Hardening" tab on component entity pages: milestones and their evidence. */
export const hardeningEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'hardening',
    title: 'Hardening',
    filter: 'kind:component',
    loader: () =>
      import('./components/HardeningEntityContent').then(m => (
        <m.HardeningEntityContent />
      )),
  },
});

/** The "Milestone freeze" card in the info column of component overview pages. */
export const hardeningEntityCard = EntityCardBlueprint.make({
  name: 'milestone-freeze',
  params: {
    filter: 'kind:component',
    type: 'info',
    loader: () =>
      import('./components/HardeningOverviewCard').then(m => (
        <m.HardeningOverviewCard />
      )),
  },
});

/**
 * The Hardening frontend plugin (new frontend system).
 *
 * @public
 */
export const hardeningPlugin = createFrontendPlugin({
  pluginId: 'hardening',
  extensions: [hardeningApi, hardeningEntityContent, hardeningEntityCard],
});
