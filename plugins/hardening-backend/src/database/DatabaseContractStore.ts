import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { insertRows } from './insertRows';
import {
  ContractResultsSummary,
  StoredContract,
  StoredContractViolation,
} from '@hardening/backstage-plugin-hardening-common';
import {
  ContractStore,
  NewContract,
  NewContractResults,
  SavedContract,
} from './ContractStore';
import {
  EvidenceStore,
  Page,
  PageRequest,
  StoredResult,
} from './EvidenceStore';
import {
  afterNewestFirstCursor,
  decodeCursor,
  encodeCursor,
  idCursorSchema,
  reportCursorSchema,
} from './cursor';

const CONTRACTS = 'delivery_contracts';
const VIOLATIONS = 'contract_violations';
/** Rows per INSERT statement; keeps SQLite under its bound-parameter limit. */

export type ContractRow = {
  id: string;
  entity_ref: string;
  digest: string;
  document: string;
  gate_count: number;
  uploaded_at: Date | string | number;
  uploaded_by: string;
};

type ViolationRow = {
  id: number | string;
  report_id: string;
  entity_ref: string;
  gate_id: string;
  file: string | null;
  line: number | null;
  message: string;
};

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

export function rowToContract(row: ContractRow): StoredContract {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    digest: row.digest,
    gateCount: Number(row.gate_count),
    uploadedAt: toDate(row.uploaded_at).toISOString(),
    uploadedBy: row.uploaded_by,
    contract: JSON.parse(row.document),
  };
}

function rowToViolation(
  row: Pick<ViolationRow, 'gate_id' | 'file' | 'line' | 'message'>,
): StoredContractViolation {
  const violation: StoredContractViolation = {
    gateId: row.gate_id,
    message: row.message,
  };
  if (row.file !== null) violation.file = row.file;
  if (row.line !== null) violation.line = Number(row.line);
  return violation;
}

/** {@link ContractStore} on knex, for SQLite and PostgreSQL; reports go through the evidence store. */
export class DatabaseContractStore implements ContractStore {
  constructor(
    private readonly db: Knex,
    private readonly evidence: EvidenceStore,
  ) {}

  async saveContract(input: NewContract): Promise<SavedContract> {
    try {
      return await this.db.transaction(trx => this.save(trx, input));
    } catch (error) {
      // Lost a race with an identical upload: the unique index kept one copy.
      const raced = await this.db<ContractRow>(CONTRACTS)
        .where({ entity_ref: input.entityRef, digest: input.digest })
        .first();
      if (raced) {
        return { contract: rowToContract(raced), created: false };
      }
      throw error;
    }
  }

  private async save(
    trx: Knex.Transaction,
    { entityRef, digest, contract, uploadedAt, uploadedBy }: NewContract,
  ): Promise<SavedContract> {
    const latest = await this.newest(trx, entityRef);
    if (latest?.digest === digest) {
      return { contract: rowToContract(latest), created: false };
    }
    // The current contract is the newest by uploaded_at: keep that order strict even when
    // two uploads share a millisecond or clocks of several backends disagree.
    const at = latest
      ? new Date(
          Math.max(
            uploadedAt.getTime(),
            toDate(latest.uploaded_at).getTime() + 1,
          ),
        )
      : uploadedAt;

    const existing = await trx<ContractRow>(CONTRACTS)
      .where({ entity_ref: entityRef, digest })
      .first();
    if (existing) {
      await trx(CONTRACTS)
        .where({ id: existing.id })
        .update({ uploaded_at: at, uploaded_by: uploadedBy });
      return {
        contract: rowToContract({
          ...existing,
          uploaded_at: at,
          uploaded_by: uploadedBy,
        }),
        created: false,
      };
    }

    const row: ContractRow = {
      id: randomUUID(),
      entity_ref: entityRef,
      digest,
      document: JSON.stringify(contract),
      gate_count: contract.gates.length,
      uploaded_at: at,
      uploaded_by: uploadedBy,
    };
    await trx(CONTRACTS).insert(row);
    return { contract: rowToContract(row), created: true };
  }

  async latestContract(entityRef: string): Promise<StoredContract | undefined> {
    const row = await this.newest(this.db, entityRef);
    return row ? rowToContract(row) : undefined;
  }

  async listContracts(
    entityRef: string,
    { limit, cursor }: PageRequest,
  ): Promise<Page<StoredContract>> {
    const query = this.db<ContractRow>(CONTRACTS)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'uploaded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (cursor) {
      afterNewestFirstCursor(
        query,
        'uploaded_at',
        'id',
        decodeCursor(cursor, reportCursorSchema),
      );
    }
    const rows = await query;
    const items = rows.slice(0, limit).map(rowToContract);
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor({ t: last.uploadedAt, id: last.id }) }
      : { items };
  }

  async insertResults({
    meta,
    summary,
    violations,
  }: NewContractResults): Promise<StoredResult<ContractResultsSummary>> {
    return this.evidence.insertReport(
      { ...meta, kind: 'contract-results' },
      summary,
      async (trx, reportId) => {
        await insertRows(
          trx,
          VIOLATIONS,
          violations.map(v => ({
            report_id: reportId,
            entity_ref: meta.entityRef,
            gate_id: v.gateId,
            file: v.file ?? null,
            line: v.line ?? null,
            message: v.message,
          })),
        );
      },
    );
  }

  async listViolations(
    entityRef: string,
    reportId: string,
    { limit, cursor, gateId }: PageRequest & { gateId?: string },
  ): Promise<Page<StoredContractViolation>> {
    const query = this.db<ViolationRow>(VIOLATIONS)
      .where({ entity_ref: entityRef, report_id: reportId })
      .orderBy('id', 'asc')
      .limit(limit + 1)
      .select('id', 'gate_id', 'file', 'line', 'message');
    if (gateId !== undefined) {
      query.andWhere('gate_id', gateId);
    }
    if (cursor) {
      query.andWhere('id', '>', decodeCursor(cursor, idCursorSchema).id);
    }
    const rows = await query;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const items = page.map(rowToViolation);
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor({ id: Number(last.id) }) }
      : { items };
  }

  private newest(
    db: Knex | Knex.Transaction,
    entityRef: string,
  ): Promise<ContractRow | undefined> {
    return db<ContractRow>(CONTRACTS)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'uploaded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
  }
}
