// @ts-check

/**
 * The CI run a report came from, beyond commit, branch, run URL and pipeline: the CI system's
 * run id, the attempt of a re-run, and when the run started. All optional: uploads without
 * them, and every report stored before, keep NULL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('evidence_reports', table => {
    table
      .string('run_id', 128)
      .nullable()
      .comment('CI run id (GitHub run id, GitLab pipeline id)');
    table
      .integer('run_attempt')
      .nullable()
      .comment('Attempt of a re-run CI run, from 1');
    table
      .timestamp('run_at', { useTz: true })
      .nullable()
      .comment('When the CI run started, as the upload said');
  });
};

/**
 * Plain `ALTER TABLE … DROP COLUMN`: knex's own dropColumn rebuilds the table on SQLite,
 * which would drop the evidence-version triggers on it.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const column of ['run_at', 'run_attempt', 'run_id']) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
      'evidence_reports',
      column,
    ]);
  }
};
