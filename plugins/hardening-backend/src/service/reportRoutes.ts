import {
  AuditorService,
  AuditorServiceEvent,
} from '@backstage/backend-plugin-api';
import {
  EvidenceKind,
  hardeningEvidenceReadPermission,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, RequestHandler, Response } from 'express';
import { EvidenceStore, StoredResult } from '../database/EvidenceStore';
import { parseListQuery } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';

/** The path prefix of every per-entity route. */
export const ENTITY_PATH = '/entities/:kind/:namespace/:name';

/** Runs after evidence that can change a milestone checklist was stored for an entity. */
export type EvidenceStoredHook = (
  entityRef: string,
  req: Request,
) => Promise<void>;

const EVIDENCE_STORED_HOOK = 'hardeningEvidenceStored';

/** The JSON object an audit event's `success` takes as meta. */
type AuditMeta = NonNullable<
  NonNullable<Parameters<AuditorServiceEvent['success']>[0]>['meta']
>;

/** The kinds whose new reports can turn a frozen milestone's checklist red. */
const CHECKLIST_KINDS: ReadonlySet<EvidenceKind> = new Set<EvidenceKind>([
  'test-report',
  'ci-gates',
  'contract-results',
  'stress-run',
]);

/** Middleware that makes the routes after it call `hook` once they stored evidence. */
export function onEvidenceStored(hook: EvidenceStoredHook): RequestHandler {
  return (_req, res, next) => {
    res.locals[EVIDENCE_STORED_HOOK] = hook;
    next();
  };
}

/** Calls the hook registered with {@link onEvidenceStored}, if any. */
export async function evidenceStored(
  req: Request,
  res: Response,
  entityRef: string,
): Promise<void> {
  const hook = res.locals[EVIDENCE_STORED_HOOK] as
    | EvidenceStoredHook
    | undefined;
  await hook?.(entityRef, req);
}

/**
 * Runs an evidence upload inside an `evidence-upload` audit event and answers 201 for a
 * new report, 200 for one that was already stored, with the upload's result as the
 * body. A new report of a kind milestone checklists use runs the
 * {@link onEvidenceStored} hook before the answer. `successMeta` adds what the upload
 * did besides storing the report to the event's success meta.
 */
export async function respondWithAuditedUpload<TResult extends StoredResult>(
  auditor: AuditorService,
  req: Request,
  res: Response,
  meta: { entityRef: string; kind: EvidenceKind; format?: string },
  upload: () => Promise<TResult>,
  successMeta?: (result: TResult) => AuditMeta,
): Promise<void> {
  const audit = await auditor.createEvent({
    eventId: 'evidence-upload',
    severityLevel: 'medium',
    request: req,
    meta,
  });
  try {
    const result = await upload();
    await audit.success({
      meta: {
        reportId: result.report.id,
        created: result.created,
        ...successMeta?.(result),
      },
    });
    if (result.created && CHECKLIST_KINDS.has(meta.kind)) {
      await evidenceStored(req, res, meta.entityRef);
    }
    res.status(result.created ? 201 : 200).json(result);
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}

/** `GET …/<kind>?limit&cursor`: the entity's reports of one kind, newest first. */
export function reportHistoryHandler(
  kind: EvidenceKind,
  options: { store: EvidenceStore; checkEntityAccess: EntityAccessCheck },
) {
  return async (req: Request, res: Response) => {
    const { entityRef } = await options.checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    res.json(
      await options.store.listReports(
        entityRef,
        kind,
        parseListQuery(req.query),
      ),
    );
  };
}
