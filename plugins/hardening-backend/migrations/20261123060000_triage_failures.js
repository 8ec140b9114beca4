// @ts-check

/**
 * The failures of triage reports (integration runs), one row each, so that failures can
 * be listed per report and grouped by fingerprint across runs without re-reading reports.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('triage_failures', table => {
    table.comment('One row per failure of a stored triage report');
    table.bigIncrements('id').primary();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('evidence_reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table
      .string('fingerprint', 320)
      .notNullable()
      .comment(
        'scenarioId|invariantId, or the ids present and a hash of the text',
      );
    table.string('scenario_id', 128).nullable();
    table.string('invariant_id', 128).nullable();
    table
      .string('scenario_prefix', 128)
      .nullable()
      .comment('Upper-cased taxonomy prefix of scenario_id, e.g. BID');
    table
      .string('invariant_prefix', 128)
      .nullable()
      .comment('Upper-cased taxonomy prefix of invariant_id, e.g. TENANT');
    table.string('organization_under_test', 255).nullable();
    table
      .text('key_entity_ids')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of entity ids');
    table.text('title').nullable();
    table.text('symptom').nullable();
    table.text('message').nullable();
    table.text('stack').nullable();
    table
      .text('evidence')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of {kind, uri, label?}');
    table
      .text('labels')
      .notNullable()
      .defaultTo('{}')
      .comment('JSON object of string labels');
    table.timestamp('occurred_at', { useTz: true }).nullable();
    table
      .boolean('diagnostics_defect')
      .notNullable()
      .defaultTo(false)
      .comment('The failure lacks its scenarioId or invariantId');
    table.string('diagnostics_reason', 64).nullable();
    table
      .boolean('unknown_taxonomy')
      .notNullable()
      .defaultTo(false)
      .comment('An id prefix is outside the configured taxonomy');
    table.index(
      ['entity_ref', 'fingerprint'],
      'triage_failures_fingerprint_idx',
    );
    table.index(['report_id'], 'triage_failures_report_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('triage_failures');
};
