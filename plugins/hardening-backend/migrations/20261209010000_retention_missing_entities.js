// @ts-check

/**
 * Entities that have evidence but are no longer in the catalog: since when, and when their
 * evidence was pruned after `hardening.retention.removedEntityGraceDays`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('retention_missing_entities', table => {
    table.comment(
      'Entities with stored evidence that the catalog no longer has (checked by the retention task)',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table
      .timestamp('missing_since', { useTz: true })
      .notNullable()
      .comment('The first retention run that did not find it');
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table
      .timestamp('pruned_at', { useTz: true })
      .nullable()
      .comment('When its evidence was pruned, after the grace period');
    table.integer('pruned_reports').notNullable().defaultTo(0);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('retention_missing_entities');
};
