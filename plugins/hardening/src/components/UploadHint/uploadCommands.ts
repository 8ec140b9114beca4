import { CompoundEntityRef } from '@backstage/catalog-model';
import { EVIDENCE_UPLOAD_ROUTES } from '@hardening/backstage-plugin-hardening-common';
import { entityApiPath } from '../../api';

/** An upload to one evidence route of an entity, as the empty states show it. */
export type UploadExample = {
  method: 'POST' | 'PUT';
  /** Path below the entity, with query string, e.g. `/test-reports?commit=$GIT_SHA`. */
  path: string;
  contentType: string;
  /** The file sent as the body, e.g. `junit.xml`. */
  file: string;
  /** The environment variable holding the token, `HARDENING_CI_TOKEN` by default. */
  tokenVariable?: string;
};

/**
 * The `curl` command that makes `example`'s upload for `entity` with a static token in
 * the environment variable `example.tokenVariable` (`HARDENING_CI_TOKEN` by default).
 */
export function curlUploadCommand(
  example: UploadExample,
  entity: CompoundEntityRef,
  apiBaseUrl: string | undefined,
): string {
  const url = `${apiBaseUrl ?? '$BACKSTAGE_URL/api/hardening'}${entityApiPath(
    entity,
  )}${example.path}`;
  return [
    `curl --fail-with-body -X ${example.method} \\`,
    `  -H "Authorization: Bearer $${
      example.tokenVariable ?? 'HARDENING_CI_TOKEN'
    }" \\`,
    `  -H 'Content-Type: ${example.contentType}' \\`,
    `  --data-binary @${example.file} \\`,
    `  "${url}"`,
  ].join('\n');
}

/** The Backstage backend's URL the CLI takes: the Hardening API's base without `/api/hardening`. */
function backendUrlOf(apiBaseUrl: string | undefined): string {
  if (!apiBaseUrl) return '$BACKSTAGE_URL';
  return apiBaseUrl.replace(/\/api\/hardening\/?$/, '');
}

/**
 * The `hardening` CLI command that makes `example`'s upload for `entityRef` from CI with
 * trusted publishing (the job's OIDC ID token; the CLI reads the commit, branch and run
 * from the CI system), or undefined when the route is not one CI uploads evidence to
 * (milestones, required gates, contracts and runbooks need a user's or a static token).
 */
export function cliUploadCommand(
  example: UploadExample,
  entityRef: string,
  apiBaseUrl: string | undefined,
): string | undefined {
  const [path, query = ''] = example.path.split('?');
  const segment = path.replace(/^\//, '');
  if (
    example.method !== 'POST' ||
    !Object.hasOwn(EVIDENCE_UPLOAD_ROUTES, segment)
  ) {
    return undefined;
  }
  const kind = EVIDENCE_UPLOAD_ROUTES[segment];
  const tags = new URLSearchParams(query).get('tags');
  return [
    `npx --yes @hardening/hardening-cli upload ${kind} ${example.file}`,
    `--entity ${entityRef}`,
    `--backend-url ${backendUrlOf(apiBaseUrl)}`,
    ...(tags ? [`--tag ${tags}`] : []),
  ].join(' \\\n  ');
}
