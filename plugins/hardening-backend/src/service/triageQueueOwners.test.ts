import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TriageQueueItem } from '@hardening/backstage-plugin-hardening-common';
import request from 'supertest';
import { parseCodeowners } from '../codeowners/parseCodeowners';
import { DatabaseCodeownersStore } from '../database/DatabaseCodeownersStore';
import { createRouteTestKit, RouteDeps } from '../__testUtils__/routeTestKit';
import {
  fakeUrlReader,
  PAYMENTS,
  storeTriageReport,
  triageEntities,
  triageTestSettings,
} from '../__testUtils__/triageFixtures';
import { createTriageServices } from './triageServices';
import { createTriageWorkflowRouter } from './triageWorkflowRouter';

const base = '/entities/component/default/payments-api';
const CODEOWNERS_URL =
  'https://github.com/acme/payments-api/tree/main/.github/CODEOWNERS';

describe('triage queue owners', () => {
  const kit = createRouteTestKit({ entities: triageEntities });

  function routes(deps: RouteDeps) {
    const services = createTriageServices({
      database: deps.knex,
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities: triageEntities }),
      permissions: mockServices.permissions(),
      urlReader: fakeUrlReader(),
      settings: triageTestSettings,
      clock: deps.clock,
    });
    return createTriageWorkflowRouter({ ...services, ...deps });
  }

  const queue = async () => {
    const res = await request(kit.app(routes, { allow: true })).get(
      `${base}/triage/queue`,
    );
    expect(res.status).toBe(200);
    return new Map(
      (res.body.items as TriageQueueItem[]).map(i => [i.scenarioId, i]),
    );
  };

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    await kit.clear(
      'codeowners',
      'triage_state_history',
      'triage_states',
      'triage_failures',
      'evidence_reports',
    );
    await storeTriageReport(kit.knex, {
      entityRef: PAYMENTS,
      now: kit.now,
      hoursAgo: 1,
      commit: 'c0ffee1',
      failures: [
        {
          scenarioId: 'BID-001',
          invariantId: 'TENANT-001',
          labels: { file: 'e2e/bidding/bid.spec.ts' },
        },
        {
          scenarioId: 'SCH-002',
          invariantId: 'TENANT-002',
          labels: { file: 'docs/README.md' },
        },
        { scenarioId: 'API-044', invariantId: 'TENANT-003' },
      ],
    });
  });

  it('names the CODEOWNERS owners of a failure whose test has a file, else the entity owner', async () => {
    await new DatabaseCodeownersStore(kit.knex).record(
      [
        {
          entityRef: PAYMENTS,
          url: CODEOWNERS_URL,
          digest: 'a'.repeat(64),
          parsed: parseCodeowners(
            '* @acme/platform\ne2e/ @acme/payments @someone\n*.md\n',
          ),
          ownerRefs: { '@acme/payments': 'group:default/team-payments' },
        },
      ],
      kit.now,
    );
    const items = await queue();
    expect(items.get('BID-001')?.owners).toEqual({
      file: 'e2e/bidding/bid.spec.ts',
      source: 'codeowners',
      owners: [
        { name: '@acme/payments', entityRef: 'group:default/team-payments' },
        { name: '@someone' },
      ],
      rules: [{ pattern: 'e2e/', line: 2 }],
      codeownersUrl: CODEOWNERS_URL,
    });
    // The last matching rule (*.md) names nobody: the entity owner.
    expect(items.get('SCH-002')?.owners).toMatchObject({
      source: 'entity-owner',
      owners: [
        {
          name: 'group:default/team-payments',
          entityRef: 'group:default/team-payments',
        },
      ],
    });
    expect(items.get('API-044')).not.toHaveProperty('owners');
  });

  it('falls back to the entity owner before any CODEOWNERS refresh', async () => {
    const items = await queue();
    expect(items.get('BID-001')?.owners).toEqual({
      file: 'e2e/bidding/bid.spec.ts',
      source: 'entity-owner',
      owners: [
        {
          name: 'group:default/team-payments',
          entityRef: 'group:default/team-payments',
        },
      ],
    });
  });
});
