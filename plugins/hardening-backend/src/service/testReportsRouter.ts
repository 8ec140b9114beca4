import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  testCaseStatusSchema,
  testReportFormatSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EvidenceStore } from '../database/EvidenceStore';
import type { FoldedTestReport } from '../ingest/foldAttempts';
import {
  builtInTestReportFormats,
  type RegisteredTestReportFormat,
  TestReportFormatRegistry,
} from '../ingest/formats';
import {
  chooseBySniffing,
  SNIFF_BYTES,
} from '../ingest/formats/TestReportFormatRegistry';
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_TESTS,
  TestResultCollector,
} from '../ingest/formats/TestResultCollector';
import { DEFAULT_MAX_TEST_TEXT_BYTES } from '../ingest/testTextBudget';
import { parseListQuery, parseUploadQueryWith } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { UnsupportedMediaTypeError } from './errors';
import { BoundedRequestBody } from './requestBody';
import { cappedFixedLimit, uploadLimit, UploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';

export type TestReportsRouterOptions = {
  store: EvidenceStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  /** Largest upload (XML is read as a stream); larger ones get 413. */
  maxUploadBytes: number;
  /** Largest CTRF (JSON) upload, parsed whole; default 16 MiB, capped by `maxUploadBytes`. */
  maxJsonUploadBytes?: number;
  /**
   * Most bytes of text (ids, names, classnames, suite paths, files, messages) one
   * report's tests may store; more is a 400. Default 128 MiB.
   */
  maxTestTextBytes?: number;
  /**
   * The formats uploads are read in: the built-in ones and those modules added (see
   * `hardeningTestReportFormatsExtensionPoint`). Default: the built-in ones.
   */
  formats?: TestReportFormatRegistry;
  clock: () => Date;
};

/** The limit of a format: its own `maxBytes`, capped by `maxUploadBytes`. */
function limitOf(
  { format, setting }: RegisteredTestReportFormat,
  maxUploadBytes: number,
): UploadLimit {
  if (format.maxBytes === undefined) return uploadLimit(maxUploadBytes);
  if (setting !== undefined && format.maxBytes <= maxUploadBytes) {
    return { maxBytes: format.maxBytes, setting };
  }
  return cappedFixedLimit(format.maxBytes, `${format.title}s`, maxUploadBytes);
}

/** The formats a request's Content-Type may be: 415 when none. */
function candidatesOf(
  req: Request,
  formats: TestReportFormatRegistry,
): RegisteredTestReportFormat[] {
  const candidates = formats.forContentType(types => req.is(types));
  if (candidates.length === 0) {
    throw new UnsupportedMediaTypeError(
      `Unsupported Content-Type "${
        req.headers['content-type'] ?? '(none)'
      }": send one of ${formats.contentTypes().join(', ')} (${formats
        .list()
        .map(f => `${f.format.id}: ${f.format.contentTypes.join(' or ')}`)
        .join('; ')})`,
    );
  }
  return candidates;
}

/**
 * The format of an upload: `?format=`, else the one its Content-Type names; when several
 * formats take that type, the first whose sniffing rule recognises the body's first bytes
 * (built-in formats first), else the first of them. The body's limit is that format's.
 */
async function chooseFormat(
  req: Request,
  requested: string | undefined,
  formats: TestReportFormatRegistry,
  maxUploadBytes: number,
): Promise<{ chosen: RegisteredTestReportFormat; body: BoundedRequestBody }> {
  if (requested !== undefined) {
    const chosen = formats.get(requested);
    if (!chosen) {
      throw new InputError(
        `Unknown test-report format "${requested}": one of ${formats
          .list()
          .map(f => f.format.id)
          .join(', ')}`,
      );
    }
    return {
      chosen,
      body: new BoundedRequestBody(req, limitOf(chosen, maxUploadBytes)),
    };
  }
  const candidates = candidatesOf(req, formats);
  if (candidates.length === 1) {
    const [chosen] = candidates;
    return {
      chosen,
      body: new BoundedRequestBody(req, limitOf(chosen, maxUploadBytes)),
    };
  }
  // Read the head under the largest of their limits, then apply the chosen one's.
  const limits = candidates.map(c => limitOf(c, maxUploadBytes));
  const body = new BoundedRequestBody(
    req,
    limits.reduce((a, b) => (b.maxBytes > a.maxBytes ? b : a)),
  );
  const head = (await body.peek(SNIFF_BYTES)).toString('utf8');
  const chosen = chooseBySniffing(candidates, head);
  body.setLimit(limits[candidates.indexOf(chosen)]);
  return { chosen, body };
}

async function parseUpload(
  body: BoundedRequestBody,
  { format }: RegisteredTestReportFormat,
  maxTestTextBytes: number | undefined,
): Promise<FoldedTestReport> {
  const limits = {
    maxTests: DEFAULT_MAX_TESTS,
    maxDepth: DEFAULT_MAX_DEPTH,
    maxTestTextBytes: maxTestTextBytes ?? DEFAULT_MAX_TEST_TEXT_BYTES,
  };
  const sink = new TestResultCollector(format.id, format.title, limits);
  await format.parse({
    body: body.chunks(),
    text: () => body.text(),
    sink,
    limits,
  });
  // A parser that stopped early: the report's digest is of the whole body all the same.
  await body.drain();
  // Folded compactly; the cases are built one by one while they are stored.
  return sink.report();
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
  const formats =
    options.formats ?? builtInTestReportFormats(options.maxJsonUploadBytes);
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
      const { chosen, body } = await chooseFormat(
        req,
        requested,
        formats,
        options.maxUploadBytes,
      );
      const format = chosen.format.id;

      await respondWithAuditedUpload(
        auditor,
        req,
        res,
        { entityRef, kind: 'test-report', format },
        async () => {
          const report = await parseUpload(
            body,
            chosen,
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
