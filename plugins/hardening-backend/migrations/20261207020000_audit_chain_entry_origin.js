// @ts-check

/**
 * Who wrote each audit chain entry: `origin` is `upload` for an entry a CI upload
 * appended and `portal` for one the backend appended itself (a milestone freeze), and
 * `requested_by` the principal whose request wrote a portal entry.
 *
 * Existing entries are uploads, except the ones a recorded freeze points at
 * (`milestone_freezes.chain_entry_hash`): those the backend wrote, for `frozen_by`. A
 * `freeze` entry no freeze points at came from an upload and stays one.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('audit_chain_entries', table => {
    table
      .string('origin', 16)
      .notNullable()
      .defaultTo('upload')
      .comment(
        'upload: appended by a CI upload; portal: written by the backend',
      );
    table
      .string('requested_by', 255)
      .nullable()
      .comment('For portal entries: the principal whose request wrote it');
  });
  const freezeOf = (/** @type {string} */ column) =>
    knex('milestone_freezes as f')
      .whereRaw('f.entity_ref = audit_chain_entries.entity_ref')
      .andWhereRaw('f.chain_entry_hash = audit_chain_entries.hash')
      .select(column)
      .limit(1);
  await knex('audit_chain_entries')
    .whereExists(freezeOf('f.id'))
    .update({ origin: 'portal', requested_by: freezeOf('f.frozen_by') });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('audit_chain_entries', table => {
    table.dropColumn('requested_by');
    table.dropColumn('origin');
  });
};
