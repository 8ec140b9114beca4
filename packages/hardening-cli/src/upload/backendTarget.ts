import { parseEntityRef } from '@backstage/catalog-model';
import { CliError } from '../CliError';

/** Where evidence of one entity goes. */
export type BackendTarget = {
  /** `…/api/hardening/entities/{kind}/{namespace}/{name}` */
  entityUrl: URL;
  entityRef: string;
};

/** `https://backstage.example.com` or `…/api/hardening`: the Hardening API's base URL. */
export function hardeningApiBase(backendUrl: string): URL {
  let url: URL;
  try {
    url = new URL(backendUrl);
  } catch {
    throw new CliError(
      `--backend-url "${backendUrl}" is not a URL (e.g. https://backstage.example.com)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(
      `--backend-url must be an http(s) URL, not ${url.protocol}`,
    );
  }
  if (url.search || url.hash) {
    throw new CliError('--backend-url must not have a query or fragment');
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/api/hardening')
    ? path
    : `${path}/api/hardening`;
  return url;
}

/** Kind, namespace and name of an entity ref; the kind defaults to component. */
export function entityPath(ref: string): { ref: string; path: string } {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new CliError(
      `--entity "${ref}" is not an entity ref (e.g. component:default/payments-api): ${
        (error as Error).message
      }`,
    );
  }
  const parts = [
    parsed.kind.toLocaleLowerCase('en-US'),
    parsed.namespace,
    parsed.name,
  ];
  return {
    ref: `${parts[0]}:${parts[1]}/${parts[2]}`,
    path: parts.map(encodeURIComponent).join('/'),
  };
}

/** The backend target from the connection options (flags win over the environment). */
export function resolveBackendTarget(options: {
  entity?: string;
  backendUrl?: string;
}): BackendTarget {
  if (!options.backendUrl) {
    throw new CliError(
      'no backend URL: pass --backend-url or set HARDENING_BACKEND_URL',
    );
  }
  if (!options.entity) {
    throw new CliError(
      'no entity: pass --entity (e.g. component:default/payments-api) or set HARDENING_ENTITY',
    );
  }
  const base = hardeningApiBase(options.backendUrl);
  const { ref, path } = entityPath(options.entity);
  const entityUrl = new URL(base.toString());
  entityUrl.pathname = `${base.pathname}/entities/${path}`;
  return { entityUrl, entityRef: ref };
}
