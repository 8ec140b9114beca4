import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  CacheService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import express from 'express';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { readPublishingSettings } from '../publishing/publishingSettings';
import { TrustedPublisherVerifier } from '../publishing/trustedPublisherVerifier';
import { createRouter } from '../service/router';
import { createRouteTestKit } from './routeTestKit';

export { group } from './triageFixtures';

/** The backend's base URL in publishing tests; its origin is the default audience. */
export const BACKEND_BASE_URL = 'https://backstage.example.com';

/** A Component annotated with its repository, owned by `owner`. */
export function annotatedComponent(
  name: string,
  annotations: Record<string, string>,
  owner = 'group:default/team-payments',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

/** An in-memory core cache service, as the backend's default memory store gives it. */
export function memoryCache(): CacheService {
  return CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('hardening');
}

/**
 * The plugin's whole router (with its publishing gate and audit wrapper) over the kit's
 * database and auditor, `hardening.ingest` read from `ingest` by the real settings code,
 * a catalog holding `entities`, permissions that allow (unless `permissions` are given),
 * and Backstage requests without a token unauthenticated. `now()` is the verifier's clock
 * (the kit's time by default).
 */
export async function createPublishingApp(
  kit: ReturnType<typeof createRouteTestKit>,
  options: {
    ingest: JsonObject;
    entities: Entity[];
    now?: () => number;
    cache?: CacheService;
    permissions?: PermissionsService;
    logger?: LoggerService;
  },
) {
  const settings = readPublishingSettings(
    new ConfigReader({
      backend: { baseUrl: `${BACKEND_BASE_URL}/` },
      hardening: { ingest: options.ingest },
    }),
  );
  const publishers = settings.trustedPublishing
    ? new TrustedPublisherVerifier(settings.trustedPublishing, {
        cache: options.cache ?? memoryCache(),
        now: options.now ?? (() => kit.now.getTime()),
      })
    : undefined;
  const catalog = catalogServiceMock({ entities: options.entities });
  const router = await createRouter({
    database: kit.knex,
    store: new DatabaseEvidenceStore(kit.knex),
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    catalog,
    permissions:
      options.permissions ??
      mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    logger: options.logger,
    auditor: kit.auditor,
    maxUploadBytes: 1024 * 1024,
    clock: () => kit.now,
    publishers,
    bindings: settings.bindings,
  });
  return {
    app: express().use(router).use(mockErrorHandler()),
    catalog,
    publishers,
  };
}
