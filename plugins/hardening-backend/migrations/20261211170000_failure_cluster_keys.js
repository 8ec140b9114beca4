// @ts-check

/**
 * Failure clusters: the key a failure is grouped under across entities (SHA-256 of its
 * normalised message and top stack frames, see src/clusters/normaliseFailure.ts), written
 * at ingest for failed and errored test results and for triage failures.
 *
 * Rows stored before this migration are marked `-` (pending) here, in SQL; the backend
 * computes their keys after start-up in batches (src/clusters/backfillClusterKeys.ts),
 * finding them through the same index. Until then they are in no cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const table of ['test_results', 'triage_failures']) {
    await knex.schema.alterTable(table, t => {
      t.string('cluster_key', 64)
        .nullable()
        .comment(
          'SHA-256 of the normalised failure text; null for results that did not fail, - until backfilled',
        );
      // Only failures have a key: a partial index, so that the other rows of an upload
      // (nearly all of them) do not each add an index entry.
      t.index(['cluster_key'], `${table}_cluster_idx`, {
        predicate: knex.whereNotNull('cluster_key'),
      });
    });
  }
  await knex('test_results')
    .whereIn('status', ['failed', 'error'])
    .update({ cluster_key: '-' });
  await knex('triage_failures').update({ cluster_key: '-' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of ['test_results', 'triage_failures']) {
    await knex.schema.alterTable(table, t => {
      t.dropIndex(['cluster_key'], `${table}_cluster_idx`);
      t.dropColumn('cluster_key');
    });
  }
};
