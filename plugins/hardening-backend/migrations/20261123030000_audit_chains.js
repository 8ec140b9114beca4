// @ts-check

/**
 * Release audit chains: the entries of each entity's hash chain, one row per entry in
 * chain order, and the head the backend last verified. The unique keys make a forked
 * or reordered chain impossible to store, whatever the application does.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_chain_entries', table => {
    table.comment(
      'Entries of release audit chains, one linear chain per entity',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .integer('seq')
      .notNullable()
      .comment('0-based position of the entry in the chain');
    table.string('hash', 64).notNullable().comment('The entry hash (hex)');
    table
      .string('prev_hash', 64)
      .notNullable()
      .comment('Hash of the entry before, 64 zeros for seq 0');
    table.string('action', 32).notNullable();
    table
      .timestamp('timestamp', { useTz: true })
      .notNullable()
      .comment('When the release step ran, from the entry');
    table
      .text('payload')
      .notNullable()
      .comment(
        'RFC 8785 canonical JSON of the entry without its hash: what is hashed',
      );
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('evidence_reports')
      .onDelete('CASCADE')
      .comment('The upload that appended the entry');
    table.primary(['entity_ref', 'seq']);
    table.unique(['entity_ref', 'prev_hash'], {
      indexName: 'audit_chain_entries_prev_hash_idx',
    });
    table.unique(['entity_ref', 'hash'], {
      indexName: 'audit_chain_entries_hash_idx',
    });
    table.index(['report_id'], 'audit_chain_entries_report_idx');
  });

  await knex.schema.createTable('audit_chain_heads', table => {
    table.comment(
      'Where each entity chain ends, as last verified by the backend',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.integer('seq').notNullable().comment('seq of the last entry');
    table.string('hash', 64).notNullable().comment('hash of the last entry');
    table
      .timestamp('verified_at', { useTz: true })
      .notNullable()
      .comment('When the chain up to this head was verified on ingest');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_chain_heads');
  await knex.schema.dropTable('audit_chain_entries');
};
