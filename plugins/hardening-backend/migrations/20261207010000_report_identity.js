// @ts-check

const { createHash } = require('node:crypto');

/**
 * Report identity and the order "newest" means.
 *
 * - `identity_digest`: SHA-256 of the body's digest and the CI context that names the run
 *   (the same computation as `reportIdentity` in src/database/reportIdentity.ts). The
 *   unique index `evidence_reports_identity_idx` moves from (entity_ref, kind, digest) to
 *   (entity_ref, kind, identity_digest): the same bytes from another run are another
 *   report. `digest` stays the body's digest.
 * - `ordered_at`: the CI run's start (`run_at`) when it is earlier than the receipt, else
 *   the receipt.
 * - `receipt_seq`: the reports numbered in the order they were stored (PostgreSQL: a
 *   sequence as the column's default; SQLite: one more than the highest, written by the
 *   store), unique, breaking ties of `ordered_at`.
 * - `evidence_reports_newest_idx` becomes (entity_ref, kind, ordered_at, receipt_seq, id):
 *   the newest report of a kind is one backwards index seek (index-only for its id);
 *   `evidence_reports_latest_idx` (entity_ref, kind, received_at) is dropped.
 *
 * Existing rows get their identity and sequence number in batches, in receipt order
 * (received_at, then id). Everything here is plain SQL: knex's column changes rebuild the
 * table on SQLite, which would drop its evidence-version triggers. On SQLite the new
 * columns are NOT NULL with a default (ALTER TABLE ADD COLUMN needs one); on PostgreSQL
 * they are made NOT NULL once filled.
 */

const TABLE = 'evidence_reports';
const SEQUENCE = 'evidence_reports_receipt_seq';
const BATCH = 500;

const isPg = (/** @type {import('knex').Knex} */ knex) =>
  String(knex.client.config.client) === 'pg';

/**
 * @typedef {{
 *   id: string; digest: string; commit_sha: string | null; branch: string | null;
 *   run_url: string | null; pipeline: string | null; tags: string;
 *   run_id: string | null; run_attempt: number | string | null;
 *   received_at: Date | number | string;
 * }} Row
 */

