// @ts-check

/**
 * Per-test results of test reports, so that per-test history and flaky tests can be
 * queried without re-reading whole reports.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('test_results', table => {
    table.comment(
      'One row per test of a stored test report (reruns folded together)',
    );
    table.bigIncrements('id').primary();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('evidence_reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table
      .string('test_key', 64)
      .notNullable()
      .comment('SHA-256 of test_id, for indexing');
    table.text('test_id').notNullable();
    table.text('name').notNullable();
    table.text('classname').nullable();
    table
      .text('suite_path')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array');
    table.text('file').nullable();
    table.string('status', 16).notNullable();
    table.double('duration_ms').nullable();
    table.integer('attempts').notNullable().defaultTo(1);
    table.boolean('flaky').notNullable().defaultTo(false);
    table.text('message').nullable();
    table.index(['report_id', 'status'], 'test_results_report_idx');
    table.index(['entity_ref', 'test_key'], 'test_results_history_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('test_results');
};
