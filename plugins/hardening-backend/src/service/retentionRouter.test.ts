import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import { createRetentionRouter } from './retentionRouter';

describe('GET /retention/missing-entities', () => {
  const kit = createRouteTestKit();
  const app = (allow: boolean) =>
    express()
      .use(
        createRetentionRouter({
          database: kit.knex,
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.user('user:default/ana'),
          }),
          permissions: mockServices.permissions({
            result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          }),
          removedEntityGraceDays: 30,
        }),
      )
      .use(mockErrorHandler());

  beforeAll(() => kit.setup());
  beforeEach(() => kit.clear('retention_missing_entities'));

  it('lists the entities missing from the catalog, with when their evidence goes', async () => {
    await kit.knex('retention_missing_entities').insert([
      {
        entity_ref: 'component:default/ledger',
        missing_since: new Date('2026-10-01T00:00:00Z'),
        checked_at: new Date('2026-11-20T00:00:00Z'),
        pruned_at: new Date('2026-11-01T00:00:00Z'),
        pruned_reports: 12,
      },
      {
        entity_ref: 'component:default/old-billing',
        missing_since: new Date('2026-11-10T00:00:00Z'),
        checked_at: new Date('2026-11-20T00:00:00Z'),
        pruned_reports: 0,
      },
    ]);
    const res = await request(app(true)).get('/retention/missing-entities');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      removedEntityGraceDays: 30,
      items: [
        {
          entityRef: 'component:default/ledger',
          missingSince: '2026-10-01T00:00:00.000Z',
          pruneAfter: '2026-10-31T00:00:00.000Z',
          prunedAt: '2026-11-01T00:00:00.000Z',
          prunedReports: 12,
        },
        {
          entityRef: 'component:default/old-billing',
          missingSince: '2026-11-10T00:00:00.000Z',
          pruneAfter: '2026-12-10T00:00:00.000Z',
          prunedReports: 0,
        },
      ],
    });
  });

  it('needs hardening.retention.read, and refuses unknown query parameters', async () => {
    const refused = await request(app(false)).get(
      '/retention/missing-entities',
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('hardening.retention.read');
    const bad = await request(app(true))
      .get('/retention/missing-entities')
      .query({ limit: '5' });
    expect(bad.status).toBe(400);
  });
});
