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

/** The newest applied migration's version, or null before the first one. */
export async function currentSchemaVersion(knex: Knex): Promise<string | null> {
  const version = await knex.migrate.currentVersion({
    directory: migrationsDir,
  });
  return version === 'none' ? null : version;
}
