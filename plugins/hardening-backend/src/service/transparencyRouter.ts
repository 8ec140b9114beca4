import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  hardeningEvidenceReadPermission,
  MAX_NOTE_BYTES,
} from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import { TransparencyLog } from '../transparency/TransparencyLog';
import { parseQuery } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { UnsupportedMediaTypeError } from './errors';
import { ENTITY_PATH } from './reportRoutes';
import { BoundedRequestBody } from './requestBody';
import { fixedUploadLimit } from './uploadLimits';

export type TransparencyRouterOptions = {
  log: TransparencyLog;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
};

/** The path of the log's public key; served without credentials. */
export const PUBLIC_KEY_PATH = '/transparency/public-key';

/** A tree size or index in a query: a decimal integer, nothing else. */
const count = (min: number) =>
  z
    .string()
    .regex(/^[0-9]{1,15}$/, 'must be a non-negative decimal integer')
    .transform(Number)
    .pipe(z.number().int().min(min));

const inclusionQuery = z
  .object({ seq: count(0), treeSize: count(1).optional() })
  .strict();
const consistencyQuery = z
  .object({ from: count(1), to: count(1).optional() })
  .strict();
const noQuery = z.object({}).strict();

/** Cosigned checkpoints are small: a note and at most 32 signature lines. */
const COSIGNATURE_LIMIT = fixedUploadLimit(
  MAX_NOTE_BYTES,
  'cosigned checkpoints',
);

/**
 * The transparency log of entities' audit chains: the signed checkpoint, proofs, witness
 * cosignatures and the log's public key. Reads need what reading the chain needs.
 */
export function createTransparencyRouter(options: TransparencyRouterOptions) {
  const { log, auditor, checkEntityAccess } = options;
  const router = Router();
  const chainPath = `${ENTITY_PATH}/audit-chain`;

  router.get(PUBLIC_KEY_PATH, async (req, res) => {
    parseQuery(noQuery, req.query);
    res.type('text/plain').send(`${log.publicKey()}\n`);
  });

  router.get(`${chainPath}/checkpoint`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    parseQuery(noQuery, req.query);
    const latest = await log.latest(entityRef);
    res.type('text/plain; charset=utf-8').send(latest.note);
  });

  router.get(`${chainPath}/transparency`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    parseQuery(noQuery, req.query);
    res.json(await log.status(entityRef));
  });

  router.get(`${chainPath}/proof/inclusion`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { seq, treeSize } = parseQuery(inclusionQuery, req.query);
    res.json(await log.inclusionProof(entityRef, seq, treeSize));
  });

  router.get(`${chainPath}/proof/consistency`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { from, to } = parseQuery(consistencyQuery, req.query);
    res.json(await log.consistencyProof(entityRef, from, to));
  });

  router.post(`${chainPath}/checkpoint/cosignatures`, async (req, res) => {
    // A cosignature is checked against the configured witness keys: the signature, not
    // the caller, vouches for it. The caller must still see the entity.
    const access = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { entityRef, credentials } = access;
    parseQuery(noQuery, req.query);
    if (!req.is('text/plain')) {
      throw new UnsupportedMediaTypeError(
        `Unsupported Content-Type "${
          req.headers['content-type'] ?? '(none)'
        }": send the cosigned checkpoint note as text/plain`,
      );
    }
    const audit = await auditor.createEvent({
      eventId: 'checkpoint-cosign',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef },
    });
    try {
      const bytes = await new BoundedRequestBody(
        req,
        COSIGNATURE_LIMIT,
      ).buffer();
      let note: string;
      try {
        note = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new InputError('The cosigned checkpoint is not valid UTF-8');
      }
      const principal = credentials.principal as {
        userEntityRef?: string;
        subject?: string;
      };
      const result = await log.addCosignatures(
        entityRef,
        note,
        principal.userEntityRef ?? principal.subject ?? 'unknown',
      );
      await audit.success({
        meta: {
          treeSize: result.treeSize,
          witnesses: result.stored.map(s => s.witness),
        },
      });
      res.status(201).json(result);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
