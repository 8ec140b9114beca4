import {
  GitTag,
  GitTagsSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { NewReportMeta, StoredResult } from './EvidenceStore';

/** Git tags CI reports (evidence kind `git-tags`). */
export interface GitTagStore {
  /** Stores a git-tags report and its tags in one transaction; idempotent by digest. */
  insertGitTags(
    meta: Omit<NewReportMeta, 'kind'>,
    tags: GitTag[],
  ): Promise<StoredResult<GitTagsSummary>>;
}
