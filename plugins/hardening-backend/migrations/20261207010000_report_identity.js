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
 * Existing rows get their identity computed in batches read by primary key, then their
 * identity, their number in receipt order (received_at, then id) and `ordered_at` in one
 * UPDATE. Everything here is plain SQL: knex's column changes rebuild the
 * table on SQLite, which would drop its evidence-version triggers. On SQLite the new
 * columns are NOT NULL with a default (ALTER TABLE ADD COLUMN needs one); on PostgreSQL
 * they are made NOT NULL once filled.
 */

const TABLE = 'evidence_reports';
const SEQUENCE = 'evidence_reports_receipt_seq';
const BATCH = 500;
/** The evidence-version trigger of the table (20261206010000_evidence_versions). */
const VERSION_TRIGGER = 'evidence_reports_evidence_version';
/** Temporary table of the identities the backfill computed, dropped after it. */
const IDENTITIES = 'report_identity_backfill';

const isPg = (/** @type {import('knex').Knex} */ knex) =>
  String(knex.client.config.client) === 'pg';

/**
 * @typedef {{
 *   id: string; digest: string; commit_sha: string | null; branch: string | null;
 *   run_url: string | null; pipeline: string | null; tags: string;
 *   run_id: string | null; run_attempt: number | string | null;
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
 * Computes every row's identity into the temporary table {@link IDENTITIES}, in batches
 * of {@link BATCH} rows read by primary key after the last id of the batch before (one
 * index range scan each, however large the table).
 *
 * @param {import('knex').Knex} knex
 */
async function computeIdentities(knex) {
  await knex.raw(
    `create temporary table ${IDENTITIES}
       (id varchar(36) primary key, identity varchar(64) not null)`,
  );
  /** @type {string | undefined} */
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
      )
      .orderBy('id', 'asc')
      .limit(BATCH);
    if (after !== undefined) query.where('id', '>', after);
    /** @type {Row[]} */
    const rows = await query;
    if (rows.length === 0) return;
    await knex(IDENTITIES).insert(
      rows.map(r => ({ id: r.id, identity: identityOf(r) })),
    );
    after = rows[rows.length - 1].id;
  }
}

/**
 * Writes every row's identity, its number in receipt order (received_at, then id) and
 * its `ordered_at` in one statement: each row is rewritten once, the table sorted once.
 *
 * @param {import('knex').Knex} knex
 */
async function writeBackfill(knex) {
  // SQLite's UPDATE … FROM names the target table by its name only.
  const target = isPg(knex) ? `${TABLE} as r` : TABLE;
  const r = isPg(knex) ? 'r' : TABLE;
  await knex.raw(
    `update ${target}
       set identity_digest = n.identity,
           receipt_seq = n.seq,
           ordered_at = case
             when ${r}.run_at is not null and ${r}.run_at < ${r}.received_at
             then ${r}.run_at else ${r}.received_at end
       from (select e.id, i.identity,
                    row_number() over (order by e.received_at, e.id) as seq
               from ${TABLE} as e join ${IDENTITIES} as i on i.id = e.id) as n
       where ${r}.id = n.id`,
  );
  await knex.raw(`drop table ${IDENTITIES}`);
}

/**
 * Gives every row its identity, number and `ordered_at`; returns the number of rows.
 *
 * On PostgreSQL the evidence-version trigger is disabled meanwhile and each entity's
 * version is moved once afterwards: the trigger, deferred to the commit, would queue an
 * event per updated row, and each would update its entity's `evidence_versions` row again
 * in this one transaction, where every further update of a row costs more (its versions
 * can only be pruned after the commit); on 100,000 rows of 200 entities that took most of
 * a minute. No other write can run meanwhile: adding the columns locked the table until
 * the migration commits. On SQLite the row triggers run (one upsert per updated row).
 *
 * @param {import('knex').Knex} knex
 */
async function backfill(knex) {
  await computeIdentities(knex);
  if (!isPg(knex)) {
    await writeBackfill(knex);
  } else {
    await knex.raw(`alter table ${TABLE} disable trigger ${VERSION_TRIGGER}`);
    await writeBackfill(knex);
    await knex.raw(`alter table ${TABLE} enable trigger ${VERSION_TRIGGER}`);
    await knex.raw(
      `insert into evidence_versions as v (entity_ref, version)
         select distinct entity_ref, 1 from ${TABLE}
         on conflict (entity_ref) do update set version = v.version + 1`,
    );
  }
  const [{ n }] = await knex(TABLE).count({ n: '*' });
  return Number(n);
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
