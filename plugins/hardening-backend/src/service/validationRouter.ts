import { AuditorService } from '@backstage/backend-plugin-api';
import {
  evaluateValidationReport,
  hardeningEvidenceCreatePermission,
  validationReportSchema,
  ValidationReportSummary,
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
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';

/** A validation report is a few hundred metrics at most. */
const VALIDATION_BODY_LIMIT = fixedUploadLimit(
  1024 * 1024,
  'validation reports',
);

/**
 * Production validation reports of an entity, stored with their evaluation against the
 * six required readiness metrics.
 */
export function createValidationRouter(options: {
  store: EvidenceStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  clock: () => Date;
}) {
  const { store, auditor, checkEntityAccess, clock } = options;
  const router = Router();

  router.post(`${ENTITY_PATH}/validation-reports`, async (req, res) => {
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
      { entityRef, kind: 'validation' },
      async () => {
        const { data, digest } = await readJsonBody(
          req,
          validationReportSchema,
          VALIDATION_BODY_LIMIT,
        );
        const summary: ValidationReportSummary = {
          report: data,
          evaluation: evaluateValidationReport(data),
        };
        return store.insertReport(
          {
            entityRef,
            kind: 'validation',
            digest,
            context,
            receivedAt: clock(),
            uploader: uploaderOf(access),
          },
          summary,
        );
      },
    );
  });

  router.get(
    `${ENTITY_PATH}/validation-reports`,
    reportHistoryHandler('validation', { store, checkEntityAccess }),
  );

  return router;
}
