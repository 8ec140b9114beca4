import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  EvidenceKind,
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
} from '@hardening/backstage-plugin-hardening-common';
import { Request } from 'express';
import { catalogCredentials } from '../catalog';
import { CiPublisher } from '../publishing/ciPublisher';
import { IngestBindings } from '../publishing/ingestBindings';
import {
  publisherEntityRefusal,
  refRuleRefusal,
  repositoryMismatch,
} from '../publishing/publisherAccess';
import { bindUploadContextToPublisher } from '../publishing/publisherContext';
import { IngestBinding } from '../publishing/publishingSettings';
import { TrustedPublisherVerifier } from '../publishing/trustedPublisherVerifier';
import { isChainRead, uploadKindOf } from '../publishing/uploadRoutes';
import { AccessDecision, AccessDecisionCache } from './accessDecisionCache';
import { entityRefParam } from './routeParams';

export type EntityAccess = {
  entityRef: string;
  /**
   * The caller's Backstage credentials. For a CI token these are "none" credentials,
   * which carry no authority should they be passed on.
   */
  credentials: BackstageCredentials;
  /** The CI job, when the caller authenticated with its CI system's OIDC token. */
  publisher?: CiPublisher;
};

const isWrite = (permission: ResourcePermission<'catalog-entity'>) =>
  permission.attributes.action !== 'read';

/**
 * Guards every per-entity route, in this order and before any database access:
 * authenticate (401), validate the path (400), find the entity in the catalog (404, also
 * when the caller may not see it), then check that the caller may do this to that entity
 * (403).
 *
 * - Users look the entity up with their own credentials, so the catalog's visibility rules
 *   apply, and the permission policy decides.
 * - Service callers (external access tokens, other plugins) look it up with the plugin's
 *   own credentials, because Backstage does not let a token restricted to this plugin be
 *   passed on to the catalog. A write (anything but `hardening.evidence.read`) also needs a
 *   `hardening.ingest.bindings` entry for the service's subject that covers the entity;
 *   then the permission framework applies the token's `accessRestrictions`. A service
 *   that may upload an entity's evidence (bound to it, allowed `hardening.evidence.create`
 *   on it) may also read its stored audit chain, to continue a chain file from it.
 * - CI jobs with their CI system's OIDC token (trusted publishing) may only upload evidence
 *   and read the stored audit chain, of entities whose repository annotations name the
 *   token's repository (and that the repository's bindings, if any, cover), within the
 *   configured ref rules; an upload's CI context is then bound to the token's claims. An
 *   entity that does not exist and one of another repository get the same 403, so a token
 *   cannot tell which entities exist or which repository they belong to.
 *
 * The catalog and permission answers are remembered for `accessCacheTtlMs` per caller
 * (see AccessDecisionCache); authentication is not.
 */
