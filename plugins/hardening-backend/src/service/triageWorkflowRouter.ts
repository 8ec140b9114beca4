import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  defectLinkRequestSchema,
  hardeningEvidenceReadPermission,
  hardeningTriageManagePermission,
  triageClassificationRequestSchema,
  TriageStateChangeResponse,
  triageStatusRequestSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { TriageCatalog } from '../triage/triageCatalog';
import { MAX_QUEUE_LIMIT, TriageService } from '../triage/TriageService';
import { describeQueryIssues } from './ciContextQuery';
import { principalName } from './contractRouter';
import { EntityAccessCheck } from './entityAccess';
import { readJsonBody } from './jsonBody';
import { fixedUploadLimit } from './uploadLimits';
import { noQueryParams, pathParam } from './routeParams';
import { ENTITY_PATH } from './reportRoutes';

/** Triage request bodies are small. */
const TRIAGE_ACTION_BODY_LIMIT = fixedUploadLimit(16 * 1024, 'triage actions');

const FAILURE_PATH = `${ENTITY_PATH}/triage/failures/:failureId`;

export const failureIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,17}$/, 'failure ids are positive integers');

/** `?limit=` of the queues. */
export function parseQueueQuery(query: unknown): { limit: number } {
  const parsed = z
    .strictObject({
      limit: z.coerce.number().int().min(1).max(MAX_QUEUE_LIMIT).default(200),
    })
    .safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid query parameters: ${describeQueryIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** What the audit event of a triage change records (the routes' and the actions'). */
export function triageAuditMeta({ entry }: TriageStateChangeResponse) {
  return {
    fingerprintStatus: { from: entry.from, to: entry.to },
    class: entry.class ?? null,
    defectUrl: entry.defectUrl ?? null,
    note: entry.note ?? null,
  };
}

const failureIdOf = (req: Request) =>
  pathParam(req, 'failureId', failureIdSchema, 'failure id');

/**
 * The triage workflow of an entity: its queue, one failure with its history, the defect
 * to file for it, and the audited changes people make (classification, status, defect
 * link; `hardening.triage.manage`).
 */
export function createTriageWorkflowRouter(options: {
  triage: TriageService;
  catalog: TriageCatalog;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
}) {
  const { triage, catalog, auditor, checkEntityAccess } = options;
  const router = Router();

  /** Read access, then the entity itself (for its owner, annotations and location). */
  async function readEntity(req: Request) {
    const { entityRef, credentials } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    return catalog.entity(entityRef, credentials);
  }

  /**
   * Access (manage permission), path and query checks, the audit event, then the body:
   * a refused body fails the event and writes nothing.
   */
  function managedAction<T extends z.ZodType>(
    eventId: string,
    schema: T,
    act: (
      entityRef: string,
      failureId: string,
      body: z.infer<T>,
      by: string,
    ) => Promise<TriageStateChangeResponse>,
  ) {
    return async (req: Request, res: import('express').Response) => {
      const { entityRef, credentials } = await checkEntityAccess(
        req,
        hardeningTriageManagePermission,
      );
      const failureId = failureIdOf(req);
      noQueryParams(req);
      const audit = await auditor.createEvent({
        eventId,
        severityLevel: 'medium',
        request: req,
        meta: { entityRef, failureId },
      });
      try {
        const { data } = await readJsonBody(
          req,
          schema,
          TRIAGE_ACTION_BODY_LIMIT,
        );
        const result = await act(
          entityRef,
          failureId,
          data,
          principalName(credentials.principal),
        );
        await audit.success({ meta: triageAuditMeta(result) });
        res.json(result);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    };
  }

  router.get(`${ENTITY_PATH}/triage/queue`, async (req, res) => {
    const entity = await readEntity(req);
    const { limit } = parseQueueQuery(req.query);
    res.json(await triage.queue([entity], limit));
  });

  router.get(FAILURE_PATH, async (req, res) => {
    const entity = await readEntity(req);
    const failureId = failureIdOf(req);
    noQueryParams(req);
    res.json(await triage.detail(entity, failureId));
  });

  router.get(`${FAILURE_PATH}/defect`, async (req, res) => {
    const entity = await readEntity(req);
    const failureId = failureIdOf(req);
    noQueryParams(req);
    res.json(await triage.defect(entity, failureId));
  });

  router.post(
    `${FAILURE_PATH}/classification`,
    managedAction(
      'triage-classify',
      triageClassificationRequestSchema,
      (entityRef, failureId, body, by) =>
        triage.classify(entityRef, failureId, body, by),
    ),
  );

  router.post(
    `${FAILURE_PATH}/status`,
    managedAction(
      'triage-status',
      triageStatusRequestSchema,
      (entityRef, failureId, body, by) =>
        triage.changeStatus(entityRef, failureId, body, by),
    ),
  );

  router.post(
    `${FAILURE_PATH}/defect-link`,
    managedAction(
      'triage-defect-link',
      defectLinkRequestSchema,
      (entityRef, failureId, body, by) =>
        triage.linkDefect(entityRef, failureId, body, by),
    ),
  );

  return router;
}
