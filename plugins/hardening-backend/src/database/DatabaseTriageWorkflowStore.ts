import { ConflictError } from '@backstage/errors';
import {
  ACTIVE_TRIAGE_STATUSES,
  StoredTriageFailure,
  TriageClass,
  TriageFailureState,
  TriageHistoryEntry,
  TriageStatus,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { ListedFailureRow, rowToFailure, toIso } from './DatabaseTriageStore';
import {
  TriageGroupQuery,
  TriageGroupRecord,
  TriageStateChange,
  TriageWorkflowStore,
} from './TriageWorkflowStore';

const FAILURES = 'triage_failures';
const REPORTS = 'evidence_reports';
const STATES = 'triage_states';
const HISTORY = 'triage_state_history';

type Timestamp = Date | string | number;

type StateRow = {
  entity_ref: string;
  fingerprint: string;
  status: string;
  class: string | null;
  classified_at: Timestamp | null;
  classified_by: string | null;
  status_changed_at: Timestamp;
  status_changed_by: string;
  defect_url: string | null;
  defect_recorded_at: Timestamp | null;
  defect_recorded_by: string | null;
  version: number;
};

type HistoryRow = {
  at: Timestamp;
  by: string;
  from_status: string;
  to_status: string;
  class: string | null;
  defect_url: string | null;
  note: string | null;
};

/** The state columns of a group row, prefixed `s_` (null when never triaged). */
type GroupRow = ListedFailureRow & {
  g_entity_ref: string;
  occurrences: number | string;
  reports: number | string;
  first_seen: Timestamp;
  last_seen: Timestamp;
  run_url: string | null;
  /** JSON `ReportUploader` of the newest occurrence's report, or null. */
  uploader: string | null;
  s_status: string | null;
  s_class: string | null;
  s_classified_at: Timestamp | null;
  s_classified_by: string | null;
  s_status_changed_at: Timestamp | null;
  s_defect_url: string | null;
  s_defect_recorded_at: Timestamp | null;
  s_defect_recorded_by: string | null;
  flaky_commit: string | null;
  flaky_commits: number | string | null;
};

const STATE_COLUMNS = [
  'status',
  'class',
  'classified_at',
  'classified_by',
  'status_changed_at',
  'defect_url',
  'defect_recorded_at',
  'defect_recorded_by',
] as const;

/** The state of a `triage_states` row, or of the `s_`-prefixed columns of a join. */
function toState(
  get: (column: (typeof STATE_COLUMNS)[number]) => unknown,
): TriageFailureState {
  const status = get('status') as TriageStatus | null;
  if (!status) return { status: 'open' };
  const state: TriageFailureState = { status };
  const cls = get('class') as TriageClass | null;
  if (cls) {
    state.class = cls;
    state.classifiedAt = toIso(get('classified_at') as Timestamp);
    state.classifiedBy = get('classified_by') as string;
  }
  state.statusChangedAt = toIso(get('status_changed_at') as Timestamp);
  const defectUrl = get('defect_url') as string | null;
  if (defectUrl) {
    state.defect = {
      url: defectUrl,
      recordedAt: toIso(get('defect_recorded_at') as Timestamp),
      recordedBy: get('defect_recorded_by') as string,
    };
  }
  return state;
}

function rowToEntry(row: HistoryRow): TriageHistoryEntry {
  return {
    at: toIso(row.at),
    by: row.by,
    from: row.from_status as TriageStatus,
    to: row.to_status as TriageStatus,
    ...(row.class ? { class: row.class as TriageClass } : {}),
    ...(row.defect_url ? { defectUrl: row.defect_url } : {}),
    ...(row.note ? { note: row.note } : {}),
  };
}

function rowToGroup(row: GroupRow): TriageGroupRecord {
  const record: TriageGroupRecord = {
    entityRef: row.g_entity_ref,
    fingerprint: row.fingerprint,
    occurrences: Number(row.occurrences),
    reports: Number(row.reports),
    firstSeen: toIso(row.first_seen),
    lastSeen: toIso(row.last_seen),
    latest: rowToFailure(row),
    state: toState(column => row[`s_${column}` as keyof GroupRow]),
  };
  if (row.run_url) record.runUrl = row.run_url;
  if (row.uploader) record.uploader = JSON.parse(row.uploader);
  if (row.flaky_commit) {
    record.flaky = {
      commit: row.flaky_commit,
      commits: Number(row.flaky_commits),
    };
  }
  return record;
}

type FlakyRow = {
  k_entity_ref: string;
  k_fingerprint: string;
  flaky_commit: string;
  flaky_commits: number | string;
};

/** Unique-key violations on SQLite and PostgreSQL. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/** {@link TriageWorkflowStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseTriageWorkflowStore implements TriageWorkflowStore {
  constructor(private readonly db: Knex) {}

  async groups(
    entityRefs: readonly string[],
    { limit, activeOnly, fingerprint }: TriageGroupQuery,
  ): Promise<TriageGroupRecord[]> {
    if (entityRefs.length === 0) return [];
    const refs = [...entityRefs];
    const { db } = this;

    // Per entity and fingerprint: counts, first/last seen and the newest occurrence.
    const perFingerprint = db(`${FAILURES} as f`)
      .join(`${REPORTS} as r`, 'r.id', 'f.report_id')
      .whereIn('f.entity_ref', refs)
      .groupBy('f.entity_ref', 'f.fingerprint')
      .select({ g_entity_ref: 'f.entity_ref', g_fingerprint: 'f.fingerprint' })
      .count({ occurrences: '*' })
      .countDistinct({ reports: 'f.report_id' })
      .min({ first_seen: 'r.received_at' })
      .max({ last_seen: 'r.received_at', latest_id: 'f.id' });
    if (fingerprint !== undefined) {
      perFingerprint.andWhere('f.fingerprint', fingerprint);
    }

    // The history fact: commits with several triage runs, in only some of which the
    // failure was reported (so it passed in the others).
    const runsPerCommit = db(REPORTS)
      .whereIn('entity_ref', refs)
      .andWhere('kind', 'triage')
      .whereNotNull('commit_sha')
      .groupBy('entity_ref', 'commit_sha')
      .select('entity_ref', 'commit_sha')
      .count({ runs: '*' })
      .havingRaw('count(*) > ?', [1]);
    const failedRunsPerCommit = db(`${FAILURES} as ff`)
      .join(`${REPORTS} as fr`, 'fr.id', 'ff.report_id')
      .whereIn('ff.entity_ref', refs)
      .whereNotNull('fr.commit_sha')
      .groupBy('ff.entity_ref', 'ff.fingerprint', 'fr.commit_sha')
      .select({
        entity_ref: 'ff.entity_ref',
        fingerprint: 'ff.fingerprint',
        commit_sha: 'fr.commit_sha',
      })
      .countDistinct({ failed_runs: 'ff.report_id' });
    const flaky = db
      .from(failedRunsPerCommit.as('fc'))
      .join(runsPerCommit.as('rc'), join =>
        join
          .on('rc.entity_ref', 'fc.entity_ref')
          .andOn('rc.commit_sha', 'fc.commit_sha'),
      )
      .whereRaw('fc.failed_runs < rc.runs')
      .groupBy('fc.entity_ref', 'fc.fingerprint')
      .select({
        k_entity_ref: 'fc.entity_ref',
        k_fingerprint: 'fc.fingerprint',
      })
      .max({ flaky_commit: 'fc.commit_sha' })
      .count({ flaky_commits: '*' });

    const query = db
      .from(perFingerprint.as('g'))
      .join(`${FAILURES} as l`, 'l.id', 'g.latest_id')
      .join(`${REPORTS} as lr`, 'lr.id', 'l.report_id')
      .leftJoin(`${STATES} as s`, join =>
        join
          .on('s.entity_ref', 'g.g_entity_ref')
          .andOn('s.fingerprint', 'g.g_fingerprint'),
      )
      .select(
        'l.*',
        'g.g_entity_ref',
        'g.occurrences',
        'g.reports',
        'g.first_seen',
        'g.last_seen',
        'lr.received_at',
        'lr.commit_sha',
        'lr.run_url',
        'lr.uploader',
        ...STATE_COLUMNS.map(c => `s.${c} as s_${c}`),
      )
      .orderBy([
        { column: 'g.last_seen', order: 'desc' },
        { column: 'g.occurrences', order: 'desc' },
        { column: 'g.g_entity_ref', order: 'asc' },
        { column: 'g.g_fingerprint', order: 'asc' },
      ])
      .limit(limit);
    if (activeOnly) {
      query.where(q =>
        q
          .whereNull('s.status')
          .orWhereIn('s.status', [...ACTIVE_TRIAGE_STATUSES]),
      );
    }
    // Two statements whatever the number of entities. The history fact is read on its
    // own: joined into the statement above, PostgreSQL's estimate for it (one row) led
    // to a nested loop that took seconds for a team.
    const [rows, flakyRows] = await Promise.all([
      query as Promise<GroupRow[]>,
      flaky as Promise<FlakyRow[]>,
    ]);
    const flakyByKey = new Map(
      flakyRows.map(f => [`${f.k_entity_ref}\u0000${f.k_fingerprint}`, f]),
    );
    return rows.map(row => {
      const fact = flakyByKey.get(
        `${row.g_entity_ref}\u0000${row.fingerprint}`,
      );
      return rowToGroup({
        ...row,
        flaky_commit: fact?.flaky_commit ?? null,
        flaky_commits: fact?.flaky_commits ?? null,
      });
    });
  }

  async getFailure(
    entityRef: string,
    failureId: string,
  ): Promise<{ failure: StoredTriageFailure; runUrl?: string } | undefined> {
    const row: (ListedFailureRow & { run_url: string | null }) | undefined =
      await this.db(`${FAILURES} as f`)
        .join(`${REPORTS} as r`, 'r.id', 'f.report_id')
        .where({ 'f.entity_ref': entityRef, 'f.id': failureId })
        .first('f.*', 'r.received_at', 'r.commit_sha', 'r.run_url');
    if (!row) return undefined;
    const { run_url: runUrl, ...failureRow } = row;
    return {
      failure: rowToFailure(failureRow),
      ...(runUrl ? { runUrl } : {}),
    };
  }

  async history(
    entityRef: string,
    fingerprint: string,
  ): Promise<TriageHistoryEntry[]> {
    const rows: HistoryRow[] = await this.db(HISTORY)
      .where({ entity_ref: entityRef, fingerprint })
      .orderBy('id', 'asc')
      .select(
        'at',
        'by',
        'from_status',
        'to_status',
        'class',
        'defect_url',
        'note',
      );
    return rows.map(rowToEntry);
  }

  async changeState(
    entityRef: string,
    fingerprint: string,
    decide: (current: TriageFailureState) => TriageStateChange,
  ): Promise<{ state: TriageFailureState; entry: TriageHistoryEntry }> {
    const key = { entity_ref: entityRef, fingerprint };
    try {
      return await this.db.transaction(async trx => {
        const row: StateRow | undefined = await trx(STATES).where(key).first();
        const current = row
          ? toState(column => row[column])
          : { status: 'open' as const };
        const change = decide(current);
        const statusChanged = change.to !== current.status;
        const next = {
          ...key,
          status: change.to,
          ...(change.class
            ? {
                class: change.class,
                classified_at: change.at,
                classified_by: change.by,
              }
            : {}),
          ...(statusChanged || !row
            ? { status_changed_at: change.at, status_changed_by: change.by }
            : {}),
          ...(change.defectUrl
            ? {
                defect_url: change.defectUrl,
                defect_recorded_at: change.at,
                defect_recorded_by: change.by,
              }
            : {}),
        };
        if (!row) {
          await trx(STATES).insert({ ...next, version: 1 });
        } else {
          const updated = await trx(STATES)
            .where({ ...key, version: row.version })
            .update({ ...next, version: row.version + 1 });
          if (updated !== 1) {
            throw new ConflictError(
              'The failure was changed at the same time by someone else; reload it and try again',
            );
          }
        }
        const history = {
          ...key,
          at: change.at,
          by: change.by,
          from_status: current.status,
          to_status: change.to,
          class: change.class ?? null,
          defect_url: change.defectUrl ?? null,
          note: change.note ?? null,
        };
        await trx(HISTORY).insert(history);
        const stored: StateRow = await trx(STATES).where(key).first();
        return {
          state: toState(column => stored[column]),
          entry: rowToEntry(history),
        };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          'The failure was triaged at the same time by someone else; reload it and try again',
        );
      }
      throw error;
    }
  }
}
