import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * An entity ref lower-cased, as the plugin stores and compares refs. `toLowerCase()`
 * gives what `toLocaleLowerCase('en-US')` gives on every string (English has no special
 * casings), without the locale look-up that made it the costliest step of converting
 * 5,000 catalog entities.
 */
export function lowerRef(ref: string): string {
  return ref.toLowerCase();
}

/** The entity's ref, lower-cased as the plugin stores it. */
export function refOf(entity: Entity): string {
  return lowerRef(stringifyEntityRef(entity));
}

/** The owner's ref: `spec.owner` (a group unless it says otherwise), else `ownedBy`. */
export function ownerOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner === 'string' && owner) {
    try {
      return lowerRef(
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
  return relation ? lowerRef(relation.targetRef) : undefined;
}