export function createEntityAccessCheck(options: {
  auth: AuthService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  accessCacheTtlMs?: number;
  now?: () => number;
  /** Trusted publishing; absent when no issuer is configured. */
  publishers?: TrustedPublisherVerifier;
  /** `hardening.ingest.bindings`; none when absent, so services then write nothing. */
  bindings?: readonly IngestBinding[];
  /** Why CI tokens were refused an entity, at debug level (their answer does not say). */
  logger?: LoggerService;
}) {
  const { auth, httpAuth, catalog, permissions, publishers, logger } = options;
  const cache = new AccessDecisionCache({
    ttlMs: options.accessCacheTtlMs ?? 0,
    now: options.now,
  });
  const bindings = new IngestBindings({
    bindings: options.bindings ?? [],
    catalog,
    auth,
    cacheTtlMs: options.accessCacheTtlMs,
    now: options.now,
  });

  async function decideForCredentials(
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<AccessDecision> {
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await catalogCredentials(auth, credentials),
    });
    if (!entity) return 'not-found';
    if (!auth.isPrincipal(credentials, 'user') && isWrite(permission)) {
      const subject =
        (credentials.principal as { subject?: string }).subject ?? 'unknown';
      if (!(await bindings.cover(bindings.forSubject(subject), entity))) {
        return {
          refused: `Service subject ${subject} has no hardening.ingest.bindings entry for ${entityRef}: add one with subject ${subject} naming the entity, a pattern matching it or its owner group`,
        };
      }
    }
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW ? 'allowed' : 'denied';
  }

  async function decideForPublisher(
    entityRef: string,
    publisher: CiPublisher,
  ): Promise<AccessDecision> {
    const issuers = publishers?.issuers ?? [];
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    const mismatch = entity
      ? repositoryMismatch(publisher, entity, issuers)
      : 'no such entity in the catalog';
    if (!entity || mismatch) {
      logger?.debug(
        `Trusted publishing: refused ${publisher.subject} (${publisher.issuer}) access to ${entityRef}: ${mismatch}`,
      );
      return { refused: publisherEntityRefusal(publisher, entityRef, issuers) };
    }
    const bound = bindings.forRepository(publisher);
    if (bound.length > 0 && !(await bindings.cover(bound, entity))) {
      return {
        refused: `The hardening.ingest.bindings entries of repository ${publisher.repository} do not cover ${entityRef}: add it to one of them`,
      };
    }
    return 'allowed';
  }

  function enforce(
    decision: AccessDecision,
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
  ) {
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
    if (typeof decision === 'object') {
      throw new NotAllowedError(decision.refused);
    }
  }

  /** What a CI token may do on this route: upload `kind`, or read the audit chain. */
  function publisherUse(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): { kind: EvidenceKind; read: boolean } | undefined {
    if (permission.name === hardeningEvidenceCreatePermission.name) {
      const kind = uploadKindOf(req);
      return kind && { kind, read: false };
    }
    if (
      permission.name === hardeningEvidenceReadPermission.name &&
      isChainRead(req)
    ) {
      return { kind: 'audit-chain', read: true };
    }
    return undefined;
  }

  async function checkPublisherAccess(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    publisher: CiPublisher,
  ): Promise<EntityAccess> {
    const use = publisherUse(req, permission);
    if (!use) {
      throw new NotAllowedError(
        `A CI token (${publisher.subject}) may only upload evidence and read the audit chain of its entity; ${req.method} ${req.path} needs a Backstage token allowed ${permission.name}`,
      );
    }
    const { kind } = use;
    const key = [
      'ci',
      publisher.issuer,
      publisher.repository.toLocaleLowerCase('en-US'),
      publisher.repositoryId ?? '',
      entityRef,
    ].join('|');
    enforce(
      await cache.decide(key, () => decideForPublisher(entityRef, publisher)),
      entityRef,
      permission,
    );
    const refusal = refRuleRefusal(
      publisher,
      kind,
      publishers?.settings.refRules ?? [],
    );
    if (refusal) {
      throw new NotAllowedError(
        use.read
          ? `Not allowed to read the audit chain of ${entityRef} (a CI token may read it where it may upload it): ${refusal}`
          : `Not allowed to upload ${kind} evidence of ${entityRef}: ${refusal}`,
      );
    }
    if (!use.read) bindUploadContextToPublisher(req, publisher);
    return {
      entityRef,
      credentials: await auth.getNoneCredentials(),
      publisher,
    };
  }

  /**
   * The checks of a user or service caller known by its credentials: the catalog
   * look-up (404), the service's binding for writes and the permission (403). The routes
   * use it after authenticating the request; the actions use it with the credentials the
   * actions registry hands them, so an action can do no more than its caller's routes.
   * `chainRead` lets a service that may upload the entity's chain read it.
   */
  async function checkCredentials(
    credentials: BackstageCredentials,
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    use: { chainRead?: boolean } = {},
  ): Promise<EntityAccess> {
    if (
      !auth.isPrincipal(credentials, 'user') &&
      !auth.isPrincipal(credentials, 'service')
    ) {
      throw new NotAllowedError(
        `Hardening data of ${entityRef} needs a signed-in user or a service`,
      );
    }
    const principal = AccessDecisionCache.principalKey(credentials);
    const decide = (asked: ResourcePermission<'catalog-entity'>) =>
      cache.decide(principal && `${principal}|${asked.name}|${entityRef}`, () =>
        decideForCredentials(entityRef, asked, credentials),
      );
    let decision = await decide(permission);
    if (
      decision === 'denied' &&
      use.chainRead &&
      !auth.isPrincipal(credentials, 'user')
    ) {
      // A service that may upload the entity's chain may read it (to continue from it).
      decision =
        (await decide(hardeningEvidenceCreatePermission)) === 'allowed'
          ? 'allowed'
          : {
              refused: `Not allowed to read the audit chain of ${entityRef}: a service needs hardening.evidence.read, or hardening.evidence.create on the entity and a hardening.ingest.bindings entry for its subject that covers it`,
            };
    }
    enforce(decision, entityRef, permission);
    return { entityRef, credentials };
  }

  async function checkEntityAccess(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<EntityAccess> {
    const publisher = await publishers?.publisherOf(req);
    const credentials = publisher
      ? undefined
      : await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const entityRef = entityRefParam(req);
    if (publisher) {
      return checkPublisherAccess(req, permission, entityRef, publisher);
    }
    return checkCredentials(credentials!, entityRef, permission, {
      chainRead: isChainRead(req),
    });
  }

  return Object.assign(checkEntityAccess, { forCredentials: checkCredentials });
}

export type EntityAccessCheck = ReturnType<typeof createEntityAccessCheck>;
