import { InputError } from '@backstage/errors';
import {
  DAY_MS,
  EXPIRING_QUARANTINE_STATES,
  TestQuarantine,
  TestQuarantineChange,
  TestQuarantineChangeResponse,
  TestQuarantineRequest,
  TestQuarantineState,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { FlakySettings } from '../quarantine/flakySettings';
import { testKey } from './testResultRows';

const TABLE = 'test_quarantine';
const HISTORY = 'test_quarantine_history';

/** Who the expiry task records as having made its changes. */
export const EXPIRY_ACTOR = 'hardening:quarantine-expiry';

type QuarantineRow = {
  entity_ref: string;
  test_key: string;
  test_id: string;
  state: TestQuarantineState;
  reason: string;
  changed_by: string;
  changed_at: Date | string | number;
  expires_at: Date | string | number | null;
};

const iso = (value: Date | string | number) =>
  (value instanceof Date ? value : new Date(value)).toISOString();

function toChange(
  row: Omit<QuarantineRow, 'entity_ref' | 'test_key' | 'state'>,
  from: TestQuarantineState,
  to: TestQuarantineState,
): TestQuarantineChange {
  return {
    testId: row.test_id,
    from,
    to,
    reason: row.reason,
    changedBy: row.changed_by,
    changedAt: iso(row.changed_at),
    ...(row.expires_at !== null ? { expiresAt: iso(row.expires_at) } : {}),
  };
}

/**
 * Quarantine state of tests (`test_quarantine`, `active` when absent) and the history of
 * its changes, on knex for SQLite and PostgreSQL.
 */
export class DatabaseQuarantineStore {
  constructor(
    private readonly db: Knex,
    private readonly settings: Pick<
      FlakySettings,
      'defaultQuarantineDays' | 'maxQuarantineDays' | 'fixedAfterPasses'
    >,
  ) {}

  /**
   * Every test of the entity whose state was changed, by test id; quarantined tests with
   * their passes in a row since the quarantine started (their newest
   * `fixedAfterPasses` results, one statement for all of them).
   */
  async list(entityRef: string): Promise<TestQuarantine[]> {
    const { db } = this;
    const n = this.settings.fixedAfterPasses;
    const rows: QuarantineRow[] = await db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('test_id');
    const ranked = db({ q: TABLE })
      .join({ t: 'test_results' }, function joinTests() {
        this.on('t.entity_ref', 'q.entity_ref').andOn(
          't.test_key',
          'q.test_key',
        );
      })
      .join({ r: 'evidence_reports' }, 'r.id', 't.report_id')
      .where({ 'q.entity_ref': entityRef, 'q.state': 'quarantined' })
      .andWhereRaw('r.received_at >= q.changed_at')
      .select(
        'q.test_key',
        't.status',
        db.raw(
          'row_number() over (partition by q.test_key order by r.received_at desc, t.id desc) as rn',
        ),
      );
    const streaks: Array<{
      test_key: string;
      first_other: number | string | null;
      seen: number | string;
    }> = await db
      .from(ranked.as('x'))
      .where('x.rn', '<=', n)
      .groupBy('x.test_key')
      .select(
        'x.test_key',
        db.raw(
          'min(case when x.status <> ? then x.rn else null end) as first_other',
          ['passed'],
        ),
        db.raw('count(*) as seen'),
      );
    const passes = new Map(
      streaks.map(s => [
        s.test_key,
        s.first_other === null ? Number(s.seen) : Number(s.first_other) - 1,
      ]),
    );
    return rows.map(row => {
      const passesInARow = passes.get(row.test_key) ?? 0;
      return {
        testId: row.test_id,
        state: row.state,
        reason: row.reason,
        changedBy: row.changed_by,
        changedAt: iso(row.changed_at),
        ...(row.expires_at !== null ? { expiresAt: iso(row.expires_at) } : {}),
        passesInARow,
        proposedFixed: row.state === 'quarantined' && passesInARow >= n,
      };
    });
  }

  /** The expiry a change to `state` gets, or an InputError for a bad one. */
  expiryOf(
    request: Pick<TestQuarantineRequest, 'state' | 'expiresAt'>,
    now: Date,
  ): Date | null {
    const { defaultQuarantineDays, maxQuarantineDays } = this.settings;
    if (!EXPIRING_QUARANTINE_STATES.includes(request.state)) {
      if (request.expiresAt !== undefined) {
        throw new InputError(
          `expiresAt is only for quarantined and disabled tests, not ${request.state}`,
        );
      }
      return null;
    }
    if (request.expiresAt === undefined) {
      return new Date(now.getTime() + defaultQuarantineDays * DAY_MS);
    }
    const expiry = new Date(request.expiresAt);
    if (expiry.getTime() <= now.getTime()) {
      throw new InputError('expiresAt must be in the future');
    }
    if (expiry.getTime() > now.getTime() + maxQuarantineDays * DAY_MS) {
      throw new InputError(
        `expiresAt may be at most ${maxQuarantineDays} days ahead (hardening.flaky.maxQuarantineDays)`,
      );
    }
    return expiry;
  }

  /** Sets a test's state and records the change, in one transaction. */
  async change(
    entityRef: string,
    request: TestQuarantineRequest,
    by: string,
    now: Date,
  ): Promise<TestQuarantineChangeResponse> {
    const expiresAt = this.expiryOf(request, now);
    const key = testKey(request.testId);
    const change = await this.db.transaction(async tx => {
      const current: QuarantineRow | undefined = await tx(TABLE)
        .where({ entity_ref: entityRef, test_key: key })
        .forUpdate()
        .first();
      const from = current?.state ?? 'active';
      const row = {
        test_id: request.testId,
        reason: request.reason,
        changed_by: by,
        changed_at: now,
        expires_at: expiresAt,
      };
      await tx(TABLE)
        .insert({
          entity_ref: entityRef,
          test_key: key,
          state: request.state,
          ...row,
        })
        .onConflict(['entity_ref', 'test_key'])
        .merge();
      await tx(HISTORY).insert({
        entity_ref: entityRef,
        from_state: from,
        to_state: request.state,
        ...row,
      });
      return toChange(row, from, request.state);
    });
    const quarantine = (await this.list(entityRef)).find(
      q => q.testId === request.testId,
    )!;
    return { quarantine, change };
  }

  /** Sets every quarantine or disable that expired at `now` back to active; the changes made. */
  async expire(
    now: Date,
  ): Promise<Array<TestQuarantineChange & { entityRef: string }>> {
    return this.db.transaction(async tx => {
      const due: QuarantineRow[] = await tx(TABLE)
        .whereIn('state', EXPIRING_QUARANTINE_STATES)
        .andWhere('expires_at', '<=', now)
        .orderBy(['entity_ref', 'test_id'])
        .forUpdate();
      const changes = [];
      for (const row of due) {
        const next = {
          test_id: row.test_id,
          reason: `the ${row.state} state expired`,
          changed_by: EXPIRY_ACTOR,
          changed_at: now,
          expires_at: null,
        };
        await tx(TABLE)
          .where({ entity_ref: row.entity_ref, test_key: row.test_key })
          .update({ ...next, state: 'active' });
        await tx(HISTORY).insert({
          entity_ref: row.entity_ref,
          from_state: row.state,
          to_state: 'active',
          ...next,
        });
        changes.push({
          entityRef: row.entity_ref,
          ...toChange(next, row.state, 'active'),
        });
      }
      return changes;
    });
  }

  /** The entity's change history, oldest first. */
  async history(entityRef: string): Promise<TestQuarantineChange[]> {
    const rows = await this.db(HISTORY)
      .where({ entity_ref: entityRef })
      .orderBy('id');
    return rows.map(row => toChange(row, row.from_state, row.to_state));
  }
}
