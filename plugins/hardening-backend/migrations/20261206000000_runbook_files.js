// @ts-check

/**
 * Review facts of the runbooks entities name in their `hardening.io/runbooks`
 * annotation, so that scorecards can count stale repository runbooks as they count
 * uploaded ones.
 *
 * `runbook_files` holds one row per annotated file of an entity: where it is, the
 * digest of its text, its title and review dates, or why it could not be read. The
 * runbook service writes a row when it reads the file and its content differs from the
 * row; the refresh task reads every annotated entity and deletes the rows of entities
 * that no longer name runbooks.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('runbook_files', table => {
    table.comment(
      'Review facts of the runbook files entities name in hardening.io/runbooks',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .string('runbook_id', 64)
      .notNullable()
      .comment('Runbook id from the file name, -2, -3… for repeated names');
    table
      .text('path')
      .notNullable()
      .comment('The path as the annotation has it');
    table
      .text('url')
      .notNullable()
      .comment('The file URL resolved against the source location, or empty');
    table
      .string('digest', 64)
      .nullable()
      .comment('SHA-256 (hex) of the file text; null when it was not read');
    table
      .text('title')
      .nullable()
      .comment('First heading or front-matter title');
    table
      .string('last_updated', 10)
      .nullable()
      .comment('Last update date found in the file, YYYY-MM-DD');
    table
      .string('next_review', 10)
      .nullable()
      .comment('Next review date found in the file, YYYY-MM-DD');
    table
      .text('error')
      .nullable()
      .comment('Why the file could not be resolved or read');
    table
      .timestamp('changed_at', { useTz: true })
      .notNullable()
      .comment('When the row was inserted or its content last changed');
    table.primary(['entity_ref', 'runbook_id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runbook_files');
};
