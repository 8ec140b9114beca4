import {
  CiGatesSummary,
  ContractResultsSummary,
  FreezeEvidence,
  StoredReport,
  StressRunSummary,
  TestReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { ContractStore } from './ContractStore';
import { ReportRow, rowToReport } from './DatabaseEvidenceStore';
import { EvidenceStore } from './EvidenceStore';
import { GitTagStore } from './GitTagStore';

const REPORTS = 'evidence_reports';

/** What the checklists of an entity's milestones need besides the newest report of each kind. */
export type FreezeEvidenceNeeds = {
  /** Every e2e tag some milestone names. */
  e2eTags: string[];
  /** Every tag name some milestone expects. */
  tagNames: string[];
};

/** Reads the evidence checklists are computed from. */
export interface FreezeEvidenceReader {
  read(entityRef: string, needs: FreezeEvidenceNeeds): Promise<FreezeEvidence>;
}

/** A LIKE pattern matching a tag as it appears in the JSON array of the `tags` column. */
function tagPattern(tag: string): string {
  // Tags are lower-case words and `:._-`: only `_` is special to LIKE.
  return `%${JSON.stringify(tag).replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/**
 * {@link FreezeEvidenceReader} on knex, in four queries whatever the number of milestones:
 * the newest report of each kind, the current contract, the newest test report carrying
 * each e2e tag (one UNION query), and the reported tags with the expected names.
 */
export class DatabaseFreezeEvidenceReader implements FreezeEvidenceReader {
  constructor(
    private readonly db: Knex,
    private readonly evidence: EvidenceStore,
    private readonly contracts: ContractStore,
    private readonly gitTags: GitTagStore,
  ) {}

  async read(
    entityRef: string,
    needs: FreezeEvidenceNeeds,
  ): Promise<FreezeEvidence> {
    const [latest, contract, tagged, gitTags] = await Promise.all([
      this.evidence.latestReports(entityRef),
      this.contracts.latestContract(entityRef),
      this.newestTaggedTestReports(entityRef, [...new Set(needs.e2eTags)]),
      this.gitTags.findTags(entityRef, needs.tagNames),
    ]);
    const newest = <T extends object>(kind: StoredReport['kind']) =>
      latest.find(r => r.kind === kind) as StoredReport<T> | undefined;
    return {
      contract,
      contractResults: newest<ContractResultsSummary>('contract-results'),
      stressRun: newest<StressRunSummary>('stress-run'),
      gates: newest<CiGatesSummary>('ci-gates'),
      taggedTestReports: tagged,
      gitTags,
    };
  }

  /** The newest test report carrying each tag, in one query. */
  private async newestTaggedTestReports(
    entityRef: string,
    tags: string[],
  ): Promise<Record<string, StoredReport<TestReportSummary>>> {
    if (tags.length === 0) return {};
    const newestWith = (tag: string, index: number) =>
      this.db.select('*').from(
        this.db(REPORTS)
          .where({ entity_ref: entityRef, kind: 'test-report' })
          .andWhereRaw(`tags like ? escape '\\'`, [tagPattern(tag)])
          .orderBy([
            { column: 'received_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(1)
          .as(`t${index}`),
      );
    const [first, ...rest] = tags.map(newestWith);
    const rows: ReportRow[] = await (rest.length
      ? first.unionAll(rest)
      : first);
    const reports = rows.map(row => rowToReport<TestReportSummary>(row));
    const out: Record<string, StoredReport<TestReportSummary>> = {};
    for (const tag of tags) {
      // A report carrying several tags is the newest for each of them or for none.
      const carrying = reports
        .filter(r => r.context.tags.includes(tag))
        .sort(
          (a, b) =>
            b.receivedAt.localeCompare(a.receivedAt) ||
            b.id.localeCompare(a.id),
        );
      if (carrying[0]) {
        out[tag] = carrying[0];
      }
    }
    return out;
  }
}
