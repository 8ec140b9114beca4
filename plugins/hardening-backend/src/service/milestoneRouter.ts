import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError, serializeError } from '@backstage/errors';
import {
  freezeRequestSchema,
  hardeningEvidenceReadPermission,
  hardeningMilestoneManagePermission,
  milestoneIdSchema,
  milestoneSchema,
  milestoneUpdateSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { describeQueryIssues } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { readJsonBody } from './jsonBody';
import { fixedUploadLimit } from './uploadLimits';
import { MilestoneEvents } from './milestoneEvents';
import { FreezeRefusedError, MilestoneService } from './milestoneService';
import { principalName } from './contractRouter';
import { ENTITY_PATH } from './reportRoutes';

/** Milestone bodies are small. */
const MILESTONE_BODY_LIMIT = fixedUploadLimit(
  64 * 1024,
  'milestone and freeze requests',
);

const MILESTONE_PATH = `${ENTITY_PATH}/milestones/:milestoneId`;

function milestoneIdOf(req: Request): string {
  const parsed = milestoneIdSchema.safeParse(req.params.milestoneId);
  if (!parsed.success) {
    throw new InputError(
      `Invalid milestone id in path: ${parsed.error.issues
        .map(i => i.message)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

function noQuery(req: Request) {
  const parsed = z.strictObject({}).safeParse(req.query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid parameters: ${describeQueryIssues(parsed.error)}`,
    );
  }
}

/** An empty body (no Content-Type, no bytes) is an empty freeze request. */
function hasNoBody(req: Request): boolean {
  return (
    !req.headers['content-type'] &&
    (req.headers['content-length'] === undefined ||
      req.headers['content-length'] === '0') &&
    req.headers['transfer-encoding'] === undefined
  );
}

/** The user entity ref of a user caller; undefined for a service. */
export function requestingUser(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  return principal.type === 'user' ? principal.userEntityRef : undefined;
}

/** Answers a refused freeze like Backstage's error handler, plus the checklist. */
function sendRefusal(req: Request, res: Response, error: FreezeRefusedError) {
  res.status(409).json({
    error: serializeError(error),
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 409 },
    checklist: error.checklist,
  });
}

/**
 * Milestones of an entity with their checklists (`GET …/milestones`, `GET|PUT
 * …/milestones/{id}`) and freezing (`POST …/milestones/{id}/freeze`).
 */
export function createMilestoneRouter(options: {
  milestones: MilestoneService;
  events: MilestoneEvents;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
}) {
  const { milestones, events, auditor, checkEntityAccess } = options;
  const router = Router();

  /** Access (manage permission), path and query checks, then the audit event. */
  async function startManagedAction(
    req: Request,
    eventId: string,
    severityLevel: 'medium' | 'high',
  ) {
    const { entityRef, credentials } = await checkEntityAccess(
      req,
      hardeningMilestoneManagePermission,
    );
    const milestoneId = milestoneIdOf(req);
    noQuery(req);
    const audit = await auditor.createEvent({
      eventId,
      severityLevel,
      request: req,
      meta: { entityRef, milestoneId },
    });
    return { entityRef, credentials, milestoneId, audit };
  }

  router.get(`${ENTITY_PATH}/milestones`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    noQuery(req);
    res.json({ items: await milestones.list(entityRef) });
  });

  router.get(MILESTONE_PATH, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const milestoneId = milestoneIdOf(req);
    noQuery(req);
    const status = await milestones.get(entityRef, milestoneId);
    if (!status) {
      throw new NotFoundError(`${entityRef} has no milestone ${milestoneId}`);
    }
    res.json(status);
  });

  router.put(MILESTONE_PATH, async (req, res) => {
    const { entityRef, credentials, milestoneId, audit } =
      await startManagedAction(req, 'milestone-update', 'medium');
    try {
      const { data } = await readJsonBody(
        req,
        milestoneUpdateSchema,
        MILESTONE_BODY_LIMIT,
      );
      if (data.id !== undefined && data.id !== milestoneId) {
        throw new InputError(
          `The body names milestone ${data.id} but the path names ${milestoneId}`,
        );
      }
      const milestone = milestoneSchema.parse({ ...data, id: milestoneId });
      const saved = await milestones.save(
        entityRef,
        milestone,
        principalName(credentials.principal),
      );
      await audit.success({
        meta: { created: saved.created, stage: milestone.stage },
      });
      // Changed thresholds can break a frozen milestone like new evidence can.
      await events.afterEvidenceStored(entityRef, req);
      const status =
        (await milestones.get(entityRef, milestoneId)) ?? saved.status;
      await events.signal(
        {
          entityRef,
          milestoneId: status.milestone.id,
          state: status.checklist.state,
        },
        { requestedBy: requestingUser(credentials) },
      );
      res.status(saved.created ? 201 : 200).json(status);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.post(`${MILESTONE_PATH}/freeze`, async (req, res) => {
    const { entityRef, credentials, milestoneId, audit } =
      await startManagedAction(req, 'milestone-freeze', 'high');
    try {
      const body = hasNoBody(req)
        ? {}
        : (await readJsonBody(req, freezeRequestSchema, MILESTONE_BODY_LIMIT))
            .data;
      const frozen = await milestones.freeze(entityRef, milestoneId, {
        tag: body.tag,
        frozenBy: principalName(credentials.principal),
        disabledTestsReason: body.disabledTestsReason,
      });
      await audit.success({
        meta: {
          ...(body.disabledTestsReason
            ? {
                disabledE2eTests: frozen.checklist.disabledE2eTests ?? [],
                disabledTestsReason: body.disabledTestsReason,
              }
            : {}),
          tag: frozen.freeze.tag,
          chainEntryHash: frozen.freeze.chainEntryHash,
          evidence: frozen.freeze.evidence.map(e => e.digest),
        },
      });
      await events.signal(
        {
          entityRef,
          milestoneId: frozen.milestone.id,
          state: frozen.checklist.state,
        },
        { requestedBy: requestingUser(credentials) },
      );
      res.status(201).json(frozen);
    } catch (error) {
      await audit.fail({ error: error as Error });
      if (error instanceof FreezeRefusedError) {
        sendRefusal(req, res, error);
        return;
      }
      throw error;
    }
  });

  return router;
}
