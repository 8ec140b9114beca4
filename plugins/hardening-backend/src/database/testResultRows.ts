import { hash } from 'node:crypto';
import { Knex } from 'knex';
import type { TestCaseResult } from '@hardening/backstage-plugin-hardening-common';
import { insertRowValues } from './insertRows';
import { failureClusterKey } from '../clusters/normaliseFailure';

const TEST_RESULTS = 'test_results';

/** SHA-256 (hex) of a test id: `test_key`, what per-test history is indexed by. */
export function testKey(testId: string): string {
  return hash('sha256', testId, 'hex');
}

/** The columns of `test_results` an upload writes, in the order of {@link testResultValues}. */
export const TEST_RESULT_COLUMNS = [
  'report_id',
  'entity_ref',
  'test_key',
  'test_id',
  'name',
  'classname',
  'suite_path',
  'file',
  'status',
  'duration_ms',
  'attempts',
  'flaky',
  'message',
  'cluster_key',
] as const;

/** The statuses of a failure, the results that get a `cluster_key`. */
export const FAILED_STATUSES: readonly string[] = ['failed', 'error'];

/** The rows of a report's cases, built one at a time as they are inserted. */
export function* testResultValues(
  reportId: string,
  entityRef: string,
  cases: Iterable<TestCaseResult>,
): Generator<Array<string | number | boolean | null>> {
  for (const c of cases) {
    yield [
      reportId,
      entityRef,
      testKey(c.testId),
      c.testId,
      c.name,
      c.classname ?? null,
      JSON.stringify(c.suitePath),
      c.file ?? null,
      c.status,
      c.durationMs ?? null,
      c.attempts,
      c.flaky,
      c.message ?? null,
      FAILED_STATUSES.includes(c.status)
        ? failureClusterKey({ message: c.message })
        : null,
    ];
  }
}

/**
 * Writes a report's test results in the upload's transaction: one reused single-row
 * statement on SQLite, `COPY … FROM STDIN` on PostgreSQL (see `insertRowValues`).
 */
export async function insertTestResults(
  trx: Knex.Transaction,
  reportId: string,
  entityRef: string,
  cases: Iterable<TestCaseResult>,
): Promise<void> {
  await insertRowValues(
    trx,
    TEST_RESULTS,
    TEST_RESULT_COLUMNS,
    testResultValues(reportId, entityRef, cases),
  );
}
