import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases every store and migration test runs against: SQLite always, and the real
 * PostgreSQL 15 when a connection string is configured
 * (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, set by scripts/test.sh).
 *
 * With HARDENING_REQUIRE_POSTGRES=1 (the project's test command sets it) a missing
 * PostgreSQL fails the run instead of silently testing SQLite only.
 */
export function createTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
} {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const ids = databases.eachSupportedId().map(([id]) => id);
  if (
    process.env.HARDENING_REQUIRE_POSTGRES === '1' &&
    !ids.includes('POSTGRES_15')
  ) {
    throw new Error(
      'PostgreSQL 15 is required for this test run but is not configured: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (scripts/test.sh does)',
    );
  }
  return { databases, ids };
}
