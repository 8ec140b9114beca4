import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  hardeningEvidenceReadPermission,
  hardeningTriageManagePermission,
  RunbookListResponse,
  runbookIdSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Request } from 'express';
import Router from 'express-promise-router';
import { RunbookService } from '../runbook/RunbookService';
import { TriageCatalog } from '../triage/triageCatalog';
import { principalName } from './contractRouter';
import { EntityAccessCheck } from './entityAccess';
import {
  PayloadTooLargeError,
  RepositoryReadRefusedError,
  UnsupportedMediaTypeError,
} from './errors';
import { ENTITY_PATH } from './reportRoutes';
import { noQueryParams, pathParam } from './routeParams';
import { BoundedRequestBody } from './requestBody';
import { describeTooLarge } from './uploadLimits';

const RUNBOOK_PATH = `${ENTITY_PATH}/runbooks/:runbookId`;

/** Content types a runbook upload may have. */
const MARKDOWN_TYPES = ['text/markdown', 'text/x-markdown'];

const runbookIdOf = (req: Request) =>
  pathParam(req, 'runbookId', runbookIdSchema, 'runbook id');

/** The uploaded bytes as Markdown text: 415, 413 or 400 when they are not. */
async function readMarkdown(req: Request, maxBytes: number) {
  if (!MARKDOWN_TYPES.some(type => req.is(type))) {
    throw new UnsupportedMediaTypeError(
      `Unsupported Content-Type "${
        req.headers['content-type'] ?? '(none)'
      }": send text/markdown`,
    );
  }
  const limit = { maxBytes, setting: 'hardening.runbooks.maxUploadBytes' };
  let body: BoundedRequestBody;
  let buffer: Buffer;
  try {
    body = new BoundedRequestBody(req, limit);
    buffer = await body.buffer();
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      throw new PayloadTooLargeError(describeTooLarge(limit, 'Runbook'));
    }
    throw error;
  }
  let markdown: string;
  try {
    markdown = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new InputError('Runbook is not UTF-8 text');
  }
  if (markdown.includes('\u0000')) {
    throw new InputError('Runbook contains NUL characters');
  }
  if (!markdown.trim()) {
    throw new InputError('Runbook is empty');
  }
  return { markdown, digest: body.digest(), sizeBytes: buffer.length };
}

/**
 * Runbooks of an entity: `GET …/runbooks` (summaries), `GET …/runbooks/{id}` (parsed,
 * with the Markdown) and `PUT …/runbooks/{id}` (upload, `hardening.triage.manage`,
 * audited).
 */
export function createRunbookRouter(options: {
  runbooks: RunbookService;
  catalog: TriageCatalog;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  maxUploadBytes: number;
}) {
  const { runbooks, catalog, auditor, checkEntityAccess, maxUploadBytes } =
    options;
  const router = Router();

  async function readEntity(req: Request) {
    const { entityRef, credentials } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    return catalog.entity(entityRef, credentials);
  }

  router.get(`${ENTITY_PATH}/runbooks`, async (req, res) => {
    const entity = await readEntity(req);
    noQueryParams(req);
    const body: RunbookListResponse = {
      items: (await runbooks.list(entity)).map(r => r.summary),
    };
    res.json(body);
  });

  router.get(RUNBOOK_PATH, async (req, res) => {
    const entity = await readEntity(req);
    const runbookId = runbookIdOf(req);
    noQueryParams(req);
    const found = await runbooks.get(entity, runbookId);
    if (!found) {
      throw new NotFoundError(`The entity has no runbook ${runbookId}`);
    }
    const { refusedBy, error } = found.summary;
    if (!found.runbook && refusedBy) {
      throw new RepositoryReadRefusedError(
        refusedBy,
        `Runbook ${runbookId} was not read: ${error}`,
      );
    }
    res.json(found.runbook ?? found.summary);
  });

  router.put(RUNBOOK_PATH, async (req, res) => {
    try {
      const { entityRef, credentials } = await checkEntityAccess(
        req,
        hardeningTriageManagePermission,
      );
      const runbookId = runbookIdOf(req);
      noQueryParams(req);
      const audit = await auditor.createEvent({
        eventId: 'runbook-upload',
        severityLevel: 'medium',
        request: req,
        meta: { entityRef, runbookId },
      });
      try {
        const upload = await readMarkdown(req, maxUploadBytes);
        const saved = await runbooks.upload({
          entityRef,
          runbookId,
          ...upload,
          uploadedBy: principalName(credentials.principal),
        });
        await audit.success({
          meta: {
            digest: upload.digest,
            sizeBytes: upload.sizeBytes,
            created: saved.created,
            changed: saved.changed,
          },
        });
        res.status(saved.created ? 201 : 200).json(saved);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    } catch (error) {
      // Close the connection when the body was not read to its end.
      if (!req.readableEnded) res.setHeader('Connection', 'close');
      throw error;
    }
  });

  return router;
}
