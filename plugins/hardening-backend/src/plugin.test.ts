import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { hardeningPlugin } from './plugin';
import { newestMigrationVersion } from './__testUtils__/newestMigration';
import { githubClaims, startLocalIssuer } from './__testUtils__/localIssuer';
import { annotatedComponent } from './__testUtils__/publishingTestKit';

describe('hardening backend plugin', () => {
  it('migrates its database at start-up and reports the schema version on /health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        hardeningPlugin,
        mockServices.rootConfig.factory(),
        catalogServiceMock.factory(),
      ],
    });

    const res = await request(server)
      .get('/api/hardening/health')
      .set('Authorization', 'Bearer mock-none-token');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      schemaVersion: newestMigrationVersion(),
    });
  });

  it('refuses to start with an invalid hardening.repositoryReads, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          hardeningPlugin,
          mockServices.rootConfig.factory({
            data: {
              hardening: {
                repositoryReads: { allowedHosts: ['https://github.com'] },
              },
            },
          }),
          catalogServiceMock.factory(),
        ],
      }),
    ).rejects.toThrow(
      'Invalid hardening.repositoryReads configuration: hardening.repositoryReads.allowedHosts.0: "https://github.com" is not a host',
    );
  });

  it('answers 404 for routes it does not have', async () => {
    const { server } = await startTestBackend({
      features: [hardeningPlugin, catalogServiceMock.factory()],
    });
    const res = await request(server).get('/api/hardening/no-such-route');
    expect(res.status).toBe(404);
  });
});

describe('hardening backend plugin with trusted publishing', () => {
  const baseUrl = 'http://localhost:7007';
  const entity = '/api/hardening/entities/component/default/payments-api';
  const gates = { gates: [{ name: 'lint', status: 'passed' }] };

  /** The plugin behind the real HTTP router and credentials barrier; no token is no one. */
  const start = (ingest: JsonObject) =>
    startTestBackend({
      features: [
        hardeningPlugin,
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl }, hardening: { ingest } },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({
          entities: [
            annotatedComponent('payments-api', {
              'github.com/project-slug': 'northwind-freight/payments-api',
            }),
          ],
        }),
      ],
    });

  it('lets a CI token through the credentials barrier to the upload routes only, and nothing without credentials', async () => {
    const issuer = await startLocalIssuer();
    try {
      await issuer.addKey('k1');
      const bearer = `Bearer ${await issuer.sign(githubClaims(), {
        audience: baseUrl,
        now: new Date(),
      })}`;
      const ingest = {
        trustedPublishing: {
          issuers: [{ issuer: issuer.issuer, type: 'github' }],
        },
      };

      const closed = await start({});
      const refused = await request(closed.server)
        .post(`${entity}/ci-gates`)
        .set('authorization', bearer)
        .send(gates);
      expect(refused.status).toBe(401);
      await closed.stop();

      const open = await start(ingest);
      const { server } = open;
      const uploaded = await request(server)
        .post(`${entity}/ci-gates`)
        .set('authorization', bearer)
        .send(gates);
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.report.context.commit).toBe(githubClaims().sha);

      // Outside the upload paths Backstage's barrier refuses the token itself.
      const read = await request(server)
        .get(`${entity}/summary`)
        .set('authorization', bearer);
      expect(read.status).toBe(401);
      // Below them the plugin refuses it, and anything without credentials.
      const history = await request(server)
        .get(`${entity}/ci-gates`)
        .set('authorization', bearer);
      expect(history.status).toBe(403);
      for (const path of [
        `${entity}/ci-gates`,
        `${entity}/audit-chain/verify`,
      ]) {
        expect((await request(server).get(path)).status).toBe(401);
      }
      expect(
        (await request(server).post(`${entity}/ci-gates`).send(gates)).status,
      ).toBe(401);
      expect((await request(server).get('/api/hardening/health')).status).toBe(
        200,
      );
      await open.stop();
    } finally {
      await issuer.close();
    }
  });

  it('refuses to start with an invalid trusted publishing configuration', async () => {
    await expect(
      start({
        trustedPublishing: {
          issuers: [{ issuer: 'http://ci.example.com', type: 'github' }],
        },
      }),
    ).rejects.toThrow(
      'Invalid hardening.ingest.trustedPublishing configuration: hardening.ingest.trustedPublishing.issuers.0.issuer: "http://ci.example.com" must use https',
    );
  });
});
