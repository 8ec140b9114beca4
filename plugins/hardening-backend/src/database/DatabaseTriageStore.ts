import { Knex } from 'knex';
import { insertRows } from './insertRows';
import { triageClusterKey } from '../clusters/normaliseFailure';
import {
  ClassifiedTriageFailure,
  StoredTriageFailure,
  summarizeTriageFailures,
  TriageDiagnosticsReason,
  TriageFailureGroup,
} from '@hardening/backstage-plugin-hardening-common';
import { EvidenceStore, Page } from './EvidenceStore';
import {
  NewTriageReport,
  StoredTriageResult,
  TriageFailureQuery,
  TriageStore,
} from './TriageStore';
import { orderedAtOf } from './reportIdentity';
import { reopenRecurringFailures } from './triageRecurrence';
import { decodeCursor, encodeCursor, idCursorSchema } from './cursor';

const FAILURES = 'triage_failures';
const REPORTS = 'evidence_reports';
/** Rows per INSERT statement; 500 rows of 21 columns stay under SQLite's bound-parameter limit. */

/** A `triage_failures` row as knex returns it on SQLite and PostgreSQL. */
export type FailureRow = {
  id: number | string;
  report_id: string;
  entity_ref: string;
  fingerprint: string;
  scenario_id: string | null;
  invariant_id: string | null;
  scenario_prefix: string | null;
  invariant_prefix: string | null;
  organization_under_test: string | null;
  key_entity_ids: string;
  title: string | null;
  symptom: string | null;
  message: string | null;
  stack: string | null;
  evidence: string;
  labels: string;
  occurred_at: Date | string | number | null;
  diagnostics_defect: boolean | number;
  diagnostics_reason: string | null;
  unknown_taxonomy: boolean | number;
};

/** A failure row with its report's receipt time and commit. */
export type ListedFailureRow = FailureRow & {
  received_at: Date | string | number;
  commit_sha: string | null;
};

type GroupRow = {
  fingerprint: string;
  occurrences: number | string;
  reports: number | string;
  first_seen: Date | string | number;
  last_seen: Date | string | number;
  latest_id: number | string;
  report_id: string;
  scenario_id: string | null;
  invariant_id: string | null;
  scenario_prefix: string | null;
  invariant_prefix: string | null;
  title: string | null;
  message: string | null;
  diagnostics_defect: boolean | number;
  diagnostics_reason: string | null;
  unknown_taxonomy: boolean | number;
};

export function toIso(value: Date | string | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Copies the non-null columns into optional fields. */
function optional<T extends object>(
  fields: Record<string, string | null | undefined>,
): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}

function failureToRow(
  entityRef: string,
  reportId: string,
  f: ClassifiedTriageFailure,
) {
  return {
    report_id: reportId,
    entity_ref: entityRef,
    fingerprint: f.fingerprint,
    scenario_id: f.scenarioId ?? null,
    invariant_id: f.invariantId ?? null,
    scenario_prefix: f.scenarioPrefix ?? null,
    invariant_prefix: f.invariantPrefix ?? null,
    organization_under_test: f.organizationUnderTest ?? null,
    key_entity_ids: JSON.stringify(f.keyEntityIds ?? []),
    title: f.title ?? null,
    symptom: f.symptom ?? null,
    message: f.message ?? null,
    stack: f.stack ?? null,
    evidence: JSON.stringify(f.evidence ?? []),
    labels: JSON.stringify(f.labels ?? {}),
    occurred_at: f.occurredAt ? new Date(f.occurredAt) : null,
    diagnostics_defect: f.diagnosticsDefect,
    diagnostics_reason: f.diagnosticsReason ?? null,
    unknown_taxonomy: f.unknownTaxonomy,
    cluster_key: triageClusterKey(f),
  };
}

/** Maps a failure row with its report's columns to the API shape. */
export function rowToFailure(row: ListedFailureRow): StoredTriageFailure {
  return {
    id: String(row.id),
    reportId: row.report_id,
    receivedAt: toIso(row.received_at),
    fingerprint: row.fingerprint,
    keyEntityIds: JSON.parse(row.key_entity_ids),
    evidence: JSON.parse(row.evidence),
    labels: JSON.parse(row.labels),
    diagnosticsDefect: Boolean(row.diagnostics_defect),
    unknownTaxonomy: Boolean(row.unknown_taxonomy),
    ...optional<StoredTriageFailure>({
      commit: row.commit_sha,
      scenarioId: row.scenario_id,
      invariantId: row.invariant_id,
      scenarioPrefix: row.scenario_prefix,
      invariantPrefix: row.invariant_prefix,
      organizationUnderTest: row.organization_under_test,
      title: row.title,
      symptom: row.symptom,
      message: row.message,
      stack: row.stack,
      occurredAt: row.occurred_at === null ? null : toIso(row.occurred_at),
      diagnosticsReason: row.diagnostics_reason,
    }),
  };
}

