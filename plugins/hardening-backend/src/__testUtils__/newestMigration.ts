import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The version prefix of the newest file in migrations/, as knex reports it. */
export function newestMigrationVersion(): string {
  const versions = readdirSync(resolve(__dirname, '../../migrations'))
    .filter(name => /^\d{14}_.*\.js$/.test(name))
    .map(name => name.slice(0, 14))
    .sort();
  return versions[versions.length - 1];
}
