// @ts-check

/**
 * Who uploaded each report: the principal the upload's access check admitted (a CI job
 * with its OIDC token, a service, a user) or the portal itself, as a small JSON object
 * (`ReportUploader` of the common package). Not part of the report's identity. Reports
 * stored before keep NULL: their uploader was not recorded.
 *
 * `ALTER TABLE … ADD COLUMN` on both databases: the evidence-version triggers on
 * evidence_reports stay as they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('evidence_reports', table => {
    table
      .text('uploader')
      .nullable()
      .comment('Who uploaded the report (JSON ReportUploader); not identity');
  });
};

/**
 * Plain `ALTER TABLE … DROP COLUMN`: knex's own dropColumn rebuilds the table on SQLite,
 * which would drop the evidence-version triggers on it.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
    'evidence_reports',
    'uploader',
  ]);
};
