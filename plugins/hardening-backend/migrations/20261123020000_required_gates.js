// @ts-check

/**
 * The CI gates each entity must pass (a required gate with no result counts as failing).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('required_gates', table => {
    table.comment('Gates an entity must pass, set by its owners');
    table.string('entity_ref', 255).notNullable();
    table.string('gate_name', 64).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .string('updated_by', 255)
      .notNullable()
      .comment('Principal that set the list');
    table.primary(['entity_ref', 'gate_name']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('required_gates');
};
