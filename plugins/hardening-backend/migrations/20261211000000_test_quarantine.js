// @ts-check

/**
 * Quarantine state per test of an entity (`active` when absent) and the history of every
 * change: who, why, when and until when.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('test_quarantine', table => {
    table.comment('Current quarantine state of tests whose state was changed');
    table.string('entity_ref', 255).notNullable();
    table
      .string('test_key', 64)
      .notNullable()
      .comment('sha256 of test_id, as in test_results');
    table.text('test_id').notNullable();
    table.string('state', 16).notNullable();
    table.text('reason').notNullable();
    table.string('changed_by', 255).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table
      .timestamp('expires_at', { useTz: true })
      .nullable()
      .comment(
        'quarantined and disabled only: when the expiry task sets it active',
      );
    table.primary(['entity_ref', 'test_key']);
    table.index(['state', 'expires_at'], 'test_quarantine_expiry_idx');
  });
  await knex.schema.createTable('test_quarantine_history', table => {
    table.comment('Every quarantine state change, oldest first');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.text('test_id').notNullable();
    table.string('from_state', 16).notNullable();
    table.string('to_state', 16).notNullable();
    table.text('reason').notNullable();
    table.string('changed_by', 255).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.index(['entity_ref', 'id'], 'test_quarantine_history_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('test_quarantine_history');
  await knex.schema.dropTable('test_quarantine');
};
