import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { hardeningPlugin } from './plugin';
import { newestMigrationVersion } from './__testUtils__/newestMigration';

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
