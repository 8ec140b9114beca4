// @ts-check

/**
 * Milestones of entities and their freezes, and the git tags CI reports.
 *
 * - `milestones`: one row per milestone of an entity, keyed by the lower-cased id (two ids
 *   that differ only in case would expect the same tag), with the latest freeze and, when
 *   the milestone regressed after it, when and which checklist items failed;
 * - `milestone_freezes`: every freeze ever accepted, with the evidence it relied on and the
 *   hash of the `freeze` entry it appended to the entity's release audit chain;
 * - `git_tags`: the tags of `git-tags` reports, one row each, found by name.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('milestones', table => {
    table.comment('Milestones of catalog entities and their freeze state');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity ref, lower-cased');
    table
      .string('milestone_key', 64)
      .notNullable()
      .comment('The milestone id, lower-cased');
    table
      .string('milestone_id', 64)
      .notNullable()
      .comment('The milestone id as written, e.g. M3.3.1');
    table.string('title', 200).notNullable();
    table
      .string('stage', 32)
      .notNullable()
      .comment('Declared stage: feature-spike … frozen');
    table
      .text('thresholds')
      .notNullable()
      .comment('JSON: p95LimitMs, errorRateLimit, requiredGates, …');
    table.string('tag_pattern', 200).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).notNullable();
    table
      .string('freeze_id', 36)
      .nullable()
      .comment(
        'The latest freeze (milestone_freezes.id), null if never frozen',
      );
    table
      .timestamp('regressed_at', { useTz: true })
      .nullable()
      .comment(
        'When the checklist stopped being green after the latest freeze',
      );
    table
      .text('regression')
      .nullable()
      .comment('JSON: the checklist items that failed when it regressed');
    table.primary(['entity_ref', 'milestone_key']);
  });

  await knex.schema.createTable('milestone_freezes', table => {
    table.comment('Every accepted freeze of a milestone');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('milestone_key', 64).notNullable();
    table.string('tag', 255).notNullable();
    table.timestamp('frozen_at', { useTz: true }).notNullable();
    table
      .string('frozen_by', 255)
      .notNullable()
      .comment('User entity ref of whoever froze it');
    table
      .text('evidence')
      .notNullable()
      .comment(
        'JSON: kind, reportId, digest, receivedAt of the evidence relied on',
      );
    table
      .string('chain_entry_hash', 64)
      .notNullable()
      .comment('Hash of the freeze entry in the audit chain');
    table.integer('chain_seq').notNullable();
    table.index(
      ['entity_ref', 'milestone_key', 'frozen_at'],
      'milestone_freezes_milestone_idx',
    );
  });

  await knex.schema.createTable('git_tags', table => {
    table.comment('Git tags reported by CI (git-tags reports), one row each');
    table.bigIncrements('id').primary();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('evidence_reports')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('name', 255).notNullable();
    table.string('commit_sha', 64).notNullable();
    table.index(['entity_ref', 'name'], 'git_tags_name_idx');
    table.index(['report_id'], 'git_tags_report_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('git_tags');
  await knex.schema.dropTable('milestone_freezes');
  await knex.schema.dropTable('milestones');
};
