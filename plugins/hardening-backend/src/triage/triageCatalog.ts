import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { catalogCredentials, descendantGroupRefs, refOf } from '../catalog';

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

/**
 * Catalog look-ups of the triage routes, with {@link catalogCredentials}: users' own
 * (the catalog's visibility rules apply), the plugin's own for service callers, as in
 * entity access.
 */
export class TriageCatalog {
  constructor(
    private readonly options: {
      auth: AuthService;
      catalog: CatalogService;
      permissions: PermissionsService;
    },
  ) {}

  /** The entity (access was checked before), or a 404. */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await catalogCredentials(this.options.auth, credentials),
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
    const { auth, catalog, permissions } = this.options;
    const lookupCredentials = await catalogCredentials(auth, credentials);
    const group = await catalog.getEntityByRef(groupRef, {
      credentials: lookupCredentials,
    });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(`No group ${groupRef} in the catalog`);
    }

    const groupRefs = await descendantGroupRefs(
      catalog,
      group,
      groupRef,
      lookupCredentials,
    );

    const { items } = await catalog.getEntities(
      {
        filter: { [`relations.${RELATION_OWNED_BY}`]: [...groupRefs] },
        fields: ENTITY_FIELDS,
        order: [{ field: 'metadata.name', order: 'asc' }],
        limit: MAX_TEAM_ENTITIES,
      },
      { credentials: lookupCredentials },
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
