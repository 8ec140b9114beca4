import { ConflictError, InputError } from '@backstage/errors';
import {
  AuditChainAction,
  AuditChainEntry,
  AuditChainEntryOrigin,
  AuditChainLink,
  AuditChainListOrder,
  AuditChainSummary,
  canonicalEntryContent,
  ChainVerifier,
  computeEntryHash,
  describePortalWrittenAction,
  GENESIS_LINK,
  GENESIS_PREV_HASH,
  isPortalWrittenAuditChainAction,
  StoredAuditChainEntry,
  StoredAuditChainHead,
  StoredAuditChainVerification,
  StoredReport,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import { portalUploader } from '../publishing/reportUploader';
import {
  AppendedEntry,
  AuditChainStore,
  BackendEntrySteps,
  NewAuditChainUpload,
  NewBackendEntry,
} from './AuditChainStore';
import { decodeCursor, encodeCursor } from './cursor';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { MerkleTreeStore } from '../transparency/MerkleTreeStore';
import { latin1TreeHasher } from '../transparency/nodeSha256';
import {
  EvidenceStore,
  NewReportMeta,
  Page,
  PageRequest,
  StoredResult,
} from './EvidenceStore';

const ENTRIES = 'audit_chain_entries';
const HEADS = 'audit_chain_heads';
/** Rows per INSERT statement; keeps SQLite under its bound-parameter limit. */
const INSERT_CHUNK = 500;
/** How often an upload is decided again after losing a race with another append. */
const MAX_ATTEMPTS = 3;

type HeadRow = {
  entity_ref: string;
  seq: number;
  hash: string;
  verified_at: Date | string | number;
};

type EntryRow = {
  entity_ref: string;
  seq: number;
  hash: string;
  prev_hash: string;
  payload: string;
  report_id: string;
  origin: AuditChainEntryOrigin;
  requested_by: string | null;
};

/** Who wrote the entries of an append. */
type Authorship =
  | { origin: 'upload' }
  | { origin: 'portal'; requestedBy: string };

const UPLOADED: Authorship = { origin: 'upload' };

/** The last stored entry: where the chain ends and appends go. */
type Tail = { seq: number; hash: string };

type AppendPlan =
  | { kind: 'unchanged'; tail: Tail }
  | {
      kind: 'append';
      /** The last entry the plan was made on; the append commits only on top of it. */
      tail?: Tail;
      firstSeq: number;
      entries: AuditChainEntry[];
      summary: AuditChainSummary;
    };

type Append = Extract<AppendPlan, { kind: 'append' }>;

/**
 * Where a page of entries ended: its last seq, and `order: 'desc'` for a newest-first
 * listing (an oldest-first cursor is `{ seq }` alone, as it always was).
 */
const seqCursorSchema = z.object({
  seq: z.number().int().min(-1),
  order: z.literal('desc').optional(),
});

/** Thrown inside the transaction when the head moved since the plan was made. */
class HeadMovedError extends Error {}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

function toHead(row: HeadRow): StoredAuditChainHead {
  const at = row.verified_at;
  return {
    seq: Number(row.seq),
    hash: row.hash,
    verifiedAt: (at instanceof Date ? at : new Date(at)).toISOString(),
  };
}

function rowToEntry(row: Pick<EntryRow, 'payload' | 'hash'>): AuditChainEntry {
  const entry = JSON.parse(row.payload);
  entry.hash = row.hash;
  return entry;
}

function rowToStoredEntry(
  row: Pick<
    EntryRow,
    'seq' | 'hash' | 'payload' | 'report_id' | 'origin' | 'requested_by'
  >,
): StoredAuditChainEntry {
  return {
    seq: Number(row.seq),
    reportId: row.report_id,
    origin: row.origin,
    ...(row.requested_by === null ? {} : { requestedBy: row.requested_by }),
    entry: rowToEntry(row),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  // PostgreSQL unique_violation; SQLite's primary key / unique constraint codes.
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/** Signs the checkpoint of a tree an append made, inside the append's transaction. */
export type CheckpointSigner = {
  signCheckpoint(
    trx: Knex.Transaction,
    entityRef: string,
    size: number,
    root: Uint8Array,
  ): Promise<void>;
};

/**
 * {@link AuditChainStore} on knex, for SQLite and PostgreSQL. Every append also extends
 * the entity's Merkle tree (the transparency log) in the same transaction and, with a
 * `checkpoints` signer, signs the checkpoint of the new tree.
 */
export class DatabaseAuditChainStore implements AuditChainStore {
  private readonly tree: MerkleTreeStore;

  constructor(
    private readonly db: Knex,
    private readonly evidence: EvidenceStore,
    private readonly checkpoints?: CheckpointSigner,
  ) {
    this.tree = new MerkleTreeStore(db);
  }

  async getHead(entityRef: string): Promise<StoredAuditChainHead | undefined> {
    const row = await this.headRow(this.db, entityRef);
    return row ? toHead(row) : undefined;
  }

  async resolveStart(
    entityRef: string,
    prevHash: string,
  ): Promise<AuditChainLink> {
    if (prevHash === GENESIS_PREV_HASH) {
      return GENESIS_LINK;
    }
    const row = await this.db<EntryRow>(ENTRIES)
      .where({ entity_ref: entityRef, hash: prevHash })
      .first('seq');
    if (row) {
      return { seq: Number(row.seq), hash: prevHash };
    }
    const head = await this.tail(this.db, entityRef);
    throw new ConflictError(
      head
        ? `The upload's first entry continues from ${short(
            prevHash,
          )}, which is no entry of the stored chain of ${entityRef} (head seq ${
            head.seq
          }, hash ${short(
            head.hash,
          )}): upload the chain from genesis or continue it from the head`
        : `No audit chain is stored for ${entityRef} yet: the first upload must start at genesis (prevHash of 64 zeros), not continue from ${short(
            prevHash,
          )}`,
    );
  }

  async appendChain(
    upload: NewAuditChainUpload,
  ): Promise<StoredResult<AuditChainSummary>> {
    const { entries, ...uploaded } = upload;
    const { entityRef, digest } = uploaded;
    const meta = { ...uploaded, kind: 'audit-chain' as const };
    const same = await this.db('evidence_reports')
      .where({ entity_ref: entityRef, kind: 'audit-chain', digest })
      .first('id');
    if (same) {
      return {
        report: (await this.report(entityRef, same.id))!,
        created: false,
      };
    }

    for (let attempt = 1; ; attempt++) {
      const plan = await this.plan(entityRef, entries);
      if (plan.kind === 'unchanged') {
        return {
          report: (await this.reportOfEntry(entityRef, plan.tail.seq))!,
          created: false,
        };
      }
      try {
        return await this.commitPlan(meta, plan);
      } catch (error) {
        this.rethrowUnlessRaced(error, attempt, entityRef);
      }
    }
  }

  async appendEntry(
    input: NewBackendEntry,
    steps: BackendEntrySteps,
  ): Promise<AppendedEntry & { report: StoredReport<AuditChainSummary> }> {
    const { entityRef, receivedAt, requestedBy } = input;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async trx => {
          const headRowExists = await this.lockChain(trx, entityRef);
          // Read under the lock: nothing can append on top of it before this commits.
          const tail = await this.tail(trx, entityRef);
          const { context, entry: fields } = await steps.build(trx);
          if (!isPortalWrittenAuditChainAction(fields.action)) {
            throw new Error(
              `The backend may only write the actions of PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS, not ${fields.action}`,
            );
          }
          const unhashed = {
            ...fields,
            prevHash: tail?.hash ?? GENESIS_PREV_HASH,
          };
          const entry: AuditChainEntry = {
            ...unhashed,
            hash: computeEntryHash(unhashed, sha256Hex),
          };
          const seq = (tail?.seq ?? -1) + 1;
          const plan: Append = {
            kind: 'append',
            tail,
            firstSeq: seq,
            entries: [entry],
            summary: {
              length: seq + 1,
              head: { seq, hash: entry.hash },
              appended: 1,
              actions: { [entry.action]: 1 },
            },
          };
          const meta = {
            entityRef,
            kind: 'audit-chain' as const,
            // What a client uploading this one line would have sent.
            digest: sha256Hex(`${JSON.stringify(entry)}\n`),
            context,
            receivedAt,
            uploader: portalUploader(fields.action, requestedBy),
          };
          let appended: AppendedEntry | undefined;
          // The report row goes into this transaction (a savepoint inside it).
          const stored = await new DatabaseEvidenceStore(trx).insertReport(
            meta,
            plan.summary,
            async (inner, reportId) => {
              appended = { seq, entry, reportId };
              await this.insertEntries(inner, entityRef, reportId, plan, {
                origin: 'portal',
                requestedBy,
              });
              await this.moveHead(
                inner,
                entityRef,
                headRowExists,
                plan,
                receivedAt,
              );
              await steps.within?.(inner, appended);
            },
          );
          if (!stored.created || !appended) {
            // A report of these very bytes exists: another instance wrote this entry.
            throw new HeadMovedError();
          }
          return { ...appended, report: stored.report };
        });
      } catch (error) {
        this.rethrowUnlessRaced(error, attempt, entityRef);
      }
    }
  }

  async listEntries(
    entityRef: string,
    {
      limit,
      cursor,
      order = 'asc',
    }: PageRequest & { order?: AuditChainListOrder },
  ): Promise<Page<StoredAuditChainEntry>> {
    const after = cursor ? decodeCursor(cursor, seqCursorSchema) : undefined;
    if (after && (after.order ?? 'asc') !== order) {
      throw new InputError(
        `The cursor pages a listing in the other order: send it with order=${
          after.order ?? 'asc'
        }`,
      );
    }
    const query = this.db<EntryRow>(ENTRIES).where({ entity_ref: entityRef });
    if (after) {
      query.andWhere('seq', order === 'asc' ? '>' : '<', after.seq);
    }
    const rows = await query
      .orderBy('seq', order)
      .limit(limit + 1)
      .select('seq', 'hash', 'payload', 'report_id', 'origin', 'requested_by');
    const items = rows.slice(0, limit).map(rowToStoredEntry);
    const last = items[items.length - 1];
    if (rows.length <= limit || !last) {
      return { items };
    }
    return {
      items,
      nextCursor: encodeCursor(
        order === 'asc' ? { seq: last.seq } : { seq: last.seq, order },
      ),
    };
  }

  async verifyStoredChain(
    entityRef: string,
    options: { batchSize?: number } = {},
  ): Promise<StoredAuditChainVerification> {
    const batchSize = options.batchSize ?? 1000;
    const headRow = await this.headRow(this.db, entityRef);
    const head = headRow ? toHead(headRow) : null;
    const verifier = new ChainVerifier(sha256Hex, {
      expectedHead: head ? { seq: head.seq, hash: head.hash } : undefined,
    });
    let after = -1;
    while (!verifier.done) {
      const rows = await this.db<EntryRow>(ENTRIES)
        .where({ entity_ref: entityRef })
        .andWhere('seq', '>', after)
        .orderBy('seq', 'asc')
        .limit(batchSize)
        .select('seq', 'hash', 'prev_hash', 'payload');
      for (const row of rows) {
        // The stored payload is the canonical content that was hashed on ingest:
        // hashed as stored, any change to its bytes shows.
        verifier.pushCanonical(
          { prevHash: row.prev_hash, hash: row.hash },
          row.payload,
          Number(row.seq),
        );
        if (verifier.done) break;
      }
      if (rows.length < batchSize) break;
      after = Number(rows[rows.length - 1].seq);
    }
    const [{ n }] = await this.db(ENTRIES)
      .where({ entity_ref: entityRef })
      .count({ n: '*' });
    const result = verifier.finish();
    return result.ok
      ? { ok: true, length: Number(n), head }
      : { ok: false, length: Number(n), head, break: result };
  }

  /**
   * Decides what an upload does to the stored chain (see {@link AuditChainStore}),
   * or throws the `ConflictError` that says why it cannot be stored.
   */
  private async plan(
    entityRef: string,
    entries: AuditChainEntry[],
  ): Promise<AppendPlan> {
    const head = await this.tail(this.db, entityRef);
    const headSeq = head ? head.seq : -1;
    const start = await this.resolveStart(entityRef, entries[0].prevHash);
    const lastSeq = start.seq + entries.length;
    const uploadedHashAt = (seq: number) => entries[seq - start.seq - 1].hash;
    const lineOf = (seq: number) => seq - start.seq;

    const overlapEnd = Math.min(lastSeq, headSeq);
    if (head && overlapEnd > start.seq) {
      const stored =
        overlapEnd === headSeq
          ? head.hash
          : await this.hashAt(entityRef, overlapEnd);
      if (stored !== uploadedHashAt(overlapEnd)) {
        // Entries chain by hash, so the agreeing ones are a prefix: find where it ends.
        let low = start.seq + 1;
        let high = overlapEnd;
        while (low < high) {
          const mid = Math.floor((low + high) / 2);
          if ((await this.hashAt(entityRef, mid)) === uploadedHashAt(mid)) {
            low = mid + 1;
          } else {
            high = mid;
          }
        }
        throw new ConflictError(
          `Entry seq ${low} (line ${lineOf(
            low,
          )} of the upload) differs from the stored chain of ${entityRef}: the upload rewrites or forks its history (stored head seq ${headSeq})`,
        );
      }
    }
    if (head && lastSeq < headSeq) {
      throw new ConflictError(
        `The upload is shorter than the stored chain of ${entityRef} (head seq ${headSeq}): it ends at seq ${lastSeq}`,
      );
    }
    if (head && lastSeq === headSeq) {
      return { kind: 'unchanged', tail: head };
    }

    const fresh = entries.slice(headSeq - start.seq);
    for (const [i, entry] of fresh.entries()) {
      if (isPortalWrittenAuditChainAction(entry.action)) {
        const seq = headSeq + 1 + i;
        throw new InputError(
          `Line ${lineOf(seq)} (seq ${seq}): ${describePortalWrittenAction(
            entry.action,
          )}; remove it from the uploaded chain and re-append the entries after it. An upload may repeat the ${
            entry.action
          } entries already stored, unchanged, but not add one. Nothing was stored.`,
        );
      }
    }
    const actions: Partial<Record<AuditChainAction, number>> = {};
    for (const entry of fresh) {
      actions[entry.action] = (actions[entry.action] ?? 0) + 1;
    }
    return {
      kind: 'append',
      tail: head,
      firstSeq: headSeq + 1,
      entries: fresh,
      summary: {
        length: lastSeq + 1,
        head: { seq: lastSeq, hash: entries[entries.length - 1].hash },
        appended: fresh.length,
        actions,
      },
    };
  }

  /**
   * Stores the report row and the plan's uploaded entries in one transaction, on top of
   * the tail the plan was made on (`HeadMovedError` when it moved), then moves the head.
   */
  private async commitPlan(
    meta: NewReportMeta,
    plan: Append,
  ): Promise<StoredResult<AuditChainSummary>> {
    const { entityRef, receivedAt } = meta;
    return this.evidence.insertReport(
      meta,
      plan.summary,
      async (trx, reportId) => {
        const headRowExists = await this.lockChain(trx, entityRef);
        await this.checkTailUnmoved(trx, entityRef, plan.tail);
        await this.insertEntries(trx, entityRef, reportId, plan, UPLOADED);
        await this.moveHead(trx, entityRef, headRowExists, plan, receivedAt);
      },
    );
  }

  /** Inside an append transaction: the head moves to the plan's last entry. */
  private async moveHead(
    trx: Knex.Transaction,
    entityRef: string,
    headRowExists: boolean,
    plan: Append,
    verifiedAt: Date,
  ) {
    const { seq, hash } = plan.summary.head;
    if (headRowExists) {
      await trx(HEADS)
        .where({ entity_ref: entityRef })
        .update({ seq, hash, verified_at: verifiedAt });
    } else {
      await trx(HEADS).insert({
        entity_ref: entityRef,
        seq,
        hash,
        verified_at: verifiedAt,
      });
    }
  }

  /** After a failed commit: try again when another append won a race, else rethrow. */
  private rethrowUnlessRaced(
    error: unknown,
    attempt: number,
    entityRef: string,
  ): void {
    const raced = error instanceof HeadMovedError || isUniqueViolation(error);
    if (!raced) throw error;
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConflictError(
        `The audit chain of ${entityRef} kept changing while this upload was stored; send it again`,
      );
    }
  }

  /**
   * Inside the append transaction: takes the entity's head row lock on PostgreSQL, so
   * that a concurrent append from another instance waits for this one and then sees
   * its entries (SQLite has one writer at a time anyway). Returns whether the head row
   * exists. Without one (a first upload), the primary and unique keys settle a race.
   */
  private async lockChain(
    trx: Knex.Transaction,
    entityRef: string,
  ): Promise<boolean> {
    const query = trx<HeadRow>(HEADS)
      .where({ entity_ref: entityRef })
      .first('entity_ref');
    if (trx.client.config.client === 'pg') {
      query.forUpdate();
    }
    return (await query) !== undefined;
  }

  /** Inside the append transaction: the chain must still end where it was planned. */
  private async checkTailUnmoved(
    trx: Knex.Transaction,
    entityRef: string,
    planned?: Tail,
  ) {
    const current = await this.tail(trx, entityRef);
    const moved = planned
      ? current?.seq !== planned.seq || current?.hash !== planned.hash
      : current !== undefined;
    if (moved) {
      throw new HeadMovedError();
    }
  }

  private async insertEntries(
    trx: Knex.Transaction,
    entityRef: string,
    reportId: string,
    plan: Append,
    by: Authorship,
  ) {
    const rows = plan.entries.map((entry, i) => ({
      entity_ref: entityRef,
      seq: plan.firstSeq + i,
      hash: entry.hash,
      prev_hash: entry.prevHash,
      action: entry.action,
      timestamp: new Date(entry.timestamp),
      payload: canonicalEntryContent(entry),
      report_id: reportId,
      origin: by.origin,
      requested_by: by.origin === 'portal' ? by.requestedBy : null,
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx(ENTRIES).insert(rows.slice(i, i + INSERT_CHUNK));
    }
    // The leaves are the stored payloads: the bytes the chain hashes cover.
    const root = await this.tree.append(
      trx,
      entityRef,
      plan.firstSeq,
      rows.map(row => latin1TreeHasher.entryLeafHash(row.payload)),
    );
    await this.checkpoints?.signCheckpoint(
      trx,
      entityRef,
      plan.firstSeq + rows.length,
      root,
    );
  }

  private async headRow(
    db: Knex | Knex.Transaction,
    entityRef: string,
  ): Promise<HeadRow | undefined> {
    return db<HeadRow>(HEADS).where({ entity_ref: entityRef }).first();
  }

  private async tail(
    db: Knex | Knex.Transaction,
    entityRef: string,
  ): Promise<Tail | undefined> {
    const row = await db<EntryRow>(ENTRIES)
      .where({ entity_ref: entityRef })
      .orderBy('seq', 'desc')
      .first('seq', 'hash');
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  private async hashAt(entityRef: string, seq: number): Promise<string> {
    const row = await this.db<EntryRow>(ENTRIES)
      .where({ entity_ref: entityRef, seq })
      .first('hash');
    return row?.hash ?? '';
  }

  private async reportOfEntry(entityRef: string, seq: number) {
    const row = await this.db<EntryRow>(ENTRIES)
      .where({ entity_ref: entityRef, seq })
      .first('report_id');
    return row ? this.report(entityRef, row.report_id) : undefined;
  }

  private async report(entityRef: string, reportId: string) {
    const report = await this.evidence.getReport(entityRef, reportId);
    return report as StoredResult<AuditChainSummary>['report'] | undefined;
  }
}
