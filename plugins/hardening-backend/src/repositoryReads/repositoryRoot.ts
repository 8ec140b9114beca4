import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { ReadRefusal, refuse } from './readRefusal';
import { RepositoryReadPolicy } from './repositoryReadSettings';

const HOW_ELSE = 'upload the file through the API instead';

/** The organisation of a repository URL: its first path segment, decoded, lower-cased. */
export function organizationOf(url: URL): string {
  const first = url.pathname.split('/')[1] ?? '';
  try {
    return decodeURIComponent(first).toLowerCase();
  } catch {
    return first.toLowerCase();
  }
}

/** Whether the policy allows reading from the host and organisation of `url`. */
export function checkAllowed(
  url: URL,
  policy: RepositoryReadPolicy,
): ReadRefusal | undefined {
  if (!policy.allowsHost(url.host)) {
    return refuse(
      'host-not-allowed',
      `${url.host} is not among the hosts files are read from, ${policy.hostsSource}: add it to hardening.repositoryReads.allowedHosts or ${HOW_ELSE}`,
    );
  }
  const { organizations } = policy;
  const org = organizationOf(url);
  if (
    organizations.length > 0 &&
    !organizations.includes(org) &&
    !organizations.includes(`${url.host}/${org}`)
  ) {
    return refuse(
      'organization-not-allowed',
      `organisation "${org}" on ${
        url.host
      } is not in hardening.repositoryReads.allowedOrganizations (${organizations.join(
        ', ',
      )}): add it there or ${HOW_ELSE}`,
    );
  }
  return undefined;
}

/**
 * The folder files of an entity are read from: the folder of the catalog file the
 * catalog read the entity from (`backstage.io/managed-by-location`, else
 * `backstage.io/managed-by-origin-location`). The catalog sets both annotations itself
 * and overwrites what an entity's author writes there, unlike
 * `backstage.io/source-location`, which is never used for reads. Only http(s) locations
 * without query or credentials on an allowed host and organisation qualify.
 */
export function repositoryRoot(
  entity: Entity,
  policy: RepositoryReadPolicy,
): { root: URL } | ReadRefusal {
  const annotations = entity.metadata.annotations ?? {};
  const ref =
    annotations[ANNOTATION_LOCATION] ?? annotations[ANNOTATION_ORIGIN_LOCATION];
  if (!ref) {
    return refuse(
      'location-missing',
      `the entity has no ${ANNOTATION_LOCATION} annotation, so the repository it came from is unknown: ${HOW_ELSE}`,
    );
  }
  const unsupported = (why: string) =>
    refuse(
      'location-unsupported',
      `the entity's catalog location ${ref} ${why}; files are read only next to catalog files read from http(s) URLs: ${HOW_ELSE}`,
    );
  let target: string;
  try {
    const location = parseLocationRef(ref);
    if (location.type !== 'url') {
      return unsupported(`is of type ${location.type}`);
    }
    target = location.target;
  } catch {
    return unsupported('is not a location reference');
  }
  const url = URL.canParse(target) ? new URL(target) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return unsupported('is not an http(s) URL');
  }
  if (url.username || url.password) {
    return unsupported('carries credentials');
  }
  if (url.search) {
    return unsupported(
      'has a query, which names the file and branch on its host',
    );
  }
  const root = new URL('./', url);
  return checkAllowed(root, policy) ?? { root };
}

/** The path segments of a URL's folder or file, without the trailing empty one. */
function segmentsOf(pathname: string, folder: boolean): string[] {
  const segments = pathname.split('/');
  return folder ? segments.slice(0, -1) : segments;
}

/**
 * Whether a path segment stands for `.` or `..` or holds a separator, decoded once or
 * twice (a server that decodes again must not find one either). WHATWG parsing already
 * resolved the plain and `%2e` forms of `.` and `..`.
 */
function isSteeringSegment(segment: string): boolean {
  let decoded = segment;
  for (let round = 0; round < 2; round += 1) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      // Malformed escapes decode to nothing, so to no separator either.
      return false;
    }
    if (
      decoded === '.' ||
      decoded === '..' ||
      decoded.includes('/') ||
      decoded.includes('\\')
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Whether `url` names a file under the folder `root`: same scheme, host and port, no
 * credentials, query or fragment, and the root's path segments followed by at least one
 * more (so `…/repo-evil/x` is not under `…/repo/`), none of which stands for `.` or `..`.
 */
export function isUnderRoot(url: URL, root: URL): boolean {
  if (
    url.protocol !== root.protocol ||
    url.host !== root.host ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    !root.pathname.endsWith('/')
  ) {
    return false;
  }
  const base = segmentsOf(root.pathname, true);
  const segments = segmentsOf(url.pathname, false);
  if (segments.length <= base.length) return false;
  if (base.some((segment, i) => segments[i] !== segment)) return false;
  const rest = segments.slice(base.length);
  return rest.every(s => s !== '' && !isSteeringSegment(s));
}
