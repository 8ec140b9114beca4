// @ts-check

/**
 * Team scorecards.
 *
 * - `scorecard_snapshots`: one row per entity and UTC day, written by the daily snapshot
 *   task (a re-run on the same day replaces the day's rows), with the entity's owner at
 *   the time, its level and a few headline metrics, for trends over the last weeks;
 * - `test_results_flaky_idx`: a partial index over the (few) flaky test results, so that
 *   the flaky-test count of thousands of entities does not scan every test result.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_snapshots', table => {
    table.comment('Daily scorecard of each catalog entity, for trends');
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('Owner of the entity on that day, lower-cased');
    table
      .string('level_id', 32)
      .nullable()
      .comment('Level reached that day, null for none');
    table
      .integer('level_rank')
      .notNullable()
      .comment('0 for no level, 1 for the lowest level, …');
    table.double('contract_gate_pass_rate').nullable();
    table.integer('open_triage_failures').notNullable();
    table.integer('flaky_tests').notNullable();
    table.boolean('frozen').notNullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.primary(['day', 'entity_ref']);
  });
  await knex.raw(
    'CREATE INDEX test_results_flaky_idx ON test_results (entity_ref, report_id) WHERE flaky = true',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX test_results_flaky_idx');
  await knex.schema.dropTable('scorecard_snapshots');
};
