import {
  canTransitionTriageStatus,
  TRIAGE_STATUSES_REOPENED_ON_RECURRENCE,
  TRIAGE_SYSTEM_ACTOR,
  triageRecurrenceNote,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';

/** The statuses a recurring failure leaves for `open`, as far as the lifecycle allows. */
const REOPEN_FROM = TRIAGE_STATUSES_REOPENED_ON_RECURRENCE.filter(status =>
  canTransitionTriageStatus(status, 'open'),
);

/**
 * The `triage_states` rows (alias `s`) of the entity to reopen: in a status of
 * {@link REOPEN_FROM}, given it no later than the report was received, and with an
 * occurrence in the report that happened after that: its `occurredAt`, or when the
 * harness did not say, the report's run time (`orderedAt`: the CI run's start, else the
 * receipt), which must then not be earlier. So a run that started before the fix, even
 * if uploaded after it, reopens nothing unless an occurrence says it failed later. The
 * report's failures are found by `triage_failures_report_idx` (the report is the entity's).
 */
const CANDIDATES = `
  s.entity_ref = :entityRef
  and s.status in (${REOPEN_FROM.map((_, i) => `:from${i}`).join(', ')})
  and s.status_changed_at <= :at
  and exists (
    select 1 from triage_failures as f
    where f.report_id = :reportId
      and f.fingerprint = s.fingerprint
      and (f.occurred_at > s.status_changed_at
        or (f.occurred_at is null and s.status_changed_at <= :orderedAt))
  )`;

const STATE_CHANGE = `status = 'open', version = s.version + 1,
  status_changed_at = :at, status_changed_by = :by`;

const HISTORY_COLUMNS = `entity_ref, fingerprint, "at", "by", from_status, to_status, note`;

/**
 * Reopens, in the transaction that stores a new triage report, the failures of the
 * entity that were fixed and occur again in it: status `open` (class and defect kept),
 * version + 1, changed at the report's receipt by {@link TRIAGE_SYSTEM_ACTOR}, and a
 * history entry naming the report. One statement on PostgreSQL, two on SQLite (where
 * the transaction already holds the database's write lock), whatever the number of
 * failures.
 *
 * @returns the reopened fingerprints, sorted
 */
export async function reopenRecurringFailures(
  trx: Knex.Transaction,
  report: {
    entityRef: string;
    reportId: string;
    receivedAt: Date;
    /** The report's place in time: `orderedAtOf` its context and receipt. */
    orderedAt: Date;
  },
): Promise<string[]> {
  if (REOPEN_FROM.length === 0) return [];
  const bindings = {
    entityRef: report.entityRef,
    reportId: report.reportId,
    at: report.receivedAt,
    orderedAt: report.orderedAt,
    by: TRIAGE_SYSTEM_ACTOR,
    note: triageRecurrenceNote(report.reportId),
    ...Object.fromEntries(REOPEN_FROM.map((status, i) => [`from${i}`, status])),
  };

  let rows: { fingerprint: string }[];
  if (trx.client.config.client === 'pg') {
    // One statement: the update returns what it changed, with the status it had (read
    // through the self-join, which sees the rows as they were), to the history insert.
    const result = await trx.raw(
      `with reopened as (
        update triage_states as s set ${STATE_CHANGE}
        from triage_states as prior
        where prior.entity_ref = s.entity_ref
          and prior.fingerprint = s.fingerprint
          and ${CANDIDATES}
        returning s.entity_ref, s.fingerprint, prior.status as from_status
      )
      insert into triage_state_history (${HISTORY_COLUMNS})
      select entity_ref, fingerprint, cast(:at as timestamptz),
        cast(:by as varchar(255)), from_status, 'open', cast(:note as text)
      from reopened
      returning fingerprint`,
      bindings,
    );
    rows = result.rows;
  } else {
    // The history first, from the rows as they are; then the same rows change. Nothing
    // else writes in between: this transaction inserted the report, so it holds
    // SQLite's write lock until it commits.
    rows = await trx.raw(
      `insert into triage_state_history (${HISTORY_COLUMNS})
      select s.entity_ref, s.fingerprint, :at, :by, s.status, 'open', :note
      from triage_states as s
      where ${CANDIDATES}
      returning fingerprint`,
      bindings,
    );
    await trx.raw(
      `update triage_states as s set ${STATE_CHANGE} where ${CANDIDATES}`,
      bindings,
    );
  }
  return rows.map(row => row.fingerprint).sort();
}
