import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@hardening/backstage-plugin-hardening-backend',
  'migrations',
);

/** Brings the plugin's database schema up to the newest migration. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

/** Rolls every migration back; used by tests that check the down path. */
export async function rollbackDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ directory: migrationsDir }, true);
}

/** knex's default, which the plugin does not change. */
const MIGRATIONS_TABLE = 'knex_migrations';

/**
 * The newest applied migration's version (the digits its file name starts with, as
 * `knex.migrate.currentVersion` answers), or null before the first one. One indexed read:
 * the health route asks for it on every probe, and knex's own answer lists the
 * migrations directory and checks its lock tables each time.
 */
export async function currentSchemaVersion(knex: Knex): Promise<string | null> {
  let newest: { name: string } | undefined;
  try {
    newest = await knex(MIGRATIONS_TABLE)
      .select('name')
      .orderBy('name', 'desc')
      .first();
  } catch (error) {
    if (!(await knex.schema.hasTable(MIGRATIONS_TABLE))) return null;
    throw error;
  }
  return newest ? newest.name.split('_')[0] : null;
}
