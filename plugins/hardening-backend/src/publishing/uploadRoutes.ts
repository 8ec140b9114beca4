import {
  EVIDENCE_UPLOAD_ROUTES,
  EvidenceKind,
} from '@hardening/backstage-plugin-hardening-common';
import { Request } from 'express';
import { ENTITY_PATH } from '../service/reportRoutes';

/** The evidence kinds CI can upload, for config validation. */
export const UPLOAD_KINDS = [
  ...new Set(Object.values(EVIDENCE_UPLOAD_ROUTES)),
] as [EvidenceKind, ...EvidenceKind[]];

/** The express paths of the upload routes, e.g. `/entities/:kind/:namespace/:name/ci-gates`. */
export function uploadRoutePaths(): string[] {
  return Object.keys(EVIDENCE_UPLOAD_ROUTES).map(
    segment => `${ENTITY_PATH}/${segment}`,
  );
}

/**
 * The kind of evidence the route handling `req` uploads, or undefined when it is not an
 * upload route. Read from the route express matched (`req.route`), so it only answers
 * inside a route handler and cannot be steered by the URL's spelling.
 */
export function uploadKindOf(req: Request): EvidenceKind | undefined {
  if (req.method !== 'POST') return undefined;
  const path: unknown = req.route?.path;
  const prefix = `${ENTITY_PATH}/`;
  if (typeof path !== 'string' || !path.startsWith(prefix)) return undefined;
  const segment = path.slice(prefix.length);
  return Object.hasOwn(EVIDENCE_UPLOAD_ROUTES, segment)
    ? EVIDENCE_UPLOAD_ROUTES[segment]
    : undefined;
}

/**
 * The reads of an entity's stored audit chain that whoever may upload its chain may make
 * too (`GET …/audit-chain`, `GET …/audit-chain/verify`), so that a pipeline can continue
 * its chain file from the stored chain after the portal appended to it, and check the
 * chain's transparency log (checkpoint and proofs).
 */
export const CHAIN_READ_PATHS: readonly string[] = [
  `${ENTITY_PATH}/audit-chain`,
  `${ENTITY_PATH}/audit-chain/verify`,
  // The transparency log of the chain, so that the pipeline can check it
  // (`hardening chain verify --previous`) with the credential it uploads with.
  `${ENTITY_PATH}/audit-chain/checkpoint`,
  `${ENTITY_PATH}/audit-chain/transparency`,
  `${ENTITY_PATH}/audit-chain/proof/inclusion`,
  `${ENTITY_PATH}/audit-chain/proof/consistency`,
];

/** Whether the route handling `req` reads the stored audit chain (see {@link uploadKindOf}). */
export function isChainRead(req: Request): boolean {
  const path: unknown = req.route?.path;
  return (
    req.method === 'GET' &&
    typeof path === 'string' &&
    CHAIN_READ_PATHS.includes(path)
  );
}
