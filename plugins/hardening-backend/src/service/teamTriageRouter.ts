import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { hardeningEvidenceReadPermission } from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import { lowerRef } from '../catalog';
import { TriageCatalog } from '../triage/triageCatalog';
import { TriageService } from '../triage/TriageService';
import { parseQueueQuery } from './triageWorkflowRouter';

const namePart = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'is not a valid entity name part');

const groupParamsSchema = z.object({ namespace: namePart, name: namePart });

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
    const params = groupParamsSchema.safeParse(req.params);
    if (!params.success) {
      throw new InputError(
        `Invalid group in path: ${params.error.issues
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; ')}`,
      );
    }
    const { limit } = parseQueueQuery(req.query);
    const groupRef = lowerRef(
      stringifyEntityRef({ kind: 'group', ...params.data }),
    );
    const { entities } = await catalog.teamEntities(
      groupRef,
      credentials,
      hardeningEvidenceReadPermission,
    );
    res.json(await triage.queue(entities, limit));
  });

  return router;
}
