import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
} from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { testEntity } from '../__testUtils__/routeTestKit';
import { createEntityAccessCheck } from './entityAccess';

const path = '/entities/component/default/payments-api';

/** An app whose one route runs the access check, over counting catalog and permissions. */
function setup(options: { ttlMs: number; allow?: boolean }) {
  let now = 1_000_000;
  let allow = options.allow ?? true;
  const catalog = catalogServiceMock({ entities: [testEntity] });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(
      async requests =>
        requests.map(() => ({
          result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        })) as DefinitivePolicyDecision[],
    ),
  });
  const checkEntityAccess = createEntityAccessCheck({
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    catalog,
    permissions,
    accessCacheTtlMs: options.ttlMs,
    now: () => now,
  });
  const router = Router();
  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const permission =
      req.query.write === '1'
        ? hardeningEvidenceCreatePermission
        : hardeningEvidenceReadPermission;
    const { entityRef } = await checkEntityAccess(req, permission);
    res.json({ entityRef });
  });
  const app = express().use(router).use(mockErrorHandler());
  return {
    app,
    getEntityByRef,
    authorize: permissions.authorize as jest.Mock,
    advance(ms: number) {
      now += ms;
    },
    setAllow(value: boolean) {
      allow = value;
    },
  };
}

describe('entity access check with the decision cache', () => {
  const ana = mockCredentials.user.header('user:default/ana');
  const bo = mockCredentials.user.header('user:default/bo');

  it('asks catalog and permissions once per caller, entity and permission within the TTL', async () => {
    const t = setup({ ttlMs: 5000 });
    for (let i = 0; i < 3; i++) {
      await request(t.app).get(path).set('authorization', ana).expect(200);
    }
    expect(t.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(t.authorize).toHaveBeenCalledTimes(1);

    // Another caller and another permission are separate decisions.
    await request(t.app).get(path).set('authorization', bo).expect(200);
    await request(t.app)
      .get(`${path}?write=1`)
      .set('authorization', ana)
      .expect(200);
    expect(t.authorize).toHaveBeenCalledTimes(3);
  });

  it('shares one lookup between concurrent requests', async () => {
    const t = setup({ ttlMs: 5000 });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        request(t.app).get(path).set('authorization', ana).expect(200),
      ),
    );
    expect(t.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('applies a revoked permission once the TTL has passed', async () => {
    const t = setup({ ttlMs: 5000 });
    await request(t.app).get(path).set('authorization', ana).expect(200);
    t.setAllow(false);
    t.advance(4999);
    await request(t.app).get(path).set('authorization', ana).expect(200);
    t.advance(2);
    await request(t.app).get(path).set('authorization', ana).expect(403);
    expect(t.authorize).toHaveBeenCalledTimes(2);
  });

  it('still authenticates every request', async () => {
    const t = setup({ ttlMs: 5000 });
    await request(t.app).get(path).set('authorization', ana).expect(200);
    await request(t.app).get(path).expect(401);
    await request(t.app)
      .get(path)
      .set('authorization', 'Bearer not-a-token')
      .expect(401);
    // Refused before the catalog was asked.
    expect(t.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed lookup', async () => {
    const t = setup({ ttlMs: 5000 });
    t.getEntityByRef.mockRejectedValueOnce(new Error('catalog down'));
    await request(t.app).get(path).set('authorization', ana).expect(500);
    await request(t.app).get(path).set('authorization', ana).expect(200);
    expect(t.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('looks up every time with TTL 0', async () => {
    const t = setup({ ttlMs: 0 });
    await request(t.app).get(path).set('authorization', ana).expect(200);
    await request(t.app).get(path).set('authorization', ana).expect(200);
    expect(t.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('looks entities up for users with their own credentials and for services with the plugin credentials', async () => {
    const t = setup({ ttlMs: 0 });
    await request(t.app).get(path).set('authorization', ana).expect(200);
    await request(t.app)
      .get(path)
      .set('authorization', mockCredentials.service.header())
      .expect(200);
    const [userCall, serviceCall] = t.getEntityByRef.mock.calls.map(
      call => (call[1] as { credentials: BackstageCredentials }).credentials,
    );
    expect(userCall.principal).toMatchObject({
      type: 'user',
      userEntityRef: 'user:default/ana',
    });
    // A token restricted to this plugin may not be passed on to the catalog.
    expect(serviceCall.principal).toMatchObject({
      type: 'service',
      subject: 'plugin:test',
    });
  });

  it('remembers a missing entity as 404 for the TTL', async () => {
    const t = setup({ ttlMs: 5000 });
    const missing = '/entities/component/default/nope';
    await request(t.app).get(missing).set('authorization', ana).expect(404);
    await request(t.app).get(missing).set('authorization', ana).expect(404);
    expect(t.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(t.authorize).not.toHaveBeenCalled();
  });
});
