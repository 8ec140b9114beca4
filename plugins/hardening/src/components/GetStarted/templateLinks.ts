import {
  routeResolutionApiRef,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { scaffolderTemplateRouteRef } from '../../routes';

/** The software templates of the Hardening suite that start an entity's evidence. */
export const HARDENING_TEMPLATES = [
  {
    name: 'hardening-add-stress-test',
    title: 'Add a stress test',
    description:
      'a stress script with its thresholds, and the CI workflow that runs it and uploads each run',
  },
  {
    name: 'hardening-add-delivery-contract',
    title: 'Add a delivery contract',
    description:
      'a contract seeded with the security gates, and the CI workflow that checks it and uploads the results',
  },
] as const;

export type TemplateLink = {
  title: string;
  description: string;
  /** Undefined when the app has no scaffolder route to link to. */
  href?: string;
};

/**
 * The {@link HARDENING_TEMPLATES} with links to their pages in the scaffolder, the form
 * filled in for `entityRef`. An app without the scaffolder (or a legacy app, which has no
 * route resolution for this plugin) gets no links, only the names.
 */
export function useTemplateLinks(entityRef: string): TemplateLink[] {
  const resolver = useApiHolder().get(routeResolutionApiRef);
  const route = resolver?.resolve(scaffolderTemplateRouteRef, {
    sourcePath: window.location.pathname,
  });
  const formData = encodeURIComponent(JSON.stringify({ component: entityRef }));
  return HARDENING_TEMPLATES.map(({ name, title, description }) => ({
    title,
    description,
    href: route
      ? `${route({
          namespace: 'default',
          templateName: name,
        })}?formData=${formData}`
      : undefined,
  }));
}
