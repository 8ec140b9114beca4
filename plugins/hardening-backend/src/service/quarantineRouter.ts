import { AuditorService } from '@backstage/backend-plugin-api';
import {
  hardeningEvidenceReadPermission,
  hardeningTriageManagePermission,
  TestQuarantineList,
  testQuarantineRequestSchema,
} from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { DatabaseQuarantineStore } from '../database/DatabaseQuarantineStore';
import { principalName } from './contractRouter';
import { EntityAccessCheck } from './entityAccess';
import { readJsonBody } from './jsonBody';
import { ENTITY_PATH } from './reportRoutes';
import { noQueryParams } from './routeParams';
import { fixedUploadLimit } from './uploadLimits';

const QUARANTINE_BODY_LIMIT = fixedUploadLimit(8 * 1024, 'quarantine changes');

/**
 * Quarantine of an entity's tests: `GET …/tests/quarantine` lists every test whose state
 * was changed (evidence read), `POST …/tests/quarantine` changes one
 * (`hardening.triage.manage`, audited as `test-quarantine-change`).
 */
export function createQuarantineRouter(options: {
  quarantine: DatabaseQuarantineStore;
  fixedAfterPasses: number;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  clock: () => Date;
}) {
  const { quarantine, auditor, checkEntityAccess, clock } = options;
  const router = Router();

  router.get(`${ENTITY_PATH}/tests/quarantine`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    noQueryParams(req);
    const body: TestQuarantineList = {
      items: await quarantine.list(entityRef),
      fixedAfterPasses: options.fixedAfterPasses,
    };
    res.json(body);
  });

  router.post(`${ENTITY_PATH}/tests/quarantine`, async (req, res) => {
    const { entityRef, credentials } = await checkEntityAccess(
      req,
      hardeningTriageManagePermission,
    );
    noQueryParams(req);
    const audit = await auditor.createEvent({
      eventId: 'test-quarantine-change',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef },
    });
    try {
      const { data } = await readJsonBody(
        req,
        testQuarantineRequestSchema,
        QUARANTINE_BODY_LIMIT,
      );
      const result = await quarantine.change(
        entityRef,
        data,
        principalName(credentials.principal),
        clock(),
      );
      const { change } = result;
      await audit.success({
        meta: {
          testId: change.testId,
          state: { from: change.from, to: change.to },
          reason: change.reason,
          expiresAt: change.expiresAt ?? null,
        },
      });
      res.json(result);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
