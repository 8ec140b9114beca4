// @ts-check

/**
 * Triage of failures by people, and uploaded runbooks.
 *
 * - `triage_states`: one row per failure (fingerprint) of an entity that someone has
 *   triaged: its status, class and recorded defect. A fingerprint without a row is open.
 *   `version` grows with every change, so that two concurrent changes cannot both win;
 * - `triage_state_history`: every change of a `triage_states` row, oldest first by id;
 * - `runbook_uploads`: runbooks uploaded through the API for entities whose repository
 *   the backend cannot read, one row per entity and runbook id.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('triage_states', table => {
    table.comment(
      'Triage state of a failure (fingerprint) of a catalog entity',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .string('fingerprint', 320)
      .notNullable()
      .comment('triage_failures.fingerprint of every occurrence');
    table
      .string('status', 16)
      .notNullable()
      .comment('open, classified, defect-filed, fixed or wont-fix');
    table
      .string('class', 32)
      .nullable()
      .comment(
        'infra-ci, harness, algorithm-regression, data-schema-drift or flake',
      );
    table.timestamp('classified_at', { useTz: true }).nullable();
    table.string('classified_by', 255).nullable();
    table.timestamp('status_changed_at', { useTz: true }).notNullable();
    table.string('status_changed_by', 255).notNullable();
    table.text('defect_url').nullable();
    table.timestamp('defect_recorded_at', { useTz: true }).nullable();
    table.string('defect_recorded_by', 255).nullable();
    table
      .integer('version')
      .notNullable()
      .comment('Incremented by every change (optimistic concurrency)');
    table.primary(['entity_ref', 'fingerprint']);
  });

  await knex.schema.createTable('triage_state_history', table => {
    table.comment('Every change of a triage state, oldest first');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('fingerprint', 320).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('by', 255).notNullable();
    table.string('from_status', 16).notNullable();
    table.string('to_status', 16).notNullable();
    table.string('class', 32).nullable();
    table.text('defect_url').nullable();
    table.text('note').nullable();
    table.index(
      ['entity_ref', 'fingerprint', 'id'],
      'triage_state_history_failure_idx',
    );
  });

  await knex.schema.createTable('runbook_uploads', table => {
    table.comment('Runbooks uploaded through the API, one per entity and id');
    table.string('entity_ref', 255).notNullable();
    table.string('runbook_id', 64).notNullable();
    table.text('markdown').notNullable();
    table
      .string('digest', 64)
      .notNullable()
      .comment('SHA-256 of the uploaded bytes');
    table.integer('size_bytes').notNullable();
    table.timestamp('uploaded_at', { useTz: true }).notNullable();
    table.string('uploaded_by', 255).notNullable();
    table.primary(['entity_ref', 'runbook_id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runbook_uploads');
  await knex.schema.dropTable('triage_state_history');
  await knex.schema.dropTable('triage_states');
};
