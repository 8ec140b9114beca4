import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';
import { z } from 'zod';
import { AccessDecision, AccessDecisionCache } from './accessDecisionCache';

const namePart = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'is not a valid entity name part');

const entityParamsSchema = z.object({
  kind: namePart,
  namespace: namePart,
  name: namePart,
});

export type EntityAccess = {
  entityRef: string;
  credentials: BackstageCredentials;
};

/**
 * Guards every per-entity route, in this order and before any database access:
 * authenticate (401), validate the path (400), find the entity in the catalog with the
 * caller's own credentials (404, also when the caller may not see it), then check the
 * permission on that entity (403). Users look the entity up with their own credentials, so
 * the catalog's visibility rules apply; service callers (CI pipelines with external access
 * tokens) through the plugin's own service credentials, because Backstage does not let a
 * token restricted to this plugin be passed on to the catalog. The catalog and permission answers are remembered for
 * `accessCacheTtlMs` per caller (see AccessDecisionCache); authentication is not.
 */
export function createEntityAccessCheck(options: {
  auth: AuthService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  accessCacheTtlMs?: number;
  now?: () => number;
}) {
  const { auth, httpAuth, catalog, permissions } = options;
  const cache = new AccessDecisionCache({
    ttlMs: options.accessCacheTtlMs ?? 0,
    now: options.now,
  });

  async function lookUp(
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<AccessDecision> {
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: auth.isPrincipal(credentials, 'user')
        ? credentials
        : await auth.getOwnServiceCredentials(),
    });
    if (!entity) return 'not-found';
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW ? 'allowed' : 'denied';
  }

  return async function checkEntityAccess(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<EntityAccess> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const params = entityParamsSchema.safeParse(req.params);
    if (!params.success) {
      throw new InputError(
        `Invalid entity in path: ${params.error.issues
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; ')}`,
      );
    }
    const entityRef = stringifyEntityRef(params.data).toLocaleLowerCase(
      'en-US',
    );

    const principal = AccessDecisionCache.principalKey(credentials);
    const decision = await cache.decide(
      principal && `${principal}|${permission.name}|${entityRef}`,
      () => lookUp(entityRef, permission, credentials),
    );
    if (decision === 'not-found') {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    if (decision === 'denied') {
      throw new NotAllowedError(
        `Not allowed to ${
          permission.attributes.action ?? 'use'
        } hardening data of ${entityRef}`,
      );
    }
    return { entityRef, credentials };
  };
}

export type EntityAccessCheck = ReturnType<typeof createEntityAccessCheck>;
