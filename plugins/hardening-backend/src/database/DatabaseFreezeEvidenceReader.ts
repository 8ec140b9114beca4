import {
  CiGatesSummary,
  ContractResultsSummary,
  FreezeEvidence,
  ReportedGitTag,
  StoredReport,
  StressRunSummary,
  TestReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { ContractRow, rowToContract } from './DatabaseContractStore';
import { ReportRow, rowToReport } from './DatabaseEvidenceStore';
import {
  commaList,
  refsTable,
  tuplesTable,
  whereRefIn,
} from './entityRefScope';
import { newestFirst, newestReportId } from './newestOrder';
import { readAll } from './readAll';
import {
  disabledE2eTests,
  quarantinedFailures,
} from '../quarantine/quarantineEvidence';

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

/** The kinds whose newest report a checklist judges. */
const CHECKLIST_KINDS = ['contract-results', 'stress-run', 'ci-gates'] as const;

/** A LIKE pattern matching a tag as it appears in the JSON array of the `tags` column. */
function tagPattern(tag: string): string {
  // Tags are lower-case words and `:._-`: only `_` is special to LIKE.
  return `%${JSON.stringify(tag).replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

type IdsRow = {
  entity_ref: string;
  contract_id: string | null;
  /** The entity's required gates, comma-separated; null when it has none. */
  required_gates: string | null;
} & Record<`id_${(typeof CHECKLIST_KINDS)[number]}`, string | null>;

/**
 * {@link FreezeEvidenceReader} on knex. {@link readMany} reads the evidence of any
 * number of entities in five queries: the newest report id of each judged kind, the
 * current contract's id and the required gates (correlated index seeks, one row per
 * entity), the newest test
 * report carrying each e2e tag (one row per entity and tag), those reports and contracts
 * by id, and the reported git tags with the expected names.
 */
export class DatabaseFreezeEvidenceReader implements FreezeEvidenceReader {
  /** `db` may be a transaction: the freeze reads in the one that records it. */
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async read(
    entityRef: string,
    needs: FreezeEvidenceNeeds,
  ): Promise<FreezeEvidence> {
    const found = await this.readMany(new Map([[entityRef, needs]]));
    return found.get(entityRef)!;
  }

  /** The checklist evidence of each entity, for its own needs. */
  async readMany(
    needs: ReadonlyMap<string, FreezeEvidenceNeeds>,
  ): Promise<Map<string, FreezeEvidence>> {
    const refs = [...needs.keys()];
    const out = new Map<string, FreezeEvidence>();
    if (refs.length === 0) return out;
    const pairs = refs.flatMap(ref =>
      [...new Set(needs.get(ref)!.e2eTags)].map(tag => [ref, tag] as const),
    );
    const [ids, tagged, gitTags] = await readAll(this.db, [
      () => this.newestIds(refs),
      () => this.newestTagged(pairs),
      () =>
        this.gitTags(
          refs,
          refs.flatMap(ref => needs.get(ref)!.tagNames),
        ),
    ]);
    const reportIds = [
      ...ids.flatMap(row => CHECKLIST_KINDS.map(kind => row[`id_${kind}`])),
      ...tagged.map(row => row.report_id),
    ].filter((id): id is string => id !== null);
    const [reports, contracts, quarantined, disabled] = await readAll(this.db, [
      () => this.byId(REPORTS, reportIds, (row: ReportRow) => rowToReport(row)),
      () =>
        this.byId(
          'delivery_contracts',
          ids.map(row => row.contract_id).filter((id): id is string => !!id),
          (row: ContractRow) => rowToContract(row),
        ),
      () =>
        quarantinedFailures(
          this.db,
          tagged.flatMap(row => (row.report_id ? [row.report_id] : [])),
        ),
      () =>
        disabledE2eTests(
          this.db,
          pairs.map(([ref, tag]) => [ref, tagPattern(tag)] as const),
        ),
    ]);
    for (const row of ids) {
      const report = <T extends object>(
        kind: (typeof CHECKLIST_KINDS)[number],
      ) => reports.get(row[`id_${kind}`] ?? '') as StoredReport<T> | undefined;
      const wanted = new Set(needs.get(row.entity_ref)!.tagNames);
      out.set(row.entity_ref, {
        contract: contracts.get(row.contract_id ?? ''),
        contractResults: report<ContractResultsSummary>('contract-results'),
        stressRun: report<StressRunSummary>('stress-run'),
        gates: report<CiGatesSummary>('ci-gates'),
        requiredGates: row.required_gates
          ? row.required_gates.split(',').sort()
          : [],
        taggedTestReports: {},
        quarantinedFailures: {},
        disabledE2eTests: disabled.get(row.entity_ref) ?? [],
        gitTags: (gitTags.get(row.entity_ref) ?? []).filter(t =>
          wanted.has(t.name),
        ),
      });
    }
    for (const { entity_ref, tag, report_id } of tagged) {
      const report = reports.get(report_id ?? '') as
        | StoredReport<TestReportSummary>
        | undefined;
      // The LIKE pattern only narrows the search: the tag must really be one of the
      // report's tags.
      if (report?.context.tags.includes(tag)) {
        const found = out.get(entity_ref)!;
        found.taggedTestReports![tag] = report;
        const failures = quarantined.get(report.id);
        if (failures) found.quarantinedFailures![report.id] = failures;
      }
    }
    return out;
  }

  /**
   * Per entity: the newest report id of each judged kind, the current contract id and the
   * required gates.
   */
  private async newestIds(refs: string[]): Promise<IdsRow[]> {
    const { db } = this;
    const entity = db.ref('s.value');
    return db.from(refsTable(db, refs)).select(
      { entity_ref: 's.value' },
      ...CHECKLIST_KINDS.map(kind =>
        newestReportId(db, entity, kind).as(`id_${kind}`),
      ),
      db('delivery_contracts')
        .where('entity_ref', entity)
        .orderBy([
          { column: 'uploaded_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(1)
        .select('id')
        .as('contract_id'),
      db('required_gates')
        .where('entity_ref', entity)
        .select(commaList(db, 'gate_name'))
        .as('required_gates'),
    );
  }

  /** The newest test report whose tags look like they carry the tag, per entity and tag. */
  private async newestTagged(
    pairs: ReadonlyArray<readonly [string, string]>,
  ): Promise<
    Array<{ entity_ref: string; tag: string; report_id: string | null }>
  > {
    if (pairs.length === 0) return [];
    const { db } = this;
    return db
      .from(
        tuplesTable(
          db,
          ['entity_ref', 'tag', 'pattern'],
          pairs.map(([ref, tag]) => [ref, tag, tagPattern(tag)]),
        ),
      )
      .select(
        'p.entity_ref',
        'p.tag',
        db(REPORTS)
          .where('entity_ref', db.ref('p.entity_ref'))
          .andWhere('kind', 'test-report')
          .andWhereRaw(`tags like ?? escape '\\'`, ['p.pattern'])
          .orderBy(newestFirst())
          .limit(1)
          .select('id')
          .as('report_id'),
      );
  }

  /** Rows of `table` by id, converted. */
  private async byId<Row extends { id: string }, T>(
    table: string,
    ids: string[],
    convert: (row: Row) => T,
  ): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (ids.length === 0) return out;
    const rows: Row[] = await whereRefIn(this.db(table).select('*'), 'id', [
      ...new Set(ids),
    ]);
    for (const row of rows) out.set(row.id, convert(row));
    return out;
  }

  /** Reported git tags with one of these names, per entity, newest report first (as judged). */
  private async gitTags(
    refs: string[],
    names: string[],
  ): Promise<Map<string, ReportedGitTag[]>> {
    const out = new Map<string, ReportedGitTag[]>();
    if (names.length === 0) return out;
    const rows = await whereRefIn(
      this.db('git_tags as t')
        .join(`${REPORTS} as r`, 'r.id', 't.report_id')
        .whereIn('t.name', [...new Set(names)])
        .orderBy(newestFirst('r'))
        .select(
          't.entity_ref',
          't.name',
          't.commit_sha',
          'r.id',
          'r.digest',
          'r.received_at',
        ),
      't.entity_ref',
      refs,
    );
    for (const row of rows) {
      const list = out.get(row.entity_ref) ?? [];
      list.push({
        name: row.name,
        commit: row.commit_sha,
        reportId: row.id,
        digest: row.digest,
        receivedAt: new Date(row.received_at).toISOString(),
      });
      out.set(row.entity_ref, list);
    }
    return out;
  }
}
