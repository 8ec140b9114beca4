import {
  FlakyTest,
  TestHistoryEntry,
} from '@hardening/backstage-plugin-hardening-common';
import { Page, PageRequest } from './EvidenceStore';

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
   * Tests that passed on a rerun within a report, or that both passed and failed (or
   * errored) in reports of the same commit, from reports received at or after `since`;
   * most flaky first.
   */
  flakyTests(
    entityRef: string,
    options: { since?: Date; limit: number },
  ): Promise<FlakyTest[]>;
}
