import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { hardeningPlugin } from '../plugin';
import { createTestDatabases } from './testDatabases';
import { fakeUrlReader, triageEntities } from './triageFixtures';

/** May do anything to every entity (the portal lets owners manage their entities). */
export const OWNER = 'user:default/owner';
/** May read every entity's hardening data, manage none. */
export const VIEWER = 'user:default/viewer';

/** Reads for everyone; any other permission only for {@link OWNER} and for services. */
function decide(permission: Permission, principal: unknown) {
  const p = principal as { type?: string; userEntityRef?: string };
  const read =
    isResourcePermission(permission) && permission.attributes.action === 'read';
  const allowed = read || p.type === 'service' || p.userEntityRef === OWNER;
  return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
}

const permissions = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) =>
    requests.map(r => decide(r.permission, credentials.principal)) as any,
  authorizeConditional: async (requests, { credentials }) =>
    requests.map(r => decide(r.permission, credentials.principal)) as any,
});

export const ACTIONS_PATH = '/api/hardening/.backstage/actions/v1/actions';

export type ActionCaller = string | 'service';

/**
 * The whole plugin on one test database behind the real actions registry (what the MCP
 * actions plugin calls through the actions service), with the triage entities in the
 * catalog and {@link decide} as the permission policy.
 */
export function createActionTestKit() {
  const { databases, ids } = createTestDatabases();

  async function start(databaseId: TestDatabaseId) {
    const knex: Knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        hardeningPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: triageEntities }),
        permissions.factory,
        fakeUrlReader().factory,
        mockServices.rootConfig.factory({
          data: { backend: { actions: { pluginSources: ['hardening'] } } },
        }),
      ],
    });
    const header = (caller: ActionCaller) =>
      caller === 'service'
        ? mockCredentials.service.header()
        : mockCredentials.user.header(caller);
    return {
      knex,
      server: backend.server,
      stop: () => backend.stop(),
      /** Invokes `hardening:<name>` as `caller`, as the actions service does. */
      invoke: (name: string, input: object, caller: ActionCaller = OWNER) =>
        request(backend.server)
          .post(`${ACTIONS_PATH}/hardening:${name}/invoke`)
          .set('authorization', header(caller))
          .send(input),
      /** A GET of a plugin route as `caller`. */
      get: (path: string, caller: ActionCaller = OWNER) =>
        request(backend.server)
          .get(`/api/hardening${path}`)
          .set('authorization', header(caller)),
      list: (caller: ActionCaller = OWNER) =>
        request(backend.server)
          .get(ACTIONS_PATH)
          .set('authorization', header(caller)),
      count: async (table: string) =>
        Number((await knex(table).count({ n: '*' }).first())?.n ?? Number.NaN),
    };
  }

  return { ids, start };
}

export type ActionTestBackend = Awaited<
  ReturnType<ReturnType<typeof createActionTestKit>['start']>
>;
