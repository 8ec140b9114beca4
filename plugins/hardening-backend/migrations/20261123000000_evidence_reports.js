// @ts-check

/**
 * The table every evidence upload lands in: one row per accepted report, keyed by the
 * catalog entity it belongs to and the digest of its canonical content (so a re-upload
 * of the same report is recognised).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('evidence_reports', table => {
    table.comment('Evidence uploaded for a catalog entity, one row per report');
    table
      .string('id', 36)
      .primary()
      .notNullable()
      .comment('UUID of the report');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .string('kind', 32)
      .notNullable()
      .comment(
        'Evidence kind: test-report, gates, contract, stress, audit-chain, validation, triage',
      );
    table
      .string('digest', 64)
      .notNullable()
      .comment('SHA-256 of the canonical report content');
    table.string('commit_sha', 64).nullable();
    table.string('branch', 255).nullable();
    table.text('run_url').nullable();
    table.string('pipeline', 255).nullable();
    table
      .text('tags')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of tags, e.g. e2e:happy');
    table
      .text('summary')
      .notNullable()
      .defaultTo('{}')
      .comment('JSON summary computed at ingest');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'kind', 'digest'], {
      indexName: 'evidence_reports_identity_idx',
    });
    table.index(
      ['entity_ref', 'kind', 'received_at'],
      'evidence_reports_latest_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('evidence_reports');
};
