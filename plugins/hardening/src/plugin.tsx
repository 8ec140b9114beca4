import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HardeningClient, hardeningApiRef } from './api';
import { HardeningIcon } from './components/ScorecardsPage/HardeningIcon';
import { scaffolderTemplateRouteRef, scorecardsRouteRef } from './routes';

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
    filter: { kind: 'component' },
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
    filter: { kind: 'component' },
    type: 'info',
    loader: () =>
      import('./components/HardeningOverviewCard').then(m => (
        <m.HardeningOverviewCard />
      )),
  },
});

/** The "Hardening scorecards" page at `/hardening`, in the sidebar as "Hardening". */
export const hardeningScorecardsPage = PageBlueprint.make({
  name: 'scorecards',
  params: {
    path: '/hardening',
    title: 'Hardening',
    icon: <HardeningIcon />,
    routeRef: scorecardsRouteRef,
    loader: () =>
      import('./components/ScorecardsPage').then(m => <m.ScorecardsPage />),
  },
});

/** The "Hardening scorecard" card on group pages: the team's levels and entities. */
export const hardeningGroupScorecardCard = EntityCardBlueprint.make({
  name: 'group-scorecard',
  params: {
    filter: { kind: 'group' },
    type: 'content',
    loader: () =>
      import('./components/GroupScorecardCard').then(m => (
        <m.GroupScorecardCard />
      )),
  },
});

/** On group pages: the failure clusters touching the team's services. */
export const hardeningGroupFailureClustersCard = EntityCardBlueprint.make({
  name: 'group-failure-clusters',
  params: {
    filter: { kind: 'group' },
    type: 'content',
    loader: () =>
      import('./components/FailureClustersCard').then(m => (
        <m.FailureClustersCard />
      )),
  },
});

/** The "Hardening scorecard" card on component pages: its level and what it misses. */
export const hardeningEntityScorecardCard = EntityCardBlueprint.make({
  name: 'entity-scorecard',
  params: {
    filter: { kind: 'component' },
    type: 'content',
    loader: () =>
      import('./components/EntityScorecardCard').then(m => (
        <m.EntityScorecardCard />
      )),
  },
});

/** The "Triage" tab on component and group pages: the failures still needing work. */
export const hardeningTriageEntityContent = EntityContentBlueprint.make({
  name: 'triage',
  params: {
    path: 'triage',
    title: 'Triage',
    filter: { kind: { $in: ['component', 'group'] } },
    loader: () =>
      import('./components/TriageQueue').then(m => <m.TriageEntityContent />),
  },
});

/** The "Runbooks" tab on component pages: read from the repository or uploaded. */
export const hardeningRunbooksEntityContent = EntityContentBlueprint.make({
  name: 'runbooks',
  params: {
    path: 'runbooks',
    title: 'Runbooks',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/Runbooks').then(m => <m.RunbooksEntityContent />),
  },
});

/**
 * The Hardening frontend plugin (new frontend system).
 *
 * @public
 */
export const hardeningPlugin = createFrontendPlugin({
  pluginId: 'hardening',
  routes: { scorecards: scorecardsRouteRef },
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
  extensions: [
    hardeningApi,
    hardeningEntityContent,
    hardeningEntityCard,
    hardeningTriageEntityContent,
    hardeningRunbooksEntityContent,
    hardeningScorecardsPage,
    hardeningGroupScorecardCard,
    hardeningGroupFailureClustersCard,
    hardeningEntityScorecardCard,
  ],
});
