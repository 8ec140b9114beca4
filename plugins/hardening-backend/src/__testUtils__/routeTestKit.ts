import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { applyDatabaseMigrations } from '../database/migrations';
import {
  createEntityAccessCheck,
  EntityAccessCheck,
} from '../service/entityAccess';

/** The catalog entity route tests upload evidence for. */
export const testEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/team-payments',
    lifecycle: 'production',
  },
};

/** Path prefix of {@link testEntity}'s routes. */
export const testEntityPath = '/entities/component/default/payments-api';

export type RouteDeps = {
  knex: Knex;
  store: DatabaseEvidenceStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  clock: () => Date;
};

/**
 * Everything a router test needs: a migrated database (SQLite unless `database` names
 * another, e.g. from createTestDatabases), the real store, a mocked
 * auditor whose events are recorded, the real entity access check over mocked auth,
 * catalog (holding {@link testEntity}) and permissions, and a fixed clock.
 *
 * Call `kit.setup()` in `beforeAll`; `kit.app(createMyRouter, { allow: false })` gives
 * an express app with Backstage's error handling.
 */
export function createRouteTestKit(
  options: { now?: Date; entities?: Entity[]; database?: TestDatabaseId } = {},
) {
  const databaseId = options.database ?? 'SQLITE_3';
  const databases = TestDatabases.create({ ids: [databaseId] });
  const now = options.now ?? new Date('2026-11-20T12:00:00.000Z');
  const auditSuccess = jest.fn();
  const auditFail = jest.fn();
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({
      success: auditSuccess,
      fail: auditFail,
    })),
  });
  let knex: Knex | undefined;

  const kit = {
    now,
    auditor,
    auditSuccess,
    auditFail,
    get knex(): Knex {
      if (!knex) throw new Error('call kit.setup() in beforeAll first');
      return knex;
    },
    async setup() {
      knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
    },
    /** Deletes every row of the given tables (children first). */
    async clear(...tables: string[]) {
      for (const table of tables) {
        await kit.knex(table).delete();
      }
    },
    async count(table: string): Promise<number> {
      const [{ n }] = await kit.knex(table).count({ n: '*' });
      return Number(n);
    },
    deps(allow = true): RouteDeps {
      return {
        knex: kit.knex,
        store: new DatabaseEvidenceStore(kit.knex),
        auditor,
        clock: () => now,
        checkEntityAccess: createEntityAccessCheck({
          auth: mockServices.auth(),
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.user('user:default/ana'),
          }),
          catalog: catalogServiceMock({
            entities: options.entities ?? [testEntity],
          }),
          permissions: mockServices.permissions({
            result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          }),
        }),
      };
    },
    app(
      createRouter: (deps: RouteDeps) => express.Router,
      appOptions: { allow?: boolean } = {},
    ): express.Express {
      return express()
        .use(createRouter(kit.deps(appOptions.allow ?? true)))
        .use(mockErrorHandler());
    },
  };
  return kit;
}
