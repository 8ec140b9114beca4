import {
  GitTag,
  GitTagsSummary,
  ReportedGitTag,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { EvidenceStore, NewReportMeta, StoredResult } from './EvidenceStore';
import { GitTagStore } from './GitTagStore';

const GIT_TAGS = 'git_tags';

/** {@link GitTagStore} on knex, for SQLite and PostgreSQL. */
export class DatabaseGitTagStore implements GitTagStore {
  constructor(
    private readonly db: Knex,
    private readonly evidence: EvidenceStore,
  ) {}

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

  async findTags(
    entityRef: string,
    names: string[],
  ): Promise<ReportedGitTag[]> {
    if (names.length === 0) return [];
    const rows = await this.db(`${GIT_TAGS} as t`)
      .join('evidence_reports as r', 'r.id', 't.report_id')
      .where('t.entity_ref', entityRef)
      .whereIn('t.name', [...new Set(names)])
      .orderBy([
        { column: 'r.received_at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .select('t.name', 't.commit_sha', 'r.id', 'r.digest', 'r.received_at');
    return rows.map(row => ({
      name: row.name,
      commit: row.commit_sha,
      reportId: row.id,
      digest: row.digest,
      receivedAt: new Date(row.received_at).toISOString(),
    }));
  }
}
