import { Entity } from '@backstage/catalog-model';
import { normalizeAnnotationPath } from './annotationPath';
import { ReadRefusal, refuse } from './readRefusal';
import { checkAllowed, isUnderRoot, repositoryRoot } from './repositoryRoot';
import { RepositoryReadPolicy } from './repositoryReadSettings';

/**
 * The URL of a file an annotation of the entity names (a runbook, a defect template):
 * the decoded, normalised path resolved with the WHATWG URL parser against the folder of
 * the entity's catalog file, then checked again to be under that folder and on an
 * allowed host and organisation. Otherwise the refusal, naming its rule.
 */
export function resolveRepositoryFile(
  entity: Entity,
  path: string,
  policy: RepositoryReadPolicy,
): { url: string } | ReadRefusal {
  const normalized = normalizeAnnotationPath(path);
  if ('error' in normalized) return normalized;
  const located = repositoryRoot(entity, policy);
  if ('error' in located) return located;
  const { root } = located;
  const url = new URL(
    normalized.segments.map(encodeURIComponent).join('/'),
    root,
  );
  if (!isUnderRoot(url, root)) {
    return refuse(
      'outside-origin',
      `${JSON.stringify(path.trim())} resolves to ${url.href}, outside ${
        root.href
      }, the folder of the entity's catalog file: name a file in that folder or below it`,
    );
  }
  return checkAllowed(url, policy) ?? { url: url.href };
}
