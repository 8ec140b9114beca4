import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityScorecardResponse,
  GroupScorecardResponse,
  OrgScorecardResponse,
} from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import request from 'supertest';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import {
  catalogWithVisibility,
  conditionalPermissions,
  orgEntities,
  storeOrgEvidence,
} from '../__testUtils__/scorecardFixtures';
import { createScorecardServices } from '../scorecard/scorecardServices';
import { takeScorecardSnapshot } from '../scorecard/scorecardSnapshots';
import { createEntityAccessCheck } from './entityAccess';
import { createScorecardRouter } from './scorecardRouter';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-20T12:00:00.000Z');
const kit = createRouteTestKit({ now: NOW });
const OUTSIDER = mockCredentials.user.header('user:default/outsider');

function setUp(
  permissions: PermissionsService = mockServices.permissions({
    result: AuthorizeResult.ALLOW,
  }),
  clock = () => NOW,
) {
  const catalog = catalogWithVisibility(orgEntities);
  const auth = mockServices.auth();
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.user('user:default/ana'),
  });
  const services = createScorecardServices({
    database: kit.knex,
    auth,
    catalog,
    permissions,
    clock,
  });
  const app = express()
    .use(
      createScorecardRouter({
        scorecards: services.service,
        httpAuth,
        checkEntityAccess: createEntityAccessCheck({
          auth,
          httpAuth,
          catalog,
          permissions,
        }),
      }),
    )
    .use(mockErrorHandler());
  return { app, services, auth };
}

const refs = (items: Array<{ entityRef: string }>) =>
  items.map(i => i.entityRef).sort();

