import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The annotation Backstage's GitHub org provider puts on groups: `org/team`. */
export const TEAM_SLUG_ANNOTATION = 'github.com/team-slug';
/** The annotation Backstage's GitHub org provider puts on users: the login. */
export const USER_LOGIN_ANNOTATION = 'github.com/user-login';

/** Most distinct owners looked up in one refresh. */
export const MAX_MAPPED_OWNERS = 2000;

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  `metadata.annotations.${TEAM_SLUG_ANNOTATION}`,
  `metadata.annotations.${USER_LOGIN_ANNOTATION}`,
  'spec.profile.email',
];

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** A user's `spec.profile.email`, '' when it has none. */
function emailOf(entity: Entity): string {
  const profile = entity.spec?.profile;
  if (typeof profile !== 'object' || profile === null) return '';
  const email = (profile as Record<string, unknown>).email;
  return typeof email === 'string' ? email : '';
}

/**
 * Maps CODEOWNERS owners (lower-cased) to catalog refs, in one catalog query:
 * `@org/team` → the group whose `github.com/team-slug` is `org/team`, else the group
 * named like its last segment (`team`; GitLab's `@group/sub` → `sub`); `@login` → the
 * user whose `github.com/user-login` is `login`, else the user or group named `login`;
 * an e-mail address → the user with that `spec.profile.email`. Annotations win over
 * names. Owners that map to nothing are left out.
 */
export async function mapOwnersToCatalog(
  written: readonly string[],
  deps: { catalog: CatalogService; credentials: BackstageCredentials },
): Promise<Map<string, string>> {
  const owners = [...new Set(written.map(lower))].slice(0, MAX_MAPPED_OWNERS);
  const result = new Map<string, string>();
  if (owners.length === 0) return result;
  const teams = owners.filter(o => o.startsWith('@') && o.includes('/'));
  const logins = owners.filter(o => o.startsWith('@') && !o.includes('/'));
  const emails = owners.filter(o => !o.startsWith('@'));
  const teamNames = teams.map(t => t.slice(t.lastIndexOf('/') + 1));
  const loginNames = logins.map(l => l.slice(1));
  const filter: Record<string, string[]>[] = [];
  if (teams.length) {
    filter.push({
      kind: ['group'],
      [`metadata.annotations.${TEAM_SLUG_ANNOTATION}`]: teams.map(t =>
        t.slice(1),
      ),
    });
    filter.push({ kind: ['group'], 'metadata.name': teamNames });
  }
  if (logins.length) {
    filter.push({
      kind: ['user'],
      [`metadata.annotations.${USER_LOGIN_ANNOTATION}`]: loginNames,
    });
    filter.push({ kind: ['user', 'group'], 'metadata.name': loginNames });
  }
  if (emails.length)
    filter.push({ kind: ['user'], 'spec.profile.email': emails });
  const { items } = await deps.catalog.getEntities(
    { filter, fields: FIELDS },
    { credentials: deps.credentials },
  );
  const entities = items.filter((e): e is Entity => Boolean(e));
  const find = (test: (e: Entity) => boolean) => {
    const found = entities.find(test);
    return found ? stringifyEntityRef(found) : undefined;
  };
  const annotation = (e: Entity, key: string) =>
    lower(e.metadata.annotations?.[key] ?? '');
  const kindIs = (e: Entity, ...kinds: string[]) =>
    kinds.includes(lower(e.kind));
  for (const team of teams) {
    const slug = team.slice(1);
    const name = team.slice(team.lastIndexOf('/') + 1);
    const ref =
      find(
        e => kindIs(e, 'group') && annotation(e, TEAM_SLUG_ANNOTATION) === slug,
      ) ?? find(e => kindIs(e, 'group') && lower(e.metadata.name) === name);
    if (ref) result.set(team, ref);
  }
  for (const login of logins) {
    const name = login.slice(1);
    const ref =
      find(
        e => kindIs(e, 'user') && annotation(e, USER_LOGIN_ANNOTATION) === name,
      ) ??
      find(e => kindIs(e, 'user') && lower(e.metadata.name) === name) ??
      find(e => kindIs(e, 'group') && lower(e.metadata.name) === name);
    if (ref) result.set(login, ref);
  }
  for (const email of emails) {
    const ref = find(e => kindIs(e, 'user') && lower(emailOf(e)) === email);
    if (ref) result.set(email, ref);
  }
  return result;
}
