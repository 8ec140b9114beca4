import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AuditChainBreak,
  AuditChainEntriesPage,
  auditChainListOrderSchema,
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  verifyChain,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AuditChainStore } from '../database/AuditChainStore';
import { EvidenceStore } from '../database/EvidenceStore';
import {
  AuditChainParseOptions,
  parseAuditChainJsonl,
} from '../ingest/auditChain/AuditChainParser';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import {
  describeQueryIssues,
  parseListQuery,
  parseUploadQuery,
} from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { UnsupportedMediaTypeError } from './errors';
import { BoundedRequestBody } from './requestBody';
import { uploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';

/** Content types a JSON Lines upload may be sent as. */
export const AUDIT_CHAIN_CONTENT_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonl',
  'application/json-lines',
  'application/jsonlines',
  'application/x-jsonlines',
  'text/plain',
];

export type AuditChainRouterOptions = {
  store: EvidenceStore;
  chains: AuditChainStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  maxUploadBytes: number;
  clock: () => Date;
  /** Limits of the JSONL parser (entries per upload, bytes per line). */
  limits?: AuditChainParseOptions;
};

/** `?order=asc|desc` of the entries listing, besides `limit` and `cursor`. */
const listOrderQuerySchema = z.object({
  order: auditChainListOrderSchema.default('asc'),
});

/** Closes the connection after an error answer when the body was not read to its end. */
function dropUnreadBody(req: Request, res: Response) {
  if (!req.readableEnded) {
    res.setHeader('Connection', 'close');
  }
}

/** The 400 message for a broken upload: where (line and seq) and why. */
export function describeUploadBreak(broken: AuditChainBreak): string {
  const related =
    broken.relatedIndex === undefined
      ? ''
      : ` (see line ${broken.relatedIndex + 1})`;
  return `The audit chain is broken at line ${broken.index + 1} (seq ${
    broken.seq
  }): ${broken.reason}: ${broken.message}${related}. Nothing was stored.`;
}

/** Release audit chains of an entity: upload (JSONL), entries, re-verification. */
export function createAuditChainRouter(options: AuditChainRouterOptions) {
  const { store, chains, auditor, checkEntityAccess, maxUploadBytes, clock } =
    options;
  const router = Router();

  router.post(`${ENTITY_PATH}/audit-chain`, async (req, res) => {
    try {
      const access = await checkEntityAccess(
        req,
        hardeningEvidenceCreatePermission,
      );
      const { entityRef } = access;
      const { context } = parseUploadQuery(req.query);
      if (!req.is(AUDIT_CHAIN_CONTENT_TYPES)) {
        throw new UnsupportedMediaTypeError(
          `Unsupported Content-Type "${
            req.headers['content-type'] ?? '(none)'
          }": send the audit chain as JSON Lines (application/x-ndjson)`,
        );
      }
      const body = new BoundedRequestBody(req, uploadLimit(maxUploadBytes));

      await respondWithAuditedUpload(
        auditor,
        req,
        res,
        { entityRef, kind: 'audit-chain' },
        async () => {
          const entries = await parseAuditChainJsonl(
            body.chunks(),
            options.limits,
          );
          // Where the upload attaches to the stored chain (409 if nowhere), so that
          // verification knows the seq of every line.
          const start = await chains.resolveStart(
            entityRef,
            entries[0].prevHash,
          );
          const verdict = verifyChain(entries, sha256Hex, { start });
          if (!verdict.ok) {
            throw new InputError(describeUploadBreak(verdict));
          }
          return chains.appendChain({
            entityRef,
            digest: body.digest(),
            context,
            receivedAt: clock(),
            uploader: uploaderOf(access),
            entries,
          });
        },
      );
    } catch (error) {
      dropUnreadBody(req, res);
      throw error;
    }
  });

  router.get(`${ENTITY_PATH}/audit-chain`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { order, ...listQuery } = req.query;
    const ordering = listOrderQuerySchema.safeParse({ order });
    if (!ordering.success) {
      throw new InputError(
        `Invalid list parameters: ${describeQueryIssues(ordering.error)}`,
      );
    }
    const page = parseListQuery(listQuery);
    const [entries, head] = await Promise.all([
      chains.listEntries(entityRef, { ...page, order: ordering.data.order }),
      chains.getHead(entityRef),
    ]);
    const body: AuditChainEntriesPage = { ...entries, head: head ?? null };
    res.json(body);
  });

  router.get(`${ENTITY_PATH}/audit-chain/verify`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    if (Object.keys(req.query).length > 0) {
      throw new InputError('verify takes no query parameters');
    }
    res.json(await chains.verifyStoredChain(entityRef));
  });

  router.get(
    `${ENTITY_PATH}/audit-chain/reports`,
    reportHistoryHandler('audit-chain', { store, checkEntityAccess }),
  );

  return router;
}
