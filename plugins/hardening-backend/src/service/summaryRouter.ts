import { hardeningEvidenceReadPermission } from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { EvidenceStore } from '../database/EvidenceStore';
import { EntityAccessCheck } from './entityAccess';
import { ENTITY_PATH } from './reportRoutes';

/** The newest report of each evidence kind for an entity. */
export function createSummaryRouter(options: {
  store: EvidenceStore;
  checkEntityAccess: EntityAccessCheck;
}) {
  const { store, checkEntityAccess } = options;
  const router = Router();

  router.get(`${ENTITY_PATH}/summary`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const latest = await store.latestReportsJson(entityRef);
    res
      .type('application/json')
      .send(`{"entityRef":${JSON.stringify(entityRef)},"latest":${latest}}`);
  });

  return router;
}
