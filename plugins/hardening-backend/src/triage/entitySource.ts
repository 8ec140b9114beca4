import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';

/** Comma-separated runbook paths, relative to the entity's source location. */
export const RUNBOOKS_ANNOTATION = 'hardening.io/runbooks';

/** Path of the entity's defect template, relative to its source location. */
export const DEFECT_TEMPLATE_ANNOTATION = 'hardening.io/defect-template';

/**
 * Where the entity's files are: the `backstage.io/source-location` URL (a folder), else
 * the folder of the catalog file it was read from. Undefined when neither is an http(s)
 * URL.
 */
export function entitySourceUrl(entity: Entity): URL | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  const ref = source ?? annotations[ANNOTATION_LOCATION];
  if (!ref) return undefined;
  let target: string;
  try {
    const location = parseLocationRef(ref);
    if (location.type !== 'url') return undefined;
    target = location.target;
  } catch {
    return undefined;
  }
  if (!URL.canParse(target)) return undefined;
  const url = new URL(target);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // A source location names a folder, with or without the trailing slash.
  if (source && !url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * Resolves a path an annotation names against the entity's source location. Only plain
 * relative paths are accepted: no scheme, no leading `/`, no `..`, no `\`, no query or
 * fragment, so that an annotation can only point into the entity's own folder.
 */
export function resolveEntityPath(
  entity: Entity,
  path: string,
): { url: string } | { error: string } {
  const trimmed = path.trim();
  if (
    !trimmed ||
    trimmed.length > 512 ||
    /^[A-Za-z][A-Za-z0-9+.-]*:/.test(trimmed) ||
    trimmed.startsWith('/') ||
    /[\\?#]/.test(trimmed) ||
    [...trimmed].some(c => c < ' ') ||
    trimmed.split('/').some(segment => segment === '..')
  ) {
    return {
      error: `"${trimmed}" is not a relative path inside the entity's source location`,
    };
  }
  const base = entitySourceUrl(entity);
  if (!base) {
    return {
      error:
        'the entity has no http(s) backstage.io/source-location to read it from',
    };
  }
  return { url: new URL(trimmed, base).toString() };
}

/** The comma-separated paths of an annotation, without empty entries and duplicates. */
export function annotationPaths(entity: Entity, annotation: string): string[] {
  const value = entity.metadata.annotations?.[annotation];
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map(p => p.trim())
        .filter(Boolean),
    ),
  ];
}
