import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  TestReportFormat,
  testCaseStatusSchema,
  testReportFormatSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EvidenceStore } from '../database/EvidenceStore';
import { parseCtrfJsonFolded } from '../ingest/ctrf/CtrfParser';
import type { FoldedTestReport } from '../ingest/foldAttempts';
import { parseJunitXmlFolded } from '../ingest/junit/JunitParser';
import { parseListQuery, parseUploadQueryWith } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { UnsupportedMediaTypeError } from './errors';
import { readJson } from './jsonBody';
import { BoundedRequestBody } from './requestBody';
import { jsonUploadLimit, uploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';

export type TestReportsRouterOptions = {
  store: EvidenceStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  /** Largest JUnit XML upload (read as a stream); larger ones get 413. */
  maxUploadBytes: number;
  /** Largest CTRF (JSON) upload, parsed whole; default 16 MiB, capped by `maxUploadBytes`. */
  maxJsonUploadBytes?: number;
  /**
   * Most bytes of text (ids, names, classnames, suite paths, files, messages) one
   * report's tests may store; more is a 400. Default 128 MiB.
   */
  maxTestTextBytes?: number;
  clock: () => Date;
};

function formatFromContentType(req: Request): TestReportFormat {
  if (req.is(['application/xml', 'text/xml', 'application/junit+xml'])) {
    return 'junit';
  }
  if (req.is(['application/json', 'application/vnd.ctrf+json'])) {
    return 'ctrf';
  }
  throw new UnsupportedMediaTypeError(
    `Unsupported Content-Type "${
      req.headers['content-type'] ?? '(none)'
    }": send JUnit XML as application/xml or CTRF as application/json`,
  );
}

async function parseUpload(
  body: BoundedRequestBody,
  format: TestReportFormat,
  maxTestTextBytes: number | undefined,
): Promise<FoldedTestReport> {
  if (format === 'junit') {
    // Folded compactly; the cases are built one by one while they are stored.
    return parseJunitXmlFolded(body.chunks(), { maxTestTextBytes });
  }
  // The CTRF parser validates the shape itself, with CTRF-specific messages; the
  // folded report keeps nothing of the parsed JSON.
  return parseCtrfJsonFolded(await readJson(body, 'CTRF report'), {
    maxTestTextBytes,
  });
}

/** Closes the connection after an error answer when the body was not read to its end. */
function dropUnreadBody(req: Request, res: Response) {
  if (!req.readableEnded) {
    res.setHeader('Connection', 'close');
  }
}

const casesQuerySchema = z.object({
  status: z
    .union([testCaseStatusSchema, z.array(testCaseStatusSchema)])
    .optional()
    .transform(v => (v === undefined ? undefined : [v].flat())),
});

/** Upload and read test reports of an entity. */
export function createTestReportsRouter(options: TestReportsRouterOptions) {
  const { store, auditor, checkEntityAccess, clock } = options;
  const limits = {
    junit: uploadLimit(options.maxUploadBytes),
    ctrf: jsonUploadLimit(options.maxUploadBytes, options.maxJsonUploadBytes),
  };
  const router = Router();

  router.post(`${ENTITY_PATH}/test-reports`, async (req, res) => {
    try {
      const access = await checkEntityAccess(
        req,
        hardeningEvidenceCreatePermission,
      );
      const { entityRef } = access;
      const {
        context,
        params: { format: requested },
      } = parseUploadQueryWith(req.query, {
        format: testReportFormatSchema.optional(),
      });
      const format = requested ?? formatFromContentType(req);
      const body = new BoundedRequestBody(req, limits[format]);

      await respondWithAuditedUpload(
        auditor,
        req,
        res,
        { entityRef, kind: 'test-report', format },
        async () => {
          const report = await parseUpload(
            body,
            format,
            options.maxTestTextBytes,
          );
          return store.insertTestReport({
            entityRef,
            report,
            digest: body.digest(),
            context,
            receivedAt: clock(),
            uploader: uploaderOf(access),
          });
        },
      );
    } catch (error) {
      dropUnreadBody(req, res);
      throw error;
    }
  });

  router.get(
    `${ENTITY_PATH}/test-reports`,
    reportHistoryHandler('test-report', { store, checkEntityAccess }),
  );

  router.get(
    `${ENTITY_PATH}/test-reports/:reportId/cases`,
    async (req, res) => {
      const { entityRef } = await checkEntityAccess(
        req,
        hardeningEvidenceReadPermission,
      );
      const reportId = z.uuid().safeParse(req.params.reportId);
      if (!reportId.success) {
        throw new InputError('reportId must be a UUID');
      }
      const { status, ...listQuery } = req.query;
      const filter = casesQuerySchema.safeParse({ status });
      if (!filter.success) {
        throw new InputError(
          `status must be one of ${testCaseStatusSchema.options.join(', ')}`,
        );
      }
      const list = parseListQuery(listQuery);
      if (!(await store.getReport(entityRef, reportId.data))) {
        throw new NotFoundError(
          `No test report ${reportId.data} for ${entityRef}`,
        );
      }
      res.json(
        await store.listTestResults(entityRef, reportId.data, {
          ...list,
          statuses: filter.data.status,
        }),
      );
    },
  );

  return router;
}
