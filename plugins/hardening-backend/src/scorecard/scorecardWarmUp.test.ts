import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import {
  catalogWithVisibility,
  orgEntities,
  storeOrgEvidence,
} from '../__testUtils__/scorecardFixtures';
import { scorecardFiltersSchema } from '@hardening/backstage-plugin-hardening-common';
import { createScorecardServices } from './scorecardServices';
import { warmScorecards } from './scorecardWarmUp';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-20T12:00:00.000Z');
const kit = createRouteTestKit({ now: NOW });

describe('warmScorecards', () => {
  beforeAll(async () => {
    await kit.setup();
    await storeOrgEvidence(kit.knex, NOW);
  });

  it("reads every entity's evidence and trend counts once at start, so that a user's first org page only asks for the evidence and snapshot versions", async () => {
    const auth = mockServices.auth();
    const services = createScorecardServices({
      database: kit.knex,
      auth,
      catalog: catalogWithVisibility(orgEntities),
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      clock: () => NOW,
    });
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    kit.knex.on('query', onQuery);
    try {
      const warmed = await warmScorecards({
        ...services,
        auth,
        clock: () => NOW,
      });
      expect(warmed).toBe(4);
      const warming = statements.length;
      expect(warming).toBeGreaterThan(1);

      statements.length = 0;
      const page = await services.service.org(
        scorecardFiltersSchema.parse({}),
        mockCredentials.user('user:default/ana'),
      );
      expect(page.overall.entities).toBe(4);
      // Only the trend snapshots and the evidence versions: nothing read again.
      expect(statements.some(sql => sql.includes('evidence_versions'))).toBe(
        true,
      );
      expect(statements.length).toBeLessThan(warming);
      expect(
        statements.filter(sql => sql.includes('evidence_reports')),
      ).toEqual([]);
      // Nor the trend counts of the snapshots (their version only).
      expect(statements.filter(sql => sql.includes('level_rank'))).toEqual([]);
    } finally {
      kit.knex.removeListener('query', onQuery);
    }
  });
});
