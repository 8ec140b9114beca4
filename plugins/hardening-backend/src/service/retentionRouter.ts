import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { hardeningRetentionReadPermission } from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { z } from 'zod';
import { listMissingEntities } from '../retention/missingEntities';
import { parseQuery } from './ciContextQuery';

export type RetentionRouterOptions = {
  database: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** `hardening.retention.removedEntityGraceDays`. */
  removedEntityGraceDays: number;
};

/** The admin view of retention: entities with evidence that the catalog no longer has. */
export function createRetentionRouter(options: RetentionRouterOptions) {
  const { database, httpAuth, permissions, removedEntityGraceDays } = options;
  const router = Router();

  router.get('/retention/missing-entities', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: hardeningRetentionReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Listing entities removed from the catalog needs hardening.retention.read',
      );
    }
    parseQuery(z.strictObject({}), req.query);
    res.json({
      removedEntityGraceDays,
      items: await listMissingEntities(database, removedEntityGraceDays),
    });
  });

  return router;
}