/** `reportIdentity` of a stored row. @param {Row} row */
function identityOf(row) {
  const tags = /** @type {string[]} */ (JSON.parse(row.tags || '[]'));
  const identity = [
    row.digest,
    row.commit_sha ? row.commit_sha.toLowerCase() : null,
    row.branch ?? null,
    row.run_url ?? null,
    row.pipeline ?? null,
    [...new Set(tags)].sort(),
    row.run_id ?? null,
    row.run_attempt === null || row.run_attempt === undefined
      ? null
      : Number(row.run_attempt),
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * Writes the identity and sequence number of a batch of rows in one statement.
 *
 * @param {import('knex').Knex} knex
 * @param {Array<[string, string, number]>} values id, identity, sequence number
 */
async function writeBatch(knex, values) {
  const tuples = values.map(() => '(?, ?, ?)').join(', ');
  const bindings = values.flat();
  if (isPg(knex)) {
    await knex.raw(
      `update ${TABLE} as r set identity_digest = v.identity, receipt_seq = v.seq
         from (values ${values
           .map(() => '(?, ?, cast(? as bigint))')
           .join(', ')}) as v(id, identity, seq)
         where r.id = v.id`,
      bindings,
    );
    return;
  }
  await knex.raw(
    `update ${TABLE} set identity_digest = v.column2, receipt_seq = v.column3
       from (values ${tuples}) as v
       where ${TABLE}.id = v.column1`,
    bindings,
  );
}

/**
 * Gives every row its identity and its place in receipt order, in batches.
 *
 * @param {import('knex').Knex} knex
 */
async function backfill(knex) {
  let seq = 0;
  /** @type {Row | undefined} */
  let after;
  for (;;) {
    const query = knex(TABLE)
      .select(
        'id',
        'digest',
        'commit_sha',
        'branch',
        'run_url',
        'pipeline',
        'tags',
        'run_id',
        'run_attempt',
        'received_at',
      )
      .orderBy([
        { column: 'received_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(BATCH);
    if (after) {
      const last = after;
      query.where(q =>
        q
          .where('received_at', '>', last.received_at)
          .orWhere(q2 =>
            q2
              .where('received_at', '=', last.received_at)
              .andWhere('id', '>', last.id),
          ),
      );
    }
    /** @type {Row[]} */
    const rows = await query;
    if (rows.length === 0) break;
    /** @type {Array<[string, string, number]>} */
    const values = [];
    for (const row of rows) {
      seq += 1;
      values.push([row.id, identityOf(row), seq]);
    }
    await writeBatch(knex, values);
    after = rows[rows.length - 1];
  }
  await knex.raw(
    `update ${TABLE} set ordered_at = case
       when run_at is not null and run_at < received_at then run_at
       else received_at end`,
  );
  return seq;
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (isPg(knex)) {
    await knex.raw(
      `alter table ${TABLE}
         add column identity_digest varchar(64),
         add column ordered_at timestamptz,
         add column receipt_seq bigint`,
    );
  } else {
    await knex.raw(
      `alter table ${TABLE} add column identity_digest varchar(64) not null default ''`,
    );
    await knex.raw(
      `alter table ${TABLE} add column ordered_at datetime not null default 0`,
    );
    await knex.raw(
      `alter table ${TABLE} add column receipt_seq bigint not null default 0`,
    );
  }

  const last = await backfill(knex);

  if (isPg(knex)) {
    // The backfill's updates queued the deferred evidence-version trigger; PostgreSQL
    // alters no table with trigger events pending, so they run now.
    await knex.raw(
      'set constraints evidence_reports_evidence_version immediate',
    );
    await knex.raw(`create sequence ${SEQUENCE} owned by ${TABLE}.receipt_seq`);
    await knex.raw(`select setval(?, ?, false)`, [SEQUENCE, last + 1]);
    await knex.raw(
      `alter table ${TABLE}
         alter column receipt_seq set default nextval('${SEQUENCE}'),
         alter column receipt_seq set not null,
         alter column identity_digest set not null,
         alter column ordered_at set not null`,
    );
    for (const [column, comment] of [
      ['identity_digest', 'SHA-256 of the body digest and the CI context'],
      ['ordered_at', 'CI run start (if before the receipt), else the receipt'],
      ['receipt_seq', 'Order in which the reports were stored'],
    ]) {
      await knex.raw(`comment on column ${TABLE}.${column} is '${comment}'`);
    }
    await knex.raw(
      `alter table ${TABLE} drop constraint evidence_reports_identity_idx`,
    );
  } else {
    await knex.raw(`drop index evidence_reports_identity_idx`);
  }
  await knex.raw(`drop index evidence_reports_latest_idx`);
  await knex.raw(`drop index evidence_reports_newest_idx`);
  await knex.raw(
    `create unique index evidence_reports_identity_idx
       on ${TABLE} (entity_ref, kind, identity_digest)`,
  );
  await knex.raw(
    `create index evidence_reports_newest_idx
       on ${TABLE} (entity_ref, kind, ordered_at, receipt_seq, id)`,
  );
  await knex.raw(
    `create unique index evidence_reports_receipt_seq_idx on ${TABLE} (receipt_seq)`,
  );
};

/**
 * Back to one report per entity, kind and body digest. Refused while two reports share
 * them (the same bytes from two runs): the old unique index could not hold both, and
 * deleting evidence is not a rollback's decision.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const [shared] =
    /** @type {Array<{ entity_ref: string; kind: string; digest: string; n: number | string }>} */ (
      await knex(TABLE)
        .select('entity_ref', 'kind', 'digest')
        .count({ n: '*' })
        .groupBy('entity_ref', 'kind', 'digest')
        .havingRaw('count(*) > 1')
        .limit(1)
    );
  if (shared) {
    throw new Error(
      `Cannot roll back 20261207010000_report_identity: ${shared.entity_ref} has ${shared.n} ${shared.kind} reports with the body digest ${shared.digest} (the same bytes from different CI runs), and the schema before it holds one report per entity, kind and digest; delete all but one of them first`,
    );
  }
  await knex.raw(`drop index evidence_reports_identity_idx`);
  await knex.raw(`drop index evidence_reports_newest_idx`);
  await knex.raw(`drop index evidence_reports_receipt_seq_idx`);
  // Plain ALTER TABLE … DROP COLUMN keeps SQLite's triggers (see 20261207000000); on
  // PostgreSQL dropping receipt_seq drops the sequence it owns.
  for (const column of ['receipt_seq', 'ordered_at', 'identity_digest']) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [TABLE, column]);
  }
  if (isPg(knex)) {
    await knex.raw(
      `alter table ${TABLE} add constraint evidence_reports_identity_idx unique (entity_ref, kind, digest)`,
    );
  } else {
    await knex.raw(
      `create unique index evidence_reports_identity_idx on ${TABLE} (entity_ref, kind, digest)`,
    );
  }
  await knex.raw(
    `create index evidence_reports_latest_idx on ${TABLE} (entity_ref, kind, received_at)`,
  );
  await knex.raw(
    `create index evidence_reports_newest_idx on ${TABLE} (entity_ref, kind, received_at, id)`,
  );
};
