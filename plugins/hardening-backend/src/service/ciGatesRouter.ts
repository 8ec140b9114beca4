import { AuditorService } from '@backstage/backend-plugin-api';
import {
  CiGatesSummary,
  evaluateRequiredGates,
  gatesUploadSchema,
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  hardeningMilestoneManagePermission,
  requiredGatesSchema,
} from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { EvidenceStore } from '../database/EvidenceStore';
import { parseUploadQuery } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { readJsonBody } from './jsonBody';
import { fixedUploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  evidenceStored,
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';

/** JSON bodies of gate uploads and required-gate lists are small. */
const GATES_UPLOAD_LIMIT = fixedUploadLimit(256 * 1024, 'ci-gates uploads');
const REQUIRED_GATES_LIMIT = fixedUploadLimit(
  256 * 1024,
  'required-gates lists',
);

/** CI gate results per pipeline run, and the gates each entity must pass. */
export function createCiGatesRouter(options: {
  store: EvidenceStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  clock: () => Date;
}) {
  const { store, auditor, checkEntityAccess, clock } = options;
  const router = Router();

  router.post(`${ENTITY_PATH}/ci-gates`, async (req, res) => {
    const access = await checkEntityAccess(
      req,
      hardeningEvidenceCreatePermission,
    );
    const { entityRef } = access;
    const { context } = parseUploadQuery(req.query);
    await respondWithAuditedUpload(
      auditor,
      req,
      res,
      { entityRef, kind: 'ci-gates' },
      async () => {
        const { data, digest } = await readJsonBody(
          req,
          gatesUploadSchema,
          GATES_UPLOAD_LIMIT,
        );
        return store.insertGatesReport({
          entityRef,
          digest,
          context,
          receivedAt: clock(),
          uploader: uploaderOf(access),
          gates: data.gates,
        });
      },
    );
  });

  router.get(
    `${ENTITY_PATH}/ci-gates`,
    reportHistoryHandler('ci-gates', { store, checkEntityAccess }),
  );

  router.get(`${ENTITY_PATH}/required-gates`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const [required, latest] = await Promise.all([
      store.getRequiredGates(entityRef),
      store.listReports(entityRef, 'ci-gates', { limit: 1 }),
    ]);
    const report = latest.items[0];
    const gates = report ? (report.summary as CiGatesSummary).gates : [];
    res.json({
      required,
      latestReportId: report?.id ?? null,
      ...evaluateRequiredGates(required, gates),
    });
  });

  router.put(`${ENTITY_PATH}/required-gates`, async (req, res) => {
    const { entityRef, credentials } = await checkEntityAccess(
      req,
      hardeningMilestoneManagePermission,
    );
    const audit = await auditor.createEvent({
      eventId: 'required-gates-update',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef },
    });
    try {
      const { data } = await readJsonBody(
        req,
        requiredGatesSchema,
        REQUIRED_GATES_LIMIT,
      );
      const principal = credentials.principal as {
        userEntityRef?: string;
        subject?: string;
      };
      await store.setRequiredGates(entityRef, data.gates, {
        updatedAt: clock(),
        updatedBy: principal.userEntityRef ?? principal.subject ?? 'unknown',
      });
      await audit.success({ meta: { gates: data.gates } });
      // Every milestone needs the entity's required gates: re-check the frozen ones.
      await evidenceStored(req, res, entityRef);
      res.json({ required: await store.getRequiredGates(entityRef) });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
