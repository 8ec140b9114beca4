import { Knex } from 'knex';
import {
  AuditChainAction,
  AuditChainEntry,
  AuditChainLink,
  AuditChainListOrder,
  AuditChainSummary,
  CiContext,
  ReportUploader,
  StoredAuditChainEntry,
  StoredAuditChainHead,
  StoredAuditChainVerification,
  StoredReport,
} from '@hardening/backstage-plugin-hardening-common';
import { Page, PageRequest, StoredResult } from './EvidenceStore';

export type NewAuditChainUpload = {
  entityRef: string;
  /** SHA-256 of the uploaded bytes; the same digest twice is the same report. */
  digest: string;
  context: CiContext;
  receivedAt: Date;
  /** Who uploaded it; see `NewReportMeta.uploader`. */
  uploader?: ReportUploader;
  /**
   * The uploaded entries, oldest first, already verified as one chain (`verifyChain`
   * from the link {@link AuditChainStore.resolveStart} returned).
   */
  entries: AuditChainEntry[];
};

/**
 * An entry the backend writes itself (e.g. a milestone freeze), stored with origin
 * `portal` and the principal that asked for it.
 */
export type NewBackendEntry = {
  entityRef: string;
  receivedAt: Date;
  /** Who asked for the entry (a user entity ref); stored beside it as `requestedBy`. */
  requestedBy: string;
};

/**
 * What {@link AuditChainStore.appendEntry} stores: the report's CI context and the entry
 * without `prevHash` and `hash`, which are set on top of the stored head. The action
 * must be one of `PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS`.
 */
export type BackendEntryContent = {
  context: CiContext;
  entry: {
    action: AuditChainAction;
    timestamp: string;
    actor?: string;
    details?: Record<string, unknown>;
  };
};

/** The steps of {@link AuditChainStore.appendEntry}, all in its one transaction. */
export type BackendEntrySteps = {
  /**
   * Decides the entry, after the chain is locked and before anything is written; reads
   * what it decides on through `trx`. Throwing writes nothing.
   */
  build: (trx: Knex.Transaction) => Promise<BackendEntryContent>;
  /** Runs after the entry and its report are stored. Throwing writes nothing. */
  within?: (trx: Knex.Transaction, appended: AppendedEntry) => Promise<void>;
};

/** Where an entry the backend wrote landed, and the report row that holds it. */
export type AppendedEntry = {
  seq: number;
  entry: AuditChainEntry;
  reportId: string;
};

/**
 * Where release audit chains are kept: one linear chain per entity, only ever
 * extended.
 *
 * An upload is a run of consecutive entries of the chain: the whole chain from
 * genesis, or a continuation whose first `prevHash` is the hash of a stored entry
 * (usually the head). It is accepted when it agrees with every stored entry it
 * overlaps and does not end before the stored head:
 *
 * - it reaches past the head: the new entries are appended (201);
 * - it ends at the head: nothing changes, the report that stored the head is returned
 *   with `created: false` (200);
 * - it ends before the head, or any overlapping entry differs (history rewritten or
 *   forked): `ConflictError` (409) naming the seq, and nothing is written;
 * - an entry it would append has an action only the portal writes
 *   (`PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS`): `InputError` (400) naming the line, and
 *   nothing is written. Stored portal entries it overlaps are compared like any other.
 *
 * The report row and the appended entries commit in one transaction, against the head
 * the decision was taken on: a concurrent append from another backend instance is
 * detected (row lock on PostgreSQL, unique keys on every database) and the upload is
 * decided again against the new head.
 */
export interface AuditChainStore {
  /** The stored head of an entity's chain, or undefined when nothing is stored. */
  getHead(entityRef: string): Promise<StoredAuditChainHead | undefined>;

  /**
   * The link an upload whose first entry has this `prevHash` continues from: genesis
   * (seq -1) for 64 zeros, else the stored entry with that hash. `ConflictError` when
   * there is no such entry.
   */
  resolveStart(entityRef: string, prevHash: string): Promise<AuditChainLink>;

  /** Appends an upload to the stored chain; see the rules above. */
  appendChain(
    upload: NewAuditChainUpload,
  ): Promise<StoredResult<AuditChainSummary>>;

  /**
   * Appends one entry the backend writes itself on top of the stored head, hashed with the
   * canonical rule, as a one-entry `audit-chain` report, in one transaction: the chain is
   * locked (row lock on PostgreSQL), `steps.build` decides the entry, the entry and its
   * report are stored with origin `portal`, then `steps.within` runs. When either step
   * throws, nothing is stored. A concurrent first append is detected by the unique keys
   * and the whole transaction is run again on the new head.
   */
  appendEntry(
    input: NewBackendEntry,
    steps: BackendEntrySteps,
  ): Promise<AppendedEntry & { report: StoredReport<AuditChainSummary> }>;

  /**
   * Stored entries by seq: oldest first (`asc`, the default) or newest first (`desc`).
   * The cursor is the last seq of the page before (keyset), so entries appended meanwhile
   * neither shift nor repeat a newest-first listing; a cursor issued for one order is an
   * `InputError` in the other.
   */
  listEntries(
    entityRef: string,
    page: PageRequest & { order?: AuditChainListOrder },
  ): Promise<Page<StoredAuditChainEntry>>;

  /**
   * Re-verifies the stored chain from its rows, in batches of `batchSize` (default
   * 1000) so memory stays constant, against the recorded head.
   */
  verifyStoredChain(
    entityRef: string,
    options?: { batchSize?: number },
  ): Promise<StoredAuditChainVerification>;
}
