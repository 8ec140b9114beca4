// @ts-check

/**
 * Delivery contracts (the gates an entity's code must keep passing) and the violations
 * listed by contract-results reports.
 *
 * `delivery_contracts` keeps every distinct contract an entity has had; the current one is
 * the newest by `uploaded_at`. Storing a contract again makes it current again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_contracts', table => {
    table.comment(
      'Delivery contracts of catalog entities, one row per distinct contract',
    );
    table
      .string('id', 36)
      .primary()
      .notNullable()
      .comment('UUID of the contract');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .string('digest', 64)
      .notNullable()
      .comment('SHA-256 of the canonical JSON of the validated contract');
    table
      .text('document')
      .notNullable()
      .comment('The validated contract as JSON');
    table.integer('gate_count').notNullable();
    table
      .timestamp('uploaded_at', { useTz: true })
      .notNullable()
      .comment('When the contract (last) became the current one');
    table
      .string('uploaded_by', 255)
      .notNullable()
      .comment('Principal that stored it');
    table.unique(['entity_ref', 'digest'], {
      indexName: 'delivery_contracts_identity_idx',
    });
    table.index(['entity_ref', 'uploaded_at'], 'delivery_contracts_latest_idx');
  });

  await knex.schema.createTable('contract_violations', table => {
    table.comment(
      'Violations listed by contract-results reports, one row each',
    );
    table.bigIncrements('id').primary();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('evidence_reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('gate_id', 128).notNullable();
    table.text('file').nullable();
    table.integer('line').nullable();
    table.text('message').notNullable();
    table.index(['report_id', 'gate_id'], 'contract_violations_report_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('contract_violations');
  await knex.schema.dropTable('delivery_contracts');
};
