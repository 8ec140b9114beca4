import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Who did something, in words: a user or group ref shows its name (`jane.doe`, the
 * namespace only when it is not `default`), a service principal its subject, anything
 * else as given. Every view names principals through this, so one principal reads the
 * same everywhere.
 */
export function principalName(ref: string | null | undefined): string {
  if (!ref) return '—';
  try {
    const parsed = parseEntityRef(ref);
    if (!/^(user|group)$/i.test(parsed.kind)) return ref;
    return parsed.namespace === 'default'
      ? parsed.name
      : `${parsed.namespace}/${parsed.name}`;
  } catch {
    return ref;
  }
}