function rowToGroup(row: GroupRow): TriageFailureGroup {
  return {
    fingerprint: row.fingerprint,
    occurrences: Number(row.occurrences),
    reports: Number(row.reports),
    firstSeen: toIso(row.first_seen),
    lastSeen: toIso(row.last_seen),
    latestFailureId: String(row.latest_id),
    latestReportId: row.report_id,
    diagnosticsDefect: Boolean(row.diagnostics_defect),
    unknownTaxonomy: Boolean(row.unknown_taxonomy),
    ...optional<TriageFailureGroup>({
      scenarioId: row.scenario_id,
      invariantId: row.invariant_id,
      scenarioPrefix: row.scenario_prefix,
      invariantPrefix: row.invariant_prefix,
      latestTitle: row.title,
      latestMessage: row.message,
    }),
    ...(row.diagnostics_reason
      ? {
          diagnosticsReason: row.diagnostics_reason as TriageDiagnosticsReason,
        }
      : {}),
  };
}

/** {@link TriageStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseTriageStore implements TriageStore {
  constructor(
    private readonly db: Knex,
    private readonly evidence: EvidenceStore,
  ) {}

  async insertTriageReport({
    failures,
    runId,
    ...meta
  }: NewTriageReport): Promise<StoredTriageResult> {
    let reopened: string[] = [];
    const stored = await this.evidence.insertReport(
      { ...meta, kind: 'triage' },
      summarizeTriageFailures(failures, runId),
      async (trx, reportId) => {
        await insertRows(
          trx,
          FAILURES,
          failures.map(f => failureToRow(meta.entityRef, reportId, f)),
        );
        reopened = await reopenRecurringFailures(trx, {
          entityRef: meta.entityRef,
          reportId,
          receivedAt: meta.receivedAt,
          orderedAt: orderedAtOf(meta.context, meta.receivedAt),
        });
      },
    );
    // A report already stored (or stored by a concurrent identical upload, whose
    // transaction then rolled back) reopened nothing.
    return { ...stored, reopened: stored.created ? reopened : [] };
  }

  async listFailures(
    entityRef: string,
    { reportId, fingerprint, limit, cursor }: TriageFailureQuery,
  ): Promise<Page<StoredTriageFailure>> {
    // A report's failures read in upload order; across reports, newest first.
    const ascending = reportId !== undefined;
    const query = this.db<ListedFailureRow>(`${FAILURES} as f`)
      .join(`${REPORTS} as r`, 'r.id', 'f.report_id')
      .where('f.entity_ref', entityRef)
      .select('f.*', 'r.received_at', 'r.commit_sha')
      .orderBy('f.id', ascending ? 'asc' : 'desc')
      .limit(limit + 1);
    if (reportId !== undefined) {
      query.andWhere('f.report_id', reportId);
    }
    if (fingerprint !== undefined) {
      query.andWhere('f.fingerprint', fingerprint);
    }
    if (cursor) {
      const { id } = decodeCursor(cursor, idCursorSchema);
      query.andWhere('f.id', ascending ? '>' : '<', id);
    }
    const rows: ListedFailureRow[] = await query;
    const items = rows.slice(0, limit).map(rowToFailure);
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor({ id: Number(last.id) }) }
      : { items };
  }

  async groupedFailures(
    entityRef: string,
    { since, limit }: { since?: Date; limit: number },
  ): Promise<TriageFailureGroup[]> {
    // One statement: aggregate per fingerprint, then join the newest occurrence (the
    // highest id) for what it said. No query per group.
    const perFingerprint = this.db(`${FAILURES} as f`)
      .join(`${REPORTS} as r`, 'r.id', 'f.report_id')
      .where('f.entity_ref', entityRef)
      .groupBy('f.fingerprint')
      .select('f.fingerprint')
      .count({ occurrences: '*' })
      .countDistinct({ reports: 'f.report_id' })
      .min({ first_seen: 'r.received_at' })
      .max({ last_seen: 'r.received_at', latest_id: 'f.id' });
    if (since) {
      perFingerprint.andWhere('r.received_at', '>=', since);
    }
    const rows: GroupRow[] = await this.db
      .from(perFingerprint.as('g'))
      .join(`${FAILURES} as l`, 'l.id', 'g.latest_id')
      .select(
        'g.*',
        'l.report_id',
        'l.scenario_id',
        'l.invariant_id',
        'l.scenario_prefix',
        'l.invariant_prefix',
        'l.title',
        'l.message',
        'l.diagnostics_defect',
        'l.diagnostics_reason',
        'l.unknown_taxonomy',
      )
      .orderBy([
        { column: 'g.last_seen', order: 'desc' },
        { column: 'g.occurrences', order: 'desc' },
        { column: 'g.fingerprint', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(rowToGroup);
  }
}
