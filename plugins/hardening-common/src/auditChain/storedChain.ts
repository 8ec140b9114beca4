import { z } from 'zod';
import { AuditChainAction, AuditChainEntry, AuditChainLink } from './entry';
import { AuditChainBreak } from './verify';

/**
 * Summary of an accepted audit chain upload (an evidence report of kind `audit-chain`):
 * the stored chain after it, and what it added.
 *
 * @public
 */
export type AuditChainSummary = {
  /** Entries in the stored chain after this upload. */
  length: number;
  /** The stored chain's last entry after this upload. */
  head: AuditChainLink;
  /** Entries this upload added to the stored chain. */
  appended: number;
  /** The actions of the added entries, counted. */
  actions: Partial<Record<AuditChainAction, number>>;
};

/**
 * Where an entity's stored chain ends, and when the backend verified it up to there.
 *
 * @public
 */
export type StoredAuditChainHead = AuditChainLink & { verifiedAt: string };

/**
 * Who wrote a stored entry: `upload` for an entry a CI upload appended, `portal` for
 * one the backend appended itself on a user's request (see
 * `PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS`).
 *
 * @public
 */
export type AuditChainEntryOrigin = 'upload' | 'portal';

/**
 * One entry of a stored chain: `entry` is the entry as uploaded (canonical JSON
 * content plus its hash), `reportId` the upload that added it (or the one-entry report
 * the portal stored it as), `origin` who wrote it and, for a portal entry,
 * `requestedBy` the principal whose request wrote it (e.g. the user who froze a
 * milestone), as the backend authenticated it rather than as the entry says.
 *
 * @public
 */
export type StoredAuditChainEntry = {
  seq: number;
  reportId: string;
  origin: AuditChainEntryOrigin;
  requestedBy?: string;
  entry: AuditChainEntry;
};

/**
 * The order of `GET …/audit-chain`: `asc` (the default) from seq 0 up, `desc` from the
 * head down. A cursor pages on in the order it was issued for.
 *
 * @public
 */
export const auditChainListOrderSchema = z.enum(['asc', 'desc']);

/** @public */
export type AuditChainListOrder = z.infer<typeof auditChainListOrderSchema>;

/**
 * Body of `GET …/audit-chain`: stored entries in the requested order (oldest first unless
 * `order=desc`).
 *
 * @public
 */
export type AuditChainEntriesPage = {
  items: StoredAuditChainEntry[];
  nextCursor?: string;
  head: StoredAuditChainHead | null;
};

/**
 * Body of `GET …/audit-chain/verify`: the stored chain re-verified from the database.
 * `head` is the head recorded on ingest; `length` the number of stored entries.
 *
 * @public
 */
export type StoredAuditChainVerification = {
  ok: boolean;
  length: number;
  head: StoredAuditChainHead | null;
  break?: AuditChainBreak;
};
