import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  FAILURE_CLUSTERS_DEFAULT_DAYS,
  FAILURE_CLUSTERS_MAX_DAYS,
  failureClustersQuerySchema,
} from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { groupRefSchema } from '../catalog';
import { FailureClusterService } from '../clusters/FailureClusterService';
import { parseQuery } from './ciContextQuery';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `GET /failure-clusters?since=&limit=&ownedBy=`: failures grouped by their normalised
 * message and top frames across the entities the caller may see and read, ranked by
 * impact. `since` defaults to 14 days ago and may be at most 90 days back.
 */
export function createFailureClustersRouter(options: {
  httpAuth: HttpAuthService;
  clusters: FailureClusterService;
  clock: () => Date;
}) {
  const { httpAuth, clusters, clock } = options;
  const router = Router();

  router.get('/failure-clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseQuery(failureClustersQuerySchema, req.query);
    const now = clock().getTime();
    const since = query.since
      ? new Date(query.since)
      : new Date(now - FAILURE_CLUSTERS_DEFAULT_DAYS * DAY_MS);
    if (since.getTime() < now - FAILURE_CLUSTERS_MAX_DAYS * DAY_MS) {
      throw new InputError(
        `Invalid query parameters: since: may be at most ${FAILURE_CLUSTERS_MAX_DAYS} days ago`,
      );
    }
    if (since.getTime() > now) {
      throw new InputError('Invalid query parameters: since: is in the future');
    }
    let ownedBy: string | undefined;
    if (query.ownedBy !== undefined) {
      const parsed = groupRefSchema.safeParse(query.ownedBy);
      if (!parsed.success || !parsed.data.startsWith('group:')) {
        throw new InputError(
          'Invalid query parameters: ownedBy: is not a group ref',
        );
      }
      ownedBy = parsed.data;
    }
    res.json(
      await clusters.clusters(
        { since, limit: query.limit, ownedBy },
        credentials,
      ),
    );
  });

  return router;
}
