// @ts-check

/**
 * Witness cosignatures move the entity's evidence version (see
 * 20261206010000_evidence_versions), as every other table a scorecard reads does: the
 * freeze checklist's `witnesses` item, which the scorecards judge when
 * `hardening.transparency.freezeRequiresWitnesses` names witnesses, turns green when a
 * required witness cosigns the current checkpoint, so whatever was computed under the
 * version before the cosignature must be computed again.
 *
 * The function `hardening_bump_evidence_version` (PostgreSQL) is the one that migration
 * created; the triggers are of the same form.
 */

const TABLE = 'audit_chain_cosignatures';
const FUNCTION = 'hardening_bump_evidence_version';

const isPg = (/** @type {import('knex').Knex} */ knex) =>
  String(knex.client.config.client) === 'pg';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (isPg(knex)) {
    await knex.raw(
      `create constraint trigger ${TABLE}_evidence_version
         after insert or update or delete on ${TABLE}
         deferrable initially deferred
         for each row execute function ${FUNCTION}()`,
    );
    return;
  }
  for (const [op, row] of [
    ['insert', 'new'],
    ['update', 'new'],
    ['delete', 'old'],
  ]) {
    await knex.raw(
      `create trigger ${TABLE}_evidence_version_${op}
         after ${op} on ${TABLE}
         for each row begin
           insert into evidence_versions (entity_ref, version) values (${row}.entity_ref, 1)
             on conflict (entity_ref) do update set version = version + 1;
         end`,
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (isPg(knex)) {
    await knex.raw(`drop trigger ${TABLE}_evidence_version on ${TABLE}`);
    return;
  }
  for (const op of ['insert', 'update', 'delete']) {
    await knex.raw(`drop trigger ${TABLE}_evidence_version_${op}`);
  }
};
