// @ts-check

/**
 * The newest report of each kind of many entities, for scorecards: with `id` in the index,
 * "newest by receipt time, then by id" is one backwards index seek per entity and kind,
 * without reading the table (`evidence_reports_latest_idx` lacks the id).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('evidence_reports', table => {
    table.index(
      ['entity_ref', 'kind', 'received_at', 'id'],
      'evidence_reports_newest_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('evidence_reports', table => {
    table.dropIndex(
      ['entity_ref', 'kind', 'received_at', 'id'],
      'evidence_reports_newest_idx',
    );
  });
};
