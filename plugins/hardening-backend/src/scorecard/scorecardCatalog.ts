import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { hardeningEvidenceReadPermission } from '@hardening/backstage-plugin-hardening-common';
import { catalogCredentials, lowerRef, refOf } from '../catalog';
import { AccessDecisionCache } from '../service/accessDecisionCache';

/** An entity that gets a scorecard, with the attributes the org page filters on. */
export type ScopeEntity = {
  entityRef: string;
  title?: string;
  system: string | null;
  tier: string | null;
  lifecycle: string | null;
  owner: string | null;
};

/** A group of the catalog and its child groups (lower-cased refs). */
export type GroupNode = {
  groupRef: string;
  title?: string;
  type?: string;
  children: string[];
};

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.labels',
  'spec.system',
  'spec.lifecycle',
  'spec.owner',
  'relations',
];

const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.profile.displayName',
  'spec.children',
  'relations',
];

/** A ref as written in an entity (`team-a`, `group:team-a`…), lower-cased and complete. */
function fullRef(
  ref: unknown,
  defaultKind: string,
  namespace: string,
): string | null {
  if (typeof ref !== 'string' || ref.trim() === '') return null;
  try {
    return lowerRef(
      stringifyEntityRef(
        parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
      ),
    );
  } catch {
    return null;
  }
}

function stringField(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * {@link fullRef} remembered for one listing: thousands of entities name the same few
 * owners and systems.
 */
function memoizedFullRef() {
  const seen = new Map<string, string | null>();
  return (ref: unknown, defaultKind: string, namespace: string) => {
    if (typeof ref !== 'string') return null;
    const key = `${defaultKind}|${namespace}|${ref}`;
    let full = seen.get(key);
    if (full === undefined) {
      full = fullRef(ref, defaultKind, namespace);
      seen.set(key, full);
    }
    return full;
  };
}

/** The attributes of an entity a scorecard shows. */
export function toScopeEntity(
  entity: Entity,
  tierLabel: string,
  resolve: typeof fullRef = fullRef,
): ScopeEntity {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const ownedBy = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  return {
    entityRef: refOf(entity),
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    system: resolve(spec.system, 'system', namespace),
    tier: stringField(entity.metadata.labels?.[tierLabel]),
    lifecycle: stringField(spec.lifecycle),
    owner:
      resolve(spec.owner, 'group', namespace) ??
      (ownedBy ? lowerRef(ownedBy.targetRef) : null),
  };
}

function toGroupNode(entity: Entity): GroupNode {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as {
    type?: unknown;
    children?: unknown;
    profile?: { displayName?: unknown };
  };
  const children = new Set<string>();
  for (const child of Array.isArray(spec.children) ? spec.children : []) {
    const ref = fullRef(child, 'group', namespace);
    if (ref) children.add(ref);
  }
  for (const relation of entity.relations ?? []) {
    if (relation.type === RELATION_PARENT_OF) {
      children.add(lowerRef(relation.targetRef));
    }
  }
  const title = stringField(spec.profile?.displayName) ?? entity.metadata.title;
  return {
    groupRef: refOf(entity),
    ...(title ? { title } : {}),
    ...(typeof spec.type === 'string' ? { type: spec.type } : {}),
    children: [...children].sort(),
  };
}

/**
 * The catalog as the scorecards see it. Users read it with their own credentials, so the
 * catalog's visibility rules decide which entities and groups they get; service callers
 * (and the snapshot task) with the plugin's own. Of the entities, only those the caller
 * may read hardening evidence of are kept (one conditional decision, and one batched
 * authorization when the policy is conditional).
 */
export class ScorecardCatalog {
  readonly #entities: AccessDecisionCache<ScopeEntity[]>;
  readonly #groups: AccessDecisionCache<Map<string, GroupNode>>;

  /**
   * `cacheTtlMs`: how long a caller's listings are remembered (concurrent requests share
   * one listing in flight); 0, the default, reads the catalog on every call.
   */
  constructor(
    private readonly options: {
      auth: AuthService;
      catalog: CatalogService;
      permissions: PermissionsService;
      kinds: readonly string[];
      tierLabel: string;
      cacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    const cache = { ttlMs: options.cacheTtlMs ?? 0, now: options.now };
    this.#entities = new AccessDecisionCache(cache);
    this.#groups = new AccessDecisionCache(cache);
  }

  private lookupCredentials(credentials: BackstageCredentials) {
    return catalogCredentials(this.options.auth, credentials);
  }

  /**
   * Every entity of the scorecard kinds the caller may see and read evidence of. The
   * answer is shared between calls: do not change it.
   */
  entities(credentials: BackstageCredentials): Promise<ScopeEntity[]> {
    return this.#entities.decide(
      AccessDecisionCache.principalKey(credentials),
      () => this.readEntities(credentials),
    );
  }

  private async readEntities(
    credentials: BackstageCredentials,
  ): Promise<ScopeEntity[]> {
    const { catalog, kinds, tierLabel } = this.options;
    // One request with the fields a scorecard shows: thousands of entities in one
    // answer of a few hundred bytes each.
    const { items } = await catalog.getEntities(
      { filter: { kind: [...kinds] }, fields: ENTITY_FIELDS },
      { credentials: await this.lookupCredentials(credentials) },
    );
    const resolve = memoizedFullRef();
    return this.readable(
      items.map(entity => toScopeEntity(entity, tierLabel, resolve)),
      credentials,
    );
  }

  /** One entity (its access was checked already), or undefined when not visible. */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ScopeEntity | undefined> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.lookupCredentials(credentials),
    });
    return entity ? toScopeEntity(entity, this.options.tierLabel) : undefined;
  }

  /** Every group the caller may see, by lower-cased ref; shared between calls. */
  groups(credentials: BackstageCredentials): Promise<Map<string, GroupNode>> {
    return this.#groups.decide(
      AccessDecisionCache.principalKey(credentials),
      () => this.readGroups(credentials),
    );
  }

  private async readGroups(
    credentials: BackstageCredentials,
  ): Promise<Map<string, GroupNode>> {
    const groups = new Map<string, GroupNode>();
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Group' }, fields: GROUP_FIELDS },
      { credentials: await this.lookupCredentials(credentials) },
    );
    for (const entity of items) {
      const node = toGroupNode(entity);
      groups.set(node.groupRef, node);
    }
    // Children the caller may not see are left out of the tree.
    for (const node of groups.values()) {
      node.children = node.children.filter(c => groups.has(c));
    }
    return groups;
  }

  private async readable(
    entities: ScopeEntity[],
    credentials: BackstageCredentials,
  ): Promise<ScopeEntity[]> {
    const { permissions } = this.options;
    const [decision] = await permissions.authorizeConditional(
      [{ permission: hardeningEvidenceReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return entities;
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('Not allowed to read hardening evidence');
    }
    if (entities.length === 0) return entities;
    const decisions = await permissions.authorize(
      entities.map(e => ({
        permission: hardeningEvidenceReadPermission,
        resourceRef: e.entityRef,
      })),
      { credentials },
    );
    return entities.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  }
}
