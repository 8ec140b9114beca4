import { hardeningEvidenceReadPermission } from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { BoundedMap } from '../database/boundedMap';
import { EvidenceStore } from '../database/EvidenceStore';
import { EvidenceVersions } from '../database/EvidenceVersions';
import { EntityAccessCheck } from './entityAccess';
import { ENTITY_PATH } from './reportRoutes';

/** Most entities whose summary answer is kept. */
const MAX_KEPT_SUMMARIES = 10_000;

/**
 * The newest report of each evidence kind for an entity. The answer is kept per entity
 * under its evidence version (read before the answer is built) and served again while
 * the version stays the same: one primary-key lookup instead of the latest-per-kind
 * query and serialisation, on a route that CI dashboards and entity pages poll.
 */
export function createSummaryRouter(options: {
  store: EvidenceStore;
  versions: EvidenceVersions;
  checkEntityAccess: EntityAccessCheck;
}) {
  const { store, versions, checkEntityAccess } = options;
  const kept = new BoundedMap<string, { version: string; body: string }>(
    MAX_KEPT_SUMMARIES,
  );
  const router = Router();

  router.get(`${ENTITY_PATH}/summary`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const version = await versions.versionOf(entityRef);
    let body = kept.get(entityRef);
    if (body?.version !== version) {
      const latest = await store.latestReportsJson(entityRef);
      body = {
        version,
        body: `{"entityRef":${JSON.stringify(entityRef)},"latest":${latest}}`,
      };
      kept.set(entityRef, body);
    }
    res.type('application/json').send(body.body);
  });

  return router;
}
