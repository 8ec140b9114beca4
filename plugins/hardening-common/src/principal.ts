const USER_OR_GROUP_REF = /^(user|group):(?:([^/:]+)\/)?([^/:]+)$/i;

/**
 * Who did something, in words: a user or group ref shows its name (`jane.doe`, with the
 * namespace only when it is not `default`), anything else (a service subject, a CI
 * repository) as given. Every view and message names principals through this, so one
 * principal reads the same everywhere.
 *
 * @public
 */
export function principalName(ref: string | null | undefined): string {
  if (!ref) return '—';
  const match = USER_OR_GROUP_REF.exec(ref);
  if (!match) return ref;
  const [, , namespace, name] = match;
  return namespace && namespace !== 'default' ? `${namespace}/${name}` : name;
}
