import {
  ACTIVE_TRIAGE_STATUSES,
  CiGatesSummary,
  ContractResultsSummary,
  StressRunSummary,
  TriageClass,
  ValidationReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { whereRefIn } from './entityRefScope';

type Timestamp = Date | string | number;

const toMs = (value: Timestamp): number =>
  (value instanceof Date ? value : new Date(value)).getTime();

/** The kinds whose newest report's summary a scorecard reads. */
const SUMMARY_KINDS = [
  'ci-gates',
  'contract-results',
  'stress-run',
  'validation',
] as const;

/** The current milestone of an entity as stored (the most recently created one). */
export type ScorecardMilestoneEvidence = {
  id: string;
  createdAt: number;
  /** Its thresholds' stress limits, when stored. */
  p95LimitMs?: number;
  errorRateLimit?: number;
  /** Time of its latest freeze, when frozen. */
  frozenAt?: number;
  regressedAt?: number;
};

/** Open triage failures of one class (null: unclassified) of an entity. */
export type ScorecardTriageEvidence = {
  class: TriageClass | null;
  count: number;
  /** When the oldest of them was first seen. */
  oldestFirstSeen: number;
};

/** A runbook uploaded for an entity, by the digest of its Markdown. */
export type ScorecardRunbookEvidence = { digest: string };

/** What a scorecard is computed from, for one entity. Times are epoch milliseconds. */
export type ScorecardEvidence = {
  lastEvidenceAt?: number;
  contractResults?: ContractResultsSummary;
  gates?: CiGatesSummary;
  stressRun?: StressRunSummary;
  validation?: ValidationReportSummary;
  /** The entity's required-gates list; empty when it has none. */
  requiredGates: string[];
  milestone?: ScorecardMilestoneEvidence;
  /** The release chain: last stored entry and whether the verified head is that entry. */
  chain?: { lastSeq: number; headVerified: boolean };
  openTriage: ScorecardTriageEvidence[];
  flakyTests: number;
  runbooks: ScorecardRunbookEvidence[];
};

function emptyEvidence(): ScorecardEvidence {
  return { requiredGates: [], openTriage: [], flakyTests: 0, runbooks: [] };
}

/**
 * Reads the evidence of many entities at once: one query per family of metrics for all
 * of them (newest report per kind, required gates, milestones, release chains, open
 * triage failures, flaky tests, runbooks), never one query per entity. Newest-per-kind
 * uses a grouped `max(received_at)` joined back, which both SQLite and PostgreSQL answer
 * from `evidence_reports_latest_idx`.
 */
export class DatabaseScorecardEvidenceReader {
  constructor(private readonly db: Knex) {}

  async read(
    entityRefs: readonly string[],
    options: { flakySince: Date },
  ): Promise<Map<string, ScorecardEvidence>> {
    const out = new Map<string, ScorecardEvidence>();
    const refs = [...new Set(entityRefs)];
    for (const ref of refs) out.set(ref, emptyEvidence());
    if (refs.length === 0) return out;
    const of = (ref: string) => out.get(ref)!;

    await Promise.all([
      this.latestReports(refs, of),
      this.requiredGates(refs, of),
      this.milestones(refs, of),
      this.chains(refs, of),
      this.openTriage(refs, of),
      this.flakyTests(refs, options.flakySince, of),
      this.runbooks(refs, of),
    ]);
    return out;
  }

  /** The receipt time of each kind's newest report, and the summaries a scorecard reads. */
  private async latestReports(
    refs: string[],
    of: (ref: string) => ScorecardEvidence,
  ) {
    const newest = whereRefIn(
      this.db('evidence_reports')
        .select('entity_ref', 'kind')
        .max({ received_at: 'received_at' })
        .groupBy('entity_ref', 'kind'),
      'entity_ref',
      refs,
    ).as('m');
    const rows: Array<{
      entity_ref: string;
      kind: string;
      received_at: Timestamp;
      id: string | null;
      summary: string | null;
    }> = await this.db
      .from(newest)
      .leftJoin({ r: 'evidence_reports' }, join =>
        join
          .on('r.entity_ref', 'm.entity_ref')
          .andOn('r.kind', 'm.kind')
          .andOn('r.received_at', 'm.received_at')
          .andOnIn('m.kind', [...SUMMARY_KINDS]),
      )
      .select('m.entity_ref', 'm.kind', 'm.received_at', 'r.id', 'r.summary')
      .orderBy([
        { column: 'm.entity_ref', order: 'asc' },
        { column: 'r.id', order: 'asc' },
      ]);
    for (const row of rows) {
      const evidence = of(row.entity_ref);
      const at = toMs(row.received_at);
      evidence.lastEvidenceAt = Math.max(evidence.lastEvidenceAt ?? at, at);
      if (row.summary === null) continue;
      // Reports received in the same instant: the greatest id wins, as elsewhere.
      const summary = JSON.parse(row.summary);
      switch (row.kind) {
        case 'ci-gates':
          evidence.gates = summary;
          break;
        case 'contract-results':
          evidence.contractResults = summary;
          break;
        case 'stress-run':
          evidence.stressRun = summary;
          break;
        case 'validation':
          evidence.validation = summary;
          break;
        default:
      }
    }
  }

  private async requiredGates(
    refs: string[],
    of: (ref: string) => ScorecardEvidence,
  ) {
    const rows: Array<{ entity_ref: string; gate_name: string }> =
      await whereRefIn(
        this.db('required_gates').select('entity_ref', 'gate_name'),
        'entity_ref',
        refs,
      ).orderBy(['entity_ref', 'gate_name']);
    for (const row of rows)
      of(row.entity_ref).requiredGates.push(row.gate_name);
  }

  /** Each entity's most recently created milestone, with its latest freeze's time. */
  private async milestones(
    refs: string[],
    of: (ref: string) => ScorecardEvidence,
  ) {
    const rows: Array<{
      entity_ref: string;
      milestone_id: string;
      created_at: Timestamp;
      thresholds: string;
      regressed_at: Timestamp | null;
      frozen_at: Timestamp | null;
    }> = await whereRefIn(
      this.db({ m: 'milestones' })
        .leftJoin({ f: 'milestone_freezes' }, 'f.id', 'm.freeze_id')
        .select(
          'm.entity_ref',
          'm.milestone_id',
          'm.created_at',
          'm.thresholds',
          'm.regressed_at',
          'f.frozen_at',
        ),
      'm.entity_ref',
      refs,
    );
    for (const row of rows) {
      const evidence = of(row.entity_ref);
      const createdAt = toMs(row.created_at);
      const current = evidence.milestone;
      if (
        current &&
        (current.createdAt > createdAt ||
          (current.createdAt === createdAt && current.id > row.milestone_id))
      ) {
        continue;
      }
      const thresholds = JSON.parse(row.thresholds) as {
        p95LimitMs?: number;
        errorRateLimit?: number;
      };
      evidence.milestone = {
        id: row.milestone_id,
        createdAt,
        p95LimitMs: thresholds.p95LimitMs,
        errorRateLimit: thresholds.errorRateLimit,
        ...(row.frozen_at !== null ? { frozenAt: toMs(row.frozen_at) } : {}),
        ...(row.regressed_at !== null
          ? { regressedAt: toMs(row.regressed_at) }
          : {}),
      };
    }
  }

  /** The last stored entry of each chain and whether the verified head is that entry. */
  private async chains(refs: string[], of: (ref: string) => ScorecardEvidence) {
    const last = whereRefIn(
      this.db('audit_chain_entries')
        .select('entity_ref')
        .max({ last_seq: 'seq' })
        .groupBy('entity_ref'),
      'entity_ref',
      refs,
    ).as('l');
    const rows: Array<{
      entity_ref: string;
      last_seq: number | string;
      head_seq: number | string | null;
      entry_hash: string | null;
    }> = await this.db
      .from(last)
      .leftJoin({ h: 'audit_chain_heads' }, 'h.entity_ref', 'l.entity_ref')
      .leftJoin({ e: 'audit_chain_entries' }, join =>
        join
          .on('e.entity_ref', 'h.entity_ref')
          .andOn('e.seq', 'h.seq')
          .andOn('e.hash', 'h.hash'),
      )
      .select(
        'l.entity_ref',
        'l.last_seq',
        { head_seq: 'h.seq' },
        { entry_hash: 'e.hash' },
      );
    for (const row of rows) {
      of(row.entity_ref).chain = {
        lastSeq: Number(row.last_seq),
        headVerified:
          row.head_seq !== null &&
          row.entry_hash !== null &&
          Number(row.head_seq) === Number(row.last_seq),
      };
    }
  }

  /**
   * Failures (fingerprints) still being worked on, by class: never triaged, or open,
   * classified or with a defect filed; with when the oldest was first seen.
   */
  private async openTriage(
    refs: string[],
    of: (ref: string) => ScorecardEvidence,
  ) {
    const failures = whereRefIn(
      this.db({ f: 'triage_failures' })
        .join({ r: 'evidence_reports' }, 'r.id', 'f.report_id')
        .select('f.entity_ref', 'f.fingerprint')
        .min({ first_seen: 'r.received_at' })
        .groupBy('f.entity_ref', 'f.fingerprint'),
      'f.entity_ref',
      refs,
    ).as('g');
    const rows: Array<{
      entity_ref: string;
      class: string | null;
      n: number | string;
      oldest: Timestamp;
    }> = await this.db
      .from(failures)
      .leftJoin({ s: 'triage_states' }, join =>
        join
          .on('s.entity_ref', 'g.entity_ref')
          .andOn('s.fingerprint', 'g.fingerprint'),
      )
      .where(q =>
        q
          .whereNull('s.status')
          .orWhereIn('s.status', [...ACTIVE_TRIAGE_STATUSES]),
      )
      .select('g.entity_ref', 's.class')
      .count({ n: '*' })
      .min({ oldest: 'g.first_seen' })
      .groupBy('g.entity_ref', 's.class');
    for (const row of rows) {
      of(row.entity_ref).openTriage.push({
        class: (row.class as TriageClass | null) ?? null,
        count: Number(row.n),
        oldestFirstSeen: toMs(row.oldest),
      });
    }
  }

  /**
   * Distinct tests that were flaky (failed, then passed on a rerun) in a test report
   * received since `since`. Reads `test_results_flaky_idx`, which holds flaky rows only.
   */
  private async flakyTests(
    refs: string[],
    since: Date,
    of: (ref: string) => ScorecardEvidence,
  ) {
    const rows: Array<{ entity_ref: string; n: number | string }> =
      await whereRefIn(
        this.db({ t: 'test_results' })
          .join({ r: 'evidence_reports' }, 'r.id', 't.report_id')
          .whereRaw('t.flaky = true')
          .andWhere('r.received_at', '>=', since)
          .select('t.entity_ref')
          .countDistinct({ n: 't.test_key' })
          .groupBy('t.entity_ref'),
        't.entity_ref',
        refs,
      );
    for (const row of rows) of(row.entity_ref).flakyTests = Number(row.n);
  }

  /** The runbooks uploaded for the entities, by digest (the Markdown is read separately). */
  private async runbooks(
    refs: string[],
    of: (ref: string) => ScorecardEvidence,
  ) {
    const rows: Array<{ entity_ref: string; digest: string }> =
      await whereRefIn(
        this.db('runbook_uploads').select('entity_ref', 'digest'),
        'entity_ref',
        refs,
      ).orderBy(['entity_ref', 'runbook_id']);
    for (const row of rows) {
      of(row.entity_ref).runbooks.push({ digest: row.digest });
    }
  }

  /** The Markdown of uploaded runbooks, by digest. */
  async runbookMarkdown(
    digests: readonly string[],
  ): Promise<Map<string, string>> {
    if (digests.length === 0) return new Map();
    const rows: Array<{ digest: string; markdown: string }> = await whereRefIn(
      this.db('runbook_uploads').select('digest', 'markdown'),
      'digest',
      digests,
    );
    return new Map(rows.map(r => [r.digest, r.markdown]));
  }
}
