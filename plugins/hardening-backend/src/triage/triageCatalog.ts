import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { descendantGroupRefs } from '../service/groupDescendants';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Most entities a team queue covers. */
export const MAX_TEAM_ENTITIES = 1000;

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'relations',
];

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The entity's ref, lower-cased as the plugin stores it. */
export function refOf(entity: Entity): string {
  return lower(stringifyEntityRef(entity));
}

/** The owner's ref: `spec.owner` (a group unless it says otherwise), else `ownedBy`. */
export function ownerOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner === 'string' && owner) {
    try {
      return lower(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      // fall through to the relation
    }
  }
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  return relation ? lower(relation.targetRef) : undefined;
}

/**
 * Catalog look-ups of the triage routes. Users look entities up with their own
 * credentials (the catalog's visibility rules apply); service callers with the plugin's
 * own, as in entity access.
 */
export class TriageCatalog {
  constructor(
    private readonly options: {
      auth: AuthService;
      catalog: CatalogService;
      permissions: PermissionsService;
    },
  ) {}

  private async catalogCredentials(credentials: BackstageCredentials) {
    const { auth } = this.options;
    return auth.isPrincipal(credentials, 'user')
      ? credentials
      : auth.getOwnServiceCredentials();
  }

  /** The entity (access was checked before), or a 404. */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.catalogCredentials(credentials),
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }

  /**
   * The entities a team owns: those owned by the group or any group below it (see
   * {@link descendantGroupRefs}), found in one catalog query, and of those the
   * ones the caller may use with `permission` (one batched authorization).
   */
  async teamEntities(
    groupRef: string,
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{ groupRefs: string[]; entities: Entity[] }> {
    const { catalog, permissions } = this.options;
    const catalogCredentials = await this.catalogCredentials(credentials);
    const group = await catalog.getEntityByRef(groupRef, {
      credentials: catalogCredentials,
    });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(`No group ${groupRef} in the catalog`);
    }

    const groupRefs = await descendantGroupRefs(
      catalog,
      group,
      groupRef,
      catalogCredentials,
    );

    const { items } = await catalog.getEntities(
      {
        filter: { [`relations.${RELATION_OWNED_BY}`]: [...groupRefs] },
        fields: ENTITY_FIELDS,
        order: [{ field: 'metadata.name', order: 'asc' }],
        limit: MAX_TEAM_ENTITIES,
      },
      { credentials: catalogCredentials },
    );
    const owned = items.filter(
      e => !['group', 'user'].includes(e.kind.toLocaleLowerCase('en-US')),
    );
    if (owned.length === 0) {
      return { groupRefs: [...groupRefs], entities: [] };
    }
    const decisions = await permissions.authorize(
      owned.map(e => ({ permission, resourceRef: refOf(e) })),
      { credentials },
    );
    return {
      groupRefs: [...groupRefs],
      entities: owned.filter(
        (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
      ),
    };
  }
}