describe('scorecard routes', () => {
  beforeAll(async () => {
    await kit.setup();
    await storeOrgEvidence(kit.knex, NOW);
  });

  describe('GET /scorecards/entities/{kind}/{namespace}/{name}', () => {
    it('gives the level, the metrics and nothing missing for an entity at the top level', async () => {
      const res = await request(setUp().app).get(
        '/scorecards/entities/component/default/payments-api',
      );
      expect(res.status).toBe(200);
      const body: EntityScorecardResponse = res.body;
      expect(body.scorecard).toMatchObject({
        entityRef: 'component:default/payments-api',
        title: 'Payments API, "core"',
        owner: 'group:default/payments',
        system: 'system:default/payments',
        tier: '1',
        lifecycle: 'production',
        level: { id: 'gold', title: 'Gold' },
        rank: 3,
        nextLevel: null,
        missingForNextLevel: [],
      });
      expect(body.scorecard.metrics).toMatchObject({
        freezeState: 'frozen',
        daysSinceFreeze: 2,
        releaseChainVerified: true,
        validationFailed: 0,
      });
      expect(body.levels.map(l => l.id)).toEqual(['bronze', 'silver', 'gold']);
      expect(body.computedAt).toBe(NOW.toISOString());
    });

    it('says why an entity misses the next level', async () => {
      const res = await request(setUp().app).get(
        '/scorecards/entities/component/default/ledger-service',
      );
      expect(res.body.scorecard).toMatchObject({
        level: { id: 'bronze' },
        nextLevel: { id: 'silver' },
        missingForNextLevel: [
          'Contract gate pass rate is 50%, needs at least 90%',
          'Stress run within thresholds: no evidence yet (needs yes)',
        ],
      });
    });

    it('answers 401, 400, 404 (also for what the catalog hides) and 403', async () => {
      const { app } = setUp();
      expect(
        (
          await request(app)
            .get('/scorecards/entities/component/default/payments-api')
            .set('authorization', mockCredentials.none.header())
        ).status,
      ).toBe(401);
      expect(
        (await request(app).get('/scorecards/entities/component/default/x%20y'))
          .status,
      ).toBe(400);
      expect(
        (await request(app).get('/scorecards/entities/component/default/nope'))
          .status,
      ).toBe(404);
      expect(
        (
          await request(app)
            .get('/scorecards/entities/component/default/vault-service')
            .set('authorization', OUTSIDER)
        ).status,
      ).toBe(404);
      const denied = setUp(
        mockServices.permissions({ result: AuthorizeResult.DENY }),
      );
      expect(
        (
          await request(denied.app).get(
            '/scorecards/entities/component/default/payments-api',
          )
        ).status,
      ).toBe(403);
    });
  });

  describe('GET /scorecards/groups/{namespace}/{name}', () => {
    it('rolls a group up through its child groups at every depth', async () => {
      const res = await request(setUp().app).get(
        '/scorecards/groups/default/platform',
      );
      expect(res.status).toBe(200);
      const body: GroupScorecardResponse = res.body;
      expect(body.group).toMatchObject({
        groupRef: 'group:default/platform',
        title: 'Team platform',
        childGroupRefs: ['group:default/identity', 'group:default/payments'],
        entities: 4,
        directEntities: 0,
        levels: { none: 1, bronze: 2, silver: 0, gold: 1 },
      });
      expect(body.group.averages).toMatchObject({
        rank: 1.25,
        contractGatePassRate: round((1 + 0.5 + 0.5) / 3),
        frozenShare: 0.25,
        requiredGatesGreenShare: 0.75,
      });
      expect(
        body.childGroups.map(g => [g.groupRef, g.entities, g.directEntities]),
      ).toEqual([
        ['group:default/identity', 1, 1],
        // payments owns payments-api, and its sub-team the ledger and vault services.
        ['group:default/payments', 3, 1],
      ]);
      expect(refs(body.entities)).toEqual([
        'component:default/identity-service',
        'component:default/ledger-service',
        'component:default/payments-api',
        'component:default/vault-service',
      ]);
    });

    it('leaves out what the catalog hides from the caller', async () => {
      const res = await request(setUp().app)
        .get('/scorecards/groups/default/payments')
        .set('authorization', OUTSIDER);
      expect(res.status).toBe(200);
      expect(res.body.group.entities).toBe(2);
      expect(refs(res.body.entities)).toEqual([
        'component:default/ledger-service',
        'component:default/payments-api',
      ]);
      expect(res.body.childGroups[0]).toMatchObject({
        groupRef: 'group:default/payments-ledger',
        entities: 1,
      });
    });

    it('answers 404 for an unknown group and 400 for a bad path or query', async () => {
      const { app } = setUp();
      expect(
        (await request(app).get('/scorecards/groups/default/nobody')).status,
      ).toBe(404);
      expect(
        (await request(app).get('/scorecards/groups/default/bad%20name'))
          .status,
      ).toBe(400);
      expect(
        (await request(app).get('/scorecards/groups/default/platform?weeks=99'))
          .status,
      ).toBe(400);
      expect(
        (await request(app).get('/scorecards/groups/default/platform?page=2'))
          .status,
      ).toBe(400);
    });
  });

  describe('GET /scorecards/org', () => {
    it('ranks the teams owning entities by their roll-ups and pages the entity table', async () => {
      const res = await request(setUp().app).get(
        '/scorecards/org?sort=entity&order=asc&limit=2&offset=1',
      );
      expect(res.status).toBe(200);
      const body: OrgScorecardResponse = res.body;
      expect(body.teams.map(t => [t.position, t.groupRef, t.entities])).toEqual(
        [
          [1, 'group:default/payments', 3],
          [2, 'group:default/payments-ledger', 2],
          [3, 'group:default/identity', 1],
        ],
      );
      expect(body.overall).toMatchObject({
        entities: 4,
        levels: { none: 1, bronze: 2, silver: 0, gold: 1 },
      });
      expect(body.entities.totalCount).toBe(4);
      expect(body.entities.items.map(i => i.entityRef)).toEqual([
        'component:default/ledger-service',
        'component:default/payments-api',
      ]);
      expect(body.filterOptions).toEqual({
        systems: ['system:default/identity', 'system:default/payments'],
        tiers: ['1', '2'],
        lifecycles: ['experimental', 'production'],
      });
      expect(body.filters).toMatchObject({ weeks: 4, limit: 2, offset: 1 });
    });

    it.each([
      ['system=payments', ['ledger-service', 'payments-api', 'vault-service']],
      ['system=system:default/identity', ['identity-service']],
      ['tier=1', ['payments-api', 'vault-service']],
      ['lifecycle=EXPERIMENTAL', ['identity-service']],
      ['system=payments&tier=2', ['ledger-service']],
    ])('filters by %s', async (query, names) => {
      const res = await request(setUp().app).get(`/scorecards/org?${query}`);
      expect(res.status).toBe(200);
      expect(refs(res.body.entities.items)).toEqual(
        names.map(n => `component:default/${n}`),
      );
    });

    it('shows each caller only what the catalog and the permission policy let it see', async () => {
      const outsider = await request(setUp().app)
        .get('/scorecards/org')
        .set('authorization', OUTSIDER);
      expect(refs(outsider.body.entities.items)).not.toContain(
        'component:default/vault-service',
      );
      expect(outsider.body.entities.totalCount).toBe(3);

      const conditional = await request(
        setUp(conditionalPermissions(['component:default/payments-api'])).app,
      ).get('/scorecards/org');
      expect(conditional.status).toBe(200);
      expect(refs(conditional.body.entities.items)).toEqual([
        'component:default/identity-service',
        'component:default/ledger-service',
        'component:default/vault-service',
      ]);
      expect(
        (
          await request(
            setUp(mockServices.permissions({ result: AuthorizeResult.DENY }))
              .app,
          ).get('/scorecards/org')
        ).status,
      ).toBe(403);
    });

    it.each([
      'weeks=0',
      'weeks=27',
      'limit=501',
      'offset=-1',
      'sort=coverage',
      'system=a&system=b',
      'team=payments',
    ])('answers 400 to %s', async query => {
      const res = await request(setUp().app).get(`/scorecards/org?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    });

    it('draws each team’s trend from the daily snapshots, one point per day', async () => {
      const yesterday = new Date(NOW.getTime() - 86_400_000);
      const today = setUp();
      await takeScorecardSnapshot({
        ...setUp(undefined, () => yesterday).services,
        auth: today.auth,
        retentionDays: 90,
        clock: () => yesterday,
      });
      for (let run = 0; run < 2; run += 1) {
        await takeScorecardSnapshot({
          ...today.services,
          auth: today.auth,
          retentionDays: 90,
          clock: () => NOW,
        });
      }
      // Taken with the plugin's credentials: all four entities, once per day.
      expect(await kit.count('scorecard_snapshots')).toBe(8);

      const res = await request(today.app)
        .get('/scorecards/org')
        .set('authorization', OUTSIDER);
      const payments = res.body.trends.find(
        (t: { groupRef: string }) => t.groupRef === 'group:default/payments',
      );
      expect(payments.points).toEqual([
        {
          day: '2026-11-19',
          entities: 2,
          levels: { none: 0, bronze: 1, silver: 0, gold: 1 },
          averageRank: 2,
        },
        {
          day: '2026-11-20',
          entities: 2,
          levels: { none: 0, bronze: 1, silver: 0, gold: 1 },
          averageRank: 2,
        },
      ]);
    });
  });

  describe('GET /scorecards/org.csv', () => {
    it('exports the filtered table as CSV with quoted fields and no live formulas', async () => {
      const res = await request(setUp().app).get(
        '/scorecards/org.csv?sort=entity&order=asc',
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain(
        'hardening-scorecards.csv',
      );
      const lines = res.text.split('\r\n');
      expect(lines[0].split(',').slice(0, 8)).toEqual([
        'entity',
        'title',
        'owner',
        'system',
        'tier',
        'lifecycle',
        'level',
        'rank',
      ]);
      expect(lines).toHaveLength(6);
      expect(lines[1]).toMatch(
        /^component:default\/identity-service,"'=HYPERLINK\(""http:\/\/example\.com""\)",group:default\/identity,/,
      );
      expect(lines[3]).toMatch(
        /^component:default\/payments-api,"Payments API, ""core""",group:default\/payments,system:default\/payments,1,production,gold,3,/,
      );
      expect(lines[5]).toBe('');
    });
  });
});

function round(n: number) {
  return Math.round(n * 1000) / 1000;
}
