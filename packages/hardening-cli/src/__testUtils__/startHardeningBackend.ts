import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import hardeningPlugin from '@hardening/backstage-plugin-hardening-backend';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/** The entity the end-to-end tests upload evidence for. */
export const E2E_ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    // The repository CI OIDC tokens must name to upload its evidence.
    annotations: {
      'github.com/project-slug': 'northwind/payments-api',
      'gitlab.com/project-slug': 'northwind/payments-api',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-payments',
    lifecycle: 'production',
  },
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real Backstage backend with the Hardening plugin: the production HTTP server,
 * auth and error handling, SQLite in memory, an in-memory catalog holding
 * {@link E2E_ENTITY}, and a static external access token restricted to the plugin and
 * bound to that entity (`hardening.ingest.bindings`), as CI pipelines use. Permissions
 * are allowed (the portal's policy is not under test).
 */
export async function startHardeningBackend(
  options: {
    /** `hardening.ingest.trustedPublishing`, to accept CI OIDC tokens. */
    trustedPublishing?: JsonObject;
    /** `hardening.transparency`: signing key, witnesses, freezeRequiresWitnesses. */
    transparency?: JsonObject;
  } = {},
) {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token, subject: 'ci-evidence-upload' },
                accessRestrictions: [{ plugin: 'hardening' }],
              },
            ],
          },
        },
        // Service principals write only the entities bound to them.
        hardening: {
          ingest: {
            bindings: [
              {
                subject: 'ci-evidence-upload',
                entities: ['component:default/payments-api'],
              },
            ],
            ...(options.trustedPublishing
              ? { trustedPublishing: options.trustedPublishing }
              : {}),
          },
          ...(options.transparency
            ? { transparency: options.transparency }
            : {}),
        },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'error' }));
  backend.add(mockServices.permissions.factory());
  backend.add(catalogServiceMock.factory({ entities: [E2E_ENTITY] }));
  backend.add(hardeningPlugin);
  // The plugin's own database client (the one its routes use), for tests that play
  // someone with access to the database.
  let database: DatabaseService | undefined;
  backend.add(
    createBackendModule({
      pluginId: 'hardening',
      moduleId: 'e2e-database-access',
      register(env) {
        env.registerInit({
          deps: { db: coreServices.database },
          async init({ db }) {
            database = db;
          },
        });
      },
    }),
  );
  await backend.start();

  const origin = `http://127.0.0.1:${port}`;
  const entityApi = `${origin}/api/hardening/entities/component/default/payments-api`;
  return {
    origin,
    token,
    /** GETs a path under the entity with the CI token and returns the JSON. */
    async get(path: string): Promise<any> {
      const res = await fetch(`${entityApi}/${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok)
        throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    /** The Hardening plugin's database, as its routes use it. */
    database: () => database!.getClient(),
    stop: () => backend.stop(),
  };
}
