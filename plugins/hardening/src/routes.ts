import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/** The "Hardening scorecards" page (`/hardening` unless configured otherwise). */
export const scorecardsRouteRef = createRouteRef();

/**
 * A software template's page in the scaffolder, where the "Get started" card sends people
 * to add a stress test or a delivery contract. Bound to the scaffolder plugin's
 * `selectedTemplate` route unless the app binds it elsewhere.
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
