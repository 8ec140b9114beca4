import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, RELATION_PARENT_OF } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { lowerRef } from './entityRefs';

/** Deepest group nesting followed below a group. */
export const MAX_GROUP_DEPTH = 10;
/** Most groups a group resolves to (itself and its descendants). */
export const MAX_GROUP_TREE = 500;

/**
 * The lower-cased refs of `group` and every group below it, following `parentOf` one
 * catalog call per level, at most {@link MAX_GROUP_DEPTH} levels and
 * {@link MAX_GROUP_TREE} groups (a cycle ends where it closes).
 */
export async function descendantGroupRefs(
  catalog: CatalogService,
  group: Entity,
  groupRef: string,
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const groupRefs = new Set([lowerRef(groupRef)]);
  let level: Entity[] = [group];
  for (let depth = 0; depth < MAX_GROUP_DEPTH && level.length; depth += 1) {
    const children = level
      .flatMap(g => g.relations ?? [])
      .filter(r => r.type === RELATION_PARENT_OF)
      .map(r => lowerRef(r.targetRef))
      .filter(ref => !groupRefs.has(ref))
      .slice(0, MAX_GROUP_TREE - groupRefs.size);
    if (children.length === 0) break;
    children.forEach(ref => groupRefs.add(ref));
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: [...new Set(children)],
        fields: ['kind', 'metadata', 'relations'],
      },
      { credentials },
    );
    level = items.filter((e): e is Entity => Boolean(e));
  }
  return groupRefs;
}
