import { HttpAuthService } from '@backstage/backend-plugin-api';
import { hardeningEvidenceReadPermission } from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { TriageCatalog } from '../triage/triageCatalog';
import { TriageService } from '../triage/TriageService';
import { groupRefParam } from './routeParams';
import { parseQueueQuery } from './triageWorkflowRouter';

/**
 * The triage queue of a team (`GET /groups/{namespace}/{name}/triage/queue`): the
 * failures of every entity the group or a group below it owns and the caller may read,
 * in one query.
 */
export function createTeamTriageRouter(options: {
  httpAuth: HttpAuthService;
  triage: TriageService;
  catalog: TriageCatalog;
}) {
  const { httpAuth, triage, catalog } = options;
  const router = Router();

  router.get('/groups/:namespace/:name/triage/queue', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const groupRef = groupRefParam(req);
    const { limit } = parseQueueQuery(req.query);
    const { entities } = await catalog.teamEntities(
      groupRef,
      credentials,
      hardeningEvidenceReadPermission,
    );
    res.json(await triage.queue(entities, limit));
  });

  return router;
}
