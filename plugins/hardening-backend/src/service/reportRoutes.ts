import { AuditorService } from '@backstage/backend-plugin-api';
import {
  EvidenceKind,
  hardeningEvidenceReadPermission,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, Response } from 'express';
import { EvidenceStore, StoredResult } from '../database/EvidenceStore';
import { parseListQuery } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';

/** The path prefix of every per-entity route. */
export const ENTITY_PATH = '/entities/:kind/:namespace/:name';

/**
 * Runs an evidence upload inside an `evidence-upload` audit event and answers 201 for a
 * new report, 200 for one that was already stored.
 */
export async function respondWithAuditedUpload(
  auditor: AuditorService,
  req: Request,
  res: Response,
  meta: { entityRef: string; kind: EvidenceKind; format?: string },
  upload: () => Promise<StoredResult>,
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
      meta: { reportId: result.report.id, created: result.created },
    });
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
