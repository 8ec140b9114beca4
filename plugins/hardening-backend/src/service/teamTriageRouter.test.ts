import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import {
  BILLING,
  fakeUrlReader,
  PAYMENTS,
  permissionsDenying,
  RISK,
  SECRET,
  spiedTriageCatalog,
  storePaymentsFailures,
  storeTriageReport,
  triageEntities,
  triageTestSettings,
} from '../__testUtils__/triageFixtures';
import { createTeamTriageRouter } from './teamTriageRouter';
import { createTriageServices } from './triageServices';

describe('team triage queue', () => {
  const kit = createRouteTestKit({ entities: triageEntities });
  // Spies around the in-memory catalog, to count the calls.
  const catalog = spiedTriageCatalog();
  // The caller may read every entity but secret-api.
  const permissions = permissionsDenying(SECRET);
  let queries: string[] = [];

  const app = () =>
    kit.app(deps => {
      const services = createTriageServices({
        database: deps.knex,
        auth: mockServices.auth(),
        catalog,
        permissions,
        urlReader: fakeUrlReader(),
        settings: triageTestSettings,
        clock: deps.clock,
      });
      return createTeamTriageRouter({
        ...services,
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user('user:default/ana'),
        }),
      });
    });

  beforeAll(async () => {
    await kit.setup();
    kit.knex.on('query', (q: { sql: string }) => queries.push(q.sql));
  });
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(
      'triage_state_history',
      'triage_states',
      'triage_failures',
      'evidence_reports',
    );
    await storePaymentsFailures(kit.knex, kit.now);
    for (const [entityRef, scenarioId] of [
      [BILLING, 'API-001'],
      [SECRET, 'API-002'],
      [RISK, 'UI-001'],
    ]) {
      await storeTriageReport(kit.knex, {
        entityRef,
        now: kit.now,
        hoursAgo: 3,
        commit: 'abcdef0',
        failures: [{ scenarioId, invariantId: 'TENANT-009' }],
      });
    }
    queries = [];
  });

  it('covers the entities of the group and its child groups that the caller may read, in one query', async () => {
    const res = await request(app()).get(
      '/groups/default/payments-org/triage/queue',
    );
    expect(res.status).toBe(200);
    expect([...res.body.entityRefs].sort()).toEqual([BILLING, PAYMENTS]);
    const byEntity = (ref: string) =>
      res.body.items
        .filter((i: { entityRef: string }) => i.entityRef === ref)
        .map((i: { scenarioId: string }) => i.scenarioId);
    expect(byEntity(BILLING)).toEqual(['API-001']);
    expect(byEntity(PAYMENTS)).toHaveLength(5);
    expect(byEntity(SECRET)).toEqual([]);
    expect(byEntity(RISK)).toEqual([]);
    const billing = res.body.items.find(
      (i: { entityRef: string }) => i.entityRef === BILLING,
    );
    expect(billing.routing.ownerRef).toBe('group:default/team-billing');

    // One catalog query for the owned entities, one batched authorization, and three
    // SQL statements (failures, the passed-and-failed history fact, uploaded runbooks):
    // not one per entity.
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(queries.filter(q => q.includes('triage_failures'))).toHaveLength(2);
    expect(queries).toHaveLength(3);
  });

  it('answers for groups without child groups', async () => {
    const team = await request(app()).get(
      '/groups/default/team-billing/triage/queue',
    );
    expect(team.body.entityRefs).toEqual([BILLING]);
    const empty = await request(app()).get(
      '/groups/default/team-risk/triage/queue',
    );
    expect(empty.body.entityRefs).toEqual([RISK]);
  });

  it('answers 404 for unknown groups and entities that are not groups, 400 for bad input, 401 without a caller', async () => {
    const cases: [string, number][] = [
      ['/groups/default/nope/triage/queue', 404],
      ['/groups/default/payments-api/triage/queue', 404],
      ['/groups/default/bad%20name/triage/queue', 400],
      ['/groups/default/payments-org/triage/queue?limit=0', 400],
      ['/groups/default/payments-org/triage/queue?team=x', 400],
    ];
    for (const [path, status] of cases) {
      const res = await request(app()).get(path);
      expect([path, res.status]).toEqual([path, status]);
    }
    const anonymous = await request(app())
      .get('/groups/default/payments-org/triage/queue')
      .set('Authorization', 'Bearer mock-none-token');
    expect(anonymous.status).toBe(401);
  });
});
