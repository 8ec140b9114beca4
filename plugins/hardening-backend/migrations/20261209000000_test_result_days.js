// @ts-check

/**
 * Daily aggregates of per-test results: what `hardening.retention.testResultDays` keeps of
 * a test's results once their rows in `test_results` are pruned.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('test_result_days', table => {
    table.comment(
      'Per test and UTC day: counts of the pruned test_results rows of reports received that day',
    );
    table.string('entity_ref', 255).notNullable();
    table
      .string('test_key', 64)
      .notNullable()
      .comment('SHA-256 of test_id, as in test_results');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.text('test_id').notNullable();
    table.integer('runs').notNullable();
    table.integer('passed').notNullable();
    table.integer('failed').notNullable();
    table.integer('errored').notNullable();
    table.integer('skipped').notNullable();
    table.integer('flaky').notNullable();
    table
      .double('duration_ms')
      .notNullable()
      .comment('Sum over the runs with a duration');
    table.integer('timed_runs').notNullable().comment('Runs with a duration');
    table.primary(['entity_ref', 'test_key', 'day']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('test_result_days');
};
