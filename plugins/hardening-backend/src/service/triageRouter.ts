import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  classifyTriageFailure,
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  triageReportUploadSchema,
  TriageTaxonomyExtension,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EvidenceStore } from '../database/EvidenceStore';
import { TriageStore } from '../database/TriageStore';
import { mergeTriageRunContext } from '../ingest/triage/triageRunContext';
import { parseListQuery, parseUploadQuery } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { readJsonBody } from './jsonBody';
import { jsonUploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';
import { parseWindowQuery } from './windowQuery';

/** How many reopened fingerprints an upload's answer and audit event name at most. */
export const MAX_NAMED_REOPENED = 100;

export type TriageRouterOptions = {
  store: EvidenceStore;
  triageStore: TriageStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  clock: () => Date;
  /** Every upload's limit (`hardening.ingest.maxUploadBytes`). */
  maxUploadBytes: number;
  /**
   * Largest triage report (JSON, parsed whole; `hardening.ingest.maxJsonUploadBytes`,
   * default 16 MiB, which 10,000 failures with messages fit); capped by `maxUploadBytes`.
   */
  maxJsonUploadBytes?: number;
  /** Prefixes the organisation adds to the built-in scenario and invariant taxonomies. */
  taxonomy?: TriageTaxonomyExtension;
};

const failuresFilterSchema = z.strictObject({
  reportId: z.uuid({ error: 'reportId must be a UUID' }).optional(),
  fingerprint: z.string().min(1).max(512).optional(),
});

/** Closes the connection after an error answer when the body was not read to its end. */
function dropUnreadBody(req: Request, res: Response) {
  if (!req.readableEnded) {
    res.setHeader('Connection', 'close');
  }
}

/**
 * Triage reports (the failures of integration runs) of an entity: upload, history,
 * stored failures and failures grouped by fingerprint.
 */
export function createTriageRouter(options: TriageRouterOptions) {
  const { store, triageStore, auditor, checkEntityAccess, clock, taxonomy } =
    options;
  const limit = jsonUploadLimit(
    options.maxUploadBytes,
    options.maxJsonUploadBytes,
  );
  const router = Router();

  router.post(`${ENTITY_PATH}/triage-reports`, async (req, res) => {
    try {
      const access = await checkEntityAccess(
        req,
        hardeningEvidenceCreatePermission,
      );
      const { entityRef } = access;
      const { context: queryContext } = parseUploadQuery(req.query);
      await respondWithAuditedUpload(
        auditor,
        req,
        res,
        { entityRef, kind: 'triage' },
        async () => {
          const { data, digest } = await readJsonBody(
            req,
            triageReportUploadSchema,
            limit,
          );
          const context = mergeTriageRunContext(queryContext, data.run);
          const { reopened, ...stored } = await triageStore.insertTriageReport({
            entityRef,
            digest,
            context,
            receivedAt: clock(),
            uploader: uploaderOf(access),
            runId: context.runId,
            failures: data.failures.map(f =>
              classifyTriageFailure(f, taxonomy),
            ),
          });
          // Fixed failures that occurred again and were reopened by this upload.
          return {
            ...stored,
            reopened: {
              count: reopened.length,
              fingerprints: reopened.slice(0, MAX_NAMED_REOPENED),
            },
          };
        },
        result => ({ reopened: result.reopened }),
      );
    } catch (error) {
      dropUnreadBody(req, res);
      throw error;
    }
  });

  router.get(
    `${ENTITY_PATH}/triage-reports`,
    reportHistoryHandler('triage', { store, checkEntityAccess }),
  );

  router.get(`${ENTITY_PATH}/triage/failures`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { reportId, fingerprint, ...listQuery } = req.query;
    const filter = failuresFilterSchema.safeParse({ reportId, fingerprint });
    if (!filter.success) {
      throw new InputError(
        `Invalid query parameters: ${filter.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const list = parseListQuery(listQuery);
    if (filter.data.reportId) {
      const report = await store.getReport(entityRef, filter.data.reportId);
      if (!report || report.kind !== 'triage') {
        throw new NotFoundError(
          `No triage report ${filter.data.reportId} for ${entityRef}`,
        );
      }
    }
    res.json(
      await triageStore.listFailures(entityRef, { ...filter.data, ...list }),
    );
  });

  router.get(`${ENTITY_PATH}/triage/groups`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const window = parseWindowQuery(req.query, {
      defaultLimit: 200,
      maxLimit: 1000,
    });
    res.json({ items: await triageStore.groupedFailures(entityRef, window) });
  });

  return router;
}
