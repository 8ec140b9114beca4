import {
  GitTag,
  GitTagsSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { EvidenceStore, NewReportMeta, StoredResult } from './EvidenceStore';
import { GitTagStore } from './GitTagStore';

const GIT_TAGS = 'git_tags';

/** {@link GitTagStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseGitTagStore implements GitTagStore {
  constructor(private readonly evidence: EvidenceStore) {}

  insertGitTags(
    meta: Omit<NewReportMeta, 'kind'>,
    tags: GitTag[],
  ): Promise<StoredResult<GitTagsSummary>> {
    return this.evidence.insertReport(
      { ...meta, kind: 'git-tags' },
      { tags },
      async (trx, reportId) => {
        await trx(GIT_TAGS).insert(
          tags.map(tag => ({
            report_id: reportId,
            entity_ref: meta.entityRef,
            name: tag.name,
            commit_sha: tag.commit,
          })),
        );
      },
    );
  }
}
