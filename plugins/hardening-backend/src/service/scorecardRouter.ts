import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  hardeningEvidenceReadPermission,
  scorecardFiltersSchema,
  ScorecardFilters,
} from '@hardening/backstage-plugin-hardening-common';
import { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { scorecardsCsv } from '../scorecard/scorecardCsv';
import { ScorecardService } from '../scorecard/ScorecardService';
import { parseQuery } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { groupRefParam } from './routeParams';

const weeksQuerySchema = scorecardFiltersSchema.pick({ weeks: true });

/**
 * Scorecards: of an entity, of a group rolled up through its child groups, and of the
 * whole organisation (ranked teams, a page of entities, trends, and the table as CSV).
 * Entity routes check `hardening.evidence.read` on the entity; group and org routes list
 * only what the catalog shows the caller and what the caller may read evidence of.
 */
export function createScorecardRouter(options: {
  scorecards: ScorecardService;
  httpAuth: HttpAuthService;
  checkEntityAccess: EntityAccessCheck;
}) {
  const { scorecards, httpAuth, checkEntityAccess } = options;
  const router = Router();

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get(
    '/scorecards/entities/:kind/:namespace/:name',
    async (req, res) => {
      const { entityRef, credentials } = await checkEntityAccess(
        req,
        hardeningEvidenceReadPermission,
      );
      parseQuery(z.strictObject({}), req.query);
      res.json(await scorecards.entity(entityRef, credentials));
    },
  );

  router.get('/scorecards/groups/:namespace/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const groupRef = groupRefParam(req);
    const { weeks } = parseQuery(weeksQuerySchema.strict(), req.query);
    res.json(await scorecards.group(groupRef, credentials, weeks));
  });

  router.get('/scorecards/org', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filters: ScorecardFilters = parseQuery(
      scorecardFiltersSchema,
      req.query,
    );
    res.json(await scorecards.org(filters, credentials));
  });

  router.get('/scorecards/org.csv', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filters: ScorecardFilters = parseQuery(
      scorecardFiltersSchema,
      req.query,
    );
    const table = await scorecards.orgTable(filters, credentials);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .attachment('hardening-scorecards.csv')
      .send(scorecardsCsv(table, scorecards.extensionMetrics));
  });

  return router;
}
