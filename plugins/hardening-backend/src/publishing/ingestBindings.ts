import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { descendantGroupRefs, ownerOf, refOf } from '../catalog';
import { AccessDecisionCache } from '../service/accessDecisionCache';
import { CiPublisher } from './ciPublisher';
import { IngestBinding, matchesAny } from './publishingSettings';

/** Shortest time a group's descendants are remembered, whatever the access cache TTL. */
const MIN_GROUP_TREE_TTL_MS = 30_000;

/**
 * `hardening.ingest.bindings`: which entities a service principal (by subject) or a CI
 * repository (by OIDC token) may write. An entity is covered by a binding when its ref is
 * listed, matches one of its patterns, or its owner is one of its groups or a group
 * below one of them (resolved through the catalog with the plugin's own credentials and
 * remembered briefly).
 */
export class IngestBindings {
  readonly #trees: AccessDecisionCache<Set<string>>;

  constructor(
    private readonly options: {
      bindings: readonly IngestBinding[];
      catalog: CatalogService;
      auth: AuthService;
      cacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.#trees = new AccessDecisionCache({
      ttlMs: Math.max(options.cacheTtlMs ?? 0, MIN_GROUP_TREE_TTL_MS),
      now: options.now,
    });
  }

  /** The bindings of a service principal's subject. */
  forSubject(subject: string): IngestBinding[] {
    return this.options.bindings.filter(
      b => 'subject' in b && b.subject === subject,
    );
  }

  /** The bindings naming a CI token's repository (compared ignoring case). */
  forRepository(publisher: CiPublisher): IngestBinding[] {
    const repository = publisher.repository.toLocaleLowerCase('en-US');
    return this.options.bindings.filter(
      b =>
        'repository' in b &&
        b.repository.toLocaleLowerCase('en-US') === repository &&
        (b.issuer === undefined || b.issuer === publisher.issuer),
    );
  }

  /** Whether one of `bindings` covers `entity`. */
  async cover(
    bindings: readonly IngestBinding[],
    entity: Entity,
  ): Promise<boolean> {
    const entityRef = refOf(entity);
    if (bindings.some(b => b.entityRefs.includes(entityRef))) return true;
    if (bindings.some(b => matchesAny(entityRef, b.patterns))) return true;
    const owner = ownerOf(entity);
    if (!owner) return false;
    for (const groupRef of new Set(bindings.flatMap(b => b.ownedBy))) {
      if ((await this.groupTree(groupRef)).has(owner)) return true;
    }
    return false;
  }

  private groupTree(groupRef: string): Promise<Set<string>> {
    return this.#trees.decide(groupRef, async () => {
      const { catalog, auth } = this.options;
      const credentials = await auth.getOwnServiceCredentials();
      const group = await catalog.getEntityByRef(groupRef, { credentials });
      // A group missing from the catalog still covers what names it as owner.
      if (!group) return new Set([groupRef]);
      return descendantGroupRefs(catalog, group, groupRef, credentials);
    });
  }
}
