import {
  FlakyTest,
  FlakyTestSort,
  TestDay,
  TestHistoryEntry,
} from '@hardening/backstage-plugin-hardening-common';
import { Page, PageRequest } from './EvidenceStore';

/** Which flaky tests: the window's start, how many, in which order (default `flakyRuns`). */
export type FlakyTestsRequest = {
  since: Date;
  limit: number;
  sort?: FlakyTestSort;
};

/**
 * Read models over the per-test results of stored test reports: one test's history and
 * the entity's flaky tests.
 */
export interface TestHistoryStore {
  /** One test's results across the entity's reports, newest report first. */
  testHistory(
    entityRef: string,
    testId: string,
    page: PageRequest,
  ): Promise<Page<TestHistoryEntry>>;

  /**
   * The flaky tests of the entity among the reports received at or after `since`, by
   * `FLAKY_TEST_DEFINITION` (see `flakyTestKeys`): the `limit` most flaky first, and how
   * many there are in all.
   */
  flakyTests(
    entityRef: string,
    options: FlakyTestsRequest,
  ): Promise<{ items: FlakyTest[]; total: number }>;

  /**
   * One test's results counted per UTC day, oldest first, from the day of `since`: the
   * stored result rows and the daily aggregates retention folded older rows into.
   */
  testDays(entityRef: string, testId: string, since: Date): Promise<TestDay[]>;
}
