import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';

/**
 * Comma-separated runbook paths, relative to the folder of the entity's catalog file
 * (see `resolveRepositoryFile`).
 */
export const RUNBOOKS_ANNOTATION = 'hardening.io/runbooks';

/** Path of the entity's defect template, relative to the folder of its catalog file. */
export const DEFECT_TEMPLATE_ANNOTATION = 'hardening.io/defect-template';

/**
 * Where the entity's code lives, for links into its tracker (never for reads, which stay
 * under the entity's catalog location, see `resolveRepositoryFile`): the
 * `backstage.io/source-location` URL (a folder), else the folder of the catalog file it
 * was read from. Undefined when neither is an http(s) URL.
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
