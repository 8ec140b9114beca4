/**
 * The rules by which the backend refuses to read a file (a runbook, a defect template)
 * from an entity's repository. A refused read names its rule in `refusedBy`.
 *
 * - `path-invalid`: the annotation's path is empty, too long, has control characters,
 *   a backslash, an empty segment or a bad or triple percent-encoding;
 * - `path-absolute`: it is an absolute URL (any scheme), starts with `/` or is
 *   protocol-relative (`//host`);
 * - `path-parent`: it has a `..` segment (also when percent-encoded);
 * - `path-query`: it has a query (`?`) or a fragment (`#`);
 * - `location-missing`: the entity has no catalog location annotation;
 * - `location-unsupported`: its catalog location is not an http(s) URL without query and
 *   credentials (e.g. a `file:` location);
 * - `host-not-allowed`, `organization-not-allowed`: the location's host or organisation is
 *   not in `hardening.repositoryReads`;
 * - `outside-origin`: the resolved URL is not under the folder of the catalog file;
 * - `file-too-large`: the file is larger than the limit (reading stopped there);
 * - `too-many-files`: the request already read `hardening.repositoryReads.maxFilesPerRequest` files.
 *
 * @public
 */
export const REPOSITORY_READ_RULES = [
  'path-invalid',
  'path-absolute',
  'path-parent',
  'path-query',
  'location-missing',
  'location-unsupported',
  'host-not-allowed',
  'organization-not-allowed',
  'outside-origin',
  'file-too-large',
  'too-many-files',
] as const;

/**
 * One of {@link REPOSITORY_READ_RULES}.
 *
 * @public
 */
export type RepositoryReadRule = (typeof REPOSITORY_READ_RULES)[number];
