// @ts-check

/**
 * The CODEOWNERS file of each entity's repository, as the scheduled refresh last read
 * it, so that the triage queue and notifications can name the owners of a failing test
 * without reading the repository on the request path.
 *
 * `codeowners` holds one row per catalog entity read from an http(s) location: where its
 * CODEOWNERS file was found (`.github/`, the root or `docs/`), its rules as parsed
 * (bounded JSON), the catalog refs its owners map to, or why it could not be read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('codeowners', table => {
    table.comment('CODEOWNERS of entities\u2019 repositories, parsed');
    table
      .string('entity_ref', 255)
      .primary()
      .comment('Catalog entity ref, lower-cased');
    table
      .text('url')
      .nullable()
      .comment('The CODEOWNERS file read; null when none was found');
    table
      .string('digest', 64)
      .nullable()
      .comment('SHA-256 (hex) of the file text');
    table
      .text('rules')
      .notNullable()
      .comment('JSON: the parsed rules and warnings');
    table
      .text('owner_refs')
      .notNullable()
      .comment('JSON: owner as written -> catalog entity ref');
    table
      .text('error')
      .nullable()
      .comment('Why no CODEOWNERS file could be read');
    table
      .timestamp('refreshed_at', { useTz: true })
      .notNullable()
      .comment('When the refresh last wrote the row');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('codeowners');
};
