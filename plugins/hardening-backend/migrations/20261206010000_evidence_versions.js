// @ts-check

/**
 * A per-entity change counter, so that scorecards of thousands of entities read again
 * only the entities whose evidence changed since they were last read.
 *
 * `evidence_versions` holds one row per entity ref with a `version` that a trigger
 * increments, in the writing transaction, on every insert, update and delete of the
 * tables an entity's scorecard is computed from. Child rows of a report (test results,
 * contract violations, triage failures, git tags, audit chain entries) are only ever
 * written in the transaction that inserts their `evidence_reports` row, so the report's
 * trigger covers them and no trigger runs per test result.
 *
 * - PostgreSQL: one PL/pgSQL function and a constraint trigger per table, deferred to
 *   commit, so that the counter row is locked for an instant at commit rather than for
 *   the whole of a long upload (two uploads for one entity do not wait on each other);
 * - SQLite: three row triggers per table (one writer at a time anyway).
 *
 * Existing rows get version 1.
 */

/** The tables whose writes change what an entity's scorecard says. */
const TABLES = [
  'evidence_reports',
  'required_gates',
  'audit_chain_heads',
  'delivery_contracts',
  'milestones',
  'milestone_freezes',
  'triage_states',
  'runbook_uploads',
  'runbook_files',
];

const FUNCTION = 'hardening_bump_evidence_version';

const isPg = (/** @type {import('knex').Knex} */ knex) =>
  String(knex.client.config.client) === 'pg';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('evidence_versions', table => {
    table.comment(
      'Change counter of each entity, incremented by triggers on the evidence tables',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .bigInteger('version')
      .notNullable()
      .comment('Incremented by every write to the entity’s evidence');
  });

  const existing = TABLES.map(t => `select entity_ref from ${t}`).join(
    ' union ',
  );
  await knex.raw(
    `insert into evidence_versions (entity_ref, version) select entity_ref, 1 from (${existing}) as refs`,
  );

  if (isPg(knex)) {
    await knex.raw(`
      create function ${FUNCTION}() returns trigger
      language plpgsql
      set search_path from current
      as $body$
      declare
        ref text;
      begin
        if tg_op = 'DELETE' then
          ref := old.entity_ref;
        else
          ref := new.entity_ref;
        end if;
        insert into evidence_versions as v (entity_ref, version) values (ref, 1)
          on conflict (entity_ref) do update set version = v.version + 1;
        return null;
      end
      $body$`);
    for (const table of TABLES) {
      await knex.raw(
        `create constraint trigger ${table}_evidence_version
           after insert or update or delete on ${table}
           deferrable initially deferred
           for each row execute function ${FUNCTION}()`,
      );
    }
    return;
  }

  const bump = (/** @type {string} */ row) =>
    `insert into evidence_versions (entity_ref, version) values (${row}.entity_ref, 1)
       on conflict (entity_ref) do update set version = version + 1;`;
  for (const table of TABLES) {
    for (const [op, row] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ]) {
      await knex.raw(
        `create trigger ${table}_evidence_version_${op}
           after ${op} on ${table}
           for each row begin ${bump(row)} end`,
      );
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (isPg(knex)) {
    for (const table of TABLES) {
      await knex.raw(`drop trigger ${table}_evidence_version on ${table}`);
    }
    await knex.raw(`drop function ${FUNCTION}()`);
  } else {
    for (const table of TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await knex.raw(`drop trigger ${table}_evidence_version_${op}`);
      }
    }
  }
  await knex.schema.dropTable('evidence_versions');
};
