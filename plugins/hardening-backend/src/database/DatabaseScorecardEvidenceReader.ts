import {
  ACTIVE_TRIAGE_STATUSES,
  TriageClass,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import {
  FACT_KINDS,
  FactKind,
  ReportFacts,
  reportFacts,
} from '../scorecard/reportFacts';
import { commaList, refsTable, whereRefIn } from './entityRefScope';

type Timestamp = Date | string | number;

const toMs = (value: Timestamp): number =>
  (value instanceof Date ? value : new Date(value)).getTime();

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

/** What a scorecard is computed from, for one entity. Times are epoch milliseconds. */
export type ScorecardEvidence = {
  lastEvidenceAt?: number;
  /** Facts of the newest report of each kind. */
  gates?: ReportFacts['ci-gates'];
  contract?: ReportFacts['contract-results'];
  stress?: ReportFacts['stress-run'];
  validation?: ReportFacts['validation'];
  /** The entity's required-gates list; empty when it has none. */
  requiredGates: string[];
  milestone?: ScorecardMilestoneEvidence;
  /** The release chain: last stored entry and whether the verified head is that entry. */
  chain?: { lastSeq: number; headVerified: boolean };
  openTriage: ScorecardTriageEvidence[];
  flakyTests: number;
  /** Digests of the runbooks uploaded for the entity. */
  runbookDigests: string[];
};

/** Kinds whose newest report id is read: those with facts, and test reports (for freshness). */
const NEWEST_KINDS = [...FACT_KINDS, 'test-report'] as const;

type NewestKind = (typeof NEWEST_KINDS)[number];

/** A newest report as remembered: when it came, and its facts (none for test reports). */
type KnownReport = { receivedAt: number; facts?: unknown };

/** One row of the per-entity query. */
type EntityRow = {
  entity_ref: string;
  required_gates: string | null;
  chain_last: number | string | null;
  head_seq: number | string | null;
  head_entry_hash: string | null;
  triage_reports: number | string;
  triage_version: number | string | null;
  flaky_rows: number | string;
  runbooks: string | null;
} & Record<`id_${NewestKind}`, string | null>;

/** A Map that forgets its oldest entries beyond `max`. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    while (this.size > this.max) this.delete(this.keys().next().value!);
    return this;
  }
}

const list = (csv: string | null) => (csv ? csv.split(',').sort() : []);

/**
 * Reads the evidence of many entities at once, in a fixed number of queries whatever
 * their number (never one per entity):
 *
 * 1. one row per entity, its facts found by correlated subqueries that each database
 *    answers with an index seek: the newest report id of each kind read
 *    (`evidence_reports_newest_idx`), the required gates, the
 *    release chain's last entry and verified head, and the versions the caches below
 *    are keyed on;
 * 2. every milestone of the entities with its latest freeze;
 * 3. the receipt time and summary of newest reports not read before (reports never
 *    change, so what a scorecard needs of each is remembered by report id);
 * 4. open triage failures by class, for the entities whose triage reports or triage
 *    states changed since last read (keyed on the number of triage reports and the sum
 *    of the states' versions, which every change increments);
 * 5. flaky tests in the window, for the entities whose flaky results or window changed
 *    (keyed on the number of flaky results, read from the partial index of flaky rows,
 *    and the window's start).
 */
export class DatabaseScorecardEvidenceReader {
  readonly #reports = new BoundedMap<string, KnownReport>(250_000);
  readonly #triage = new BoundedMap<
    string,
    { key: string; groups: ScorecardTriageEvidence[] }
  >(100_000);
  readonly #flaky = new BoundedMap<string, { key: string; count: number }>(
    100_000,
  );

  constructor(private readonly db: Knex) {}

  async read(
    entityRefs: readonly string[],
    options: { flakySince: Date },
  ): Promise<Map<string, ScorecardEvidence>> {
    const refs = [...new Set(entityRefs)];
    const out = new Map<string, ScorecardEvidence>();
    if (refs.length === 0) return out;
    const [rows, milestones] = await Promise.all([
      this.entityRows(refs),
      this.milestones(refs),
    ]);
    const known = await this.newestReports(rows);
    const triage = await this.openTriage(rows);
    const flaky = await this.flakyTests(rows, options.flakySince);

    for (const row of rows) {
      const ref = row.entity_ref;
      const evidence: ScorecardEvidence = {
        requiredGates: list(row.required_gates),
        openTriage: triage.get(ref) ?? [],
        flakyTests: flaky.get(ref) ?? 0,
        runbookDigests: list(row.runbooks),
      };
      for (const kind of NEWEST_KINDS) {
        const at = known.get(row[`id_${kind}`] ?? '')?.receivedAt;
        if (at !== undefined) {
          evidence.lastEvidenceAt = Math.max(evidence.lastEvidenceAt ?? at, at);
        }
      }
      const fact = <K extends FactKind>(kind: K) =>
        known.get(row[`id_${kind}`] ?? '')?.facts as ReportFacts[K] | undefined;
      evidence.gates = fact('ci-gates');
      evidence.contract = fact('contract-results');
      evidence.stress = fact('stress-run');
      evidence.validation = fact('validation');
      const milestone = milestones.get(ref);
      if (milestone) evidence.milestone = milestone;
      if (row.chain_last !== null) {
        evidence.chain = {
          lastSeq: Number(row.chain_last),
          headVerified:
            row.head_seq !== null &&
            row.head_entry_hash !== null &&
            Number(row.head_seq) === Number(row.chain_last),
        };
      }
      out.set(ref, evidence);
    }
    return out;
  }

  /** One row per entity with its newest report ids and the cache versions. */
  private async entityRows(refs: string[]): Promise<EntityRow[]> {
    const { db } = this;
    const entity = db.ref('s.value');
    const reports = () =>
      db({ r: 'evidence_reports' }).where('r.entity_ref', entity);
    const newestIds = NEWEST_KINDS.map(kind =>
      reports()
        .where('r.kind', kind)
        .orderBy([
          { column: 'r.received_at', order: 'desc' },
          { column: 'r.id', order: 'desc' },
        ])
        .limit(1)
        .select('r.id')
        .as(`id_${kind}`),
    );
    // Three queries over the same refs, so that PostgreSQL runs them side by side on
    // separate connections (SQLite runs them one after the other, as one would be).
    const parts = await Promise.all([
      this.perEntity(refs, q => q.select(...newestIds)),
      this.perEntity(refs, q =>
        q
          .leftJoin({ h: 'audit_chain_heads' }, 'h.entity_ref', 's.value')
          .select(
            { head_seq: 'h.seq' },
            db({ g: 'required_gates' })
              .where('g.entity_ref', entity)
              .select(commaList(db, 'g.gate_name'))
              .as('required_gates'),
            db({ e: 'audit_chain_entries' })
              .where('e.entity_ref', entity)
              .max('e.seq')
              .as('chain_last'),
            db({ e: 'audit_chain_entries' })
              .where('e.entity_ref', entity)
              .andWhere('e.seq', db.ref('h.seq'))
              .andWhere('e.hash', db.ref('h.hash'))
              .select('e.hash')
              .as('head_entry_hash'),
          ),
      ),
      this.perEntity(refs, q =>
        q.select(
          reports().where('r.kind', 'triage').count('*').as('triage_reports'),
          db({ t: 'triage_states' })
            .where('t.entity_ref', entity)
            .sum('t.version')
            .as('triage_version'),
          db({ f: 'test_results' })
            .where('f.entity_ref', entity)
            .andWhereRaw('f.flaky = true')
            .count('*')
            .as('flaky_rows'),
          db({ u: 'runbook_uploads' })
            .where('u.entity_ref', entity)
            .select(commaList(db, 'u.digest'))
            .as('runbooks'),
        ),
      ),
    ]);
    const merged = new Map<string, EntityRow>();
    for (const part of parts) {
      for (const row of part) {
        merged.set(row.entity_ref, {
          ...merged.get(row.entity_ref),
          ...row,
        } as EntityRow);
      }
    }
    return [...merged.values()];
  }

  /** One row per ref (`s.value`), with the columns `columns` adds. */
  private async perEntity(
    refs: string[],
    columns: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<Array<Partial<EntityRow> & { entity_ref: string }>> {
    const { db } = this;
    const query = columns(
      db.from(refsTable(db, refs)).select({ entity_ref: 's.value' }),
    );
    if (String(db.client.config.client) !== 'pg') return query;
    // Thousands of one-row index seeks: PostgreSQL's JIT compiler, which the plan's cost
    // estimate turns on, would spend longer compiling than the seeks take.
    return db.transaction(async trx => {
      await trx.raw('set local jit = off');
      return query.transacting(trx);
    });
  }

  /**
   * Receipt time and facts of the newest reports, reading only the reports not read
   * before (summaries of test reports are not read at all).
   */
  private async newestReports(
    rows: EntityRow[],
  ): Promise<Map<string, KnownReport>> {
    const wanted = new Set<string>();
    for (const row of rows) {
      for (const kind of NEWEST_KINDS) {
        const id = row[`id_${kind}`];
        if (id) wanted.add(id);
      }
    }
    const missing = [...wanted].filter(id => !this.#reports.has(id));
    if (missing.length > 0) {
      const stored: Array<{
        id: string;
        kind: NewestKind;
        received_at: Timestamp;
        summary: string | null;
      }> = await whereRefIn(
        this.db('evidence_reports').select(
          'id',
          'kind',
          'received_at',
          this.db.raw(
            `case when kind = 'test-report' then null else summary end as summary`,
          ),
        ),
        'id',
        missing,
      );
      for (const report of stored) {
        this.#reports.set(report.id, {
          receivedAt: toMs(report.received_at),
          ...(report.kind !== 'test-report' && report.summary !== null
            ? { facts: reportFacts(report.kind, JSON.parse(report.summary)) }
            : {}),
        });
      }
    }
    const known = new Map<string, KnownReport>();
    for (const id of wanted) {
      const report = this.#reports.get(id);
      if (report) known.set(id, report);
    }
    return known;
  }

  /** Each entity's most recently created milestone, with its latest freeze's time. */
  private async milestones(
    refs: string[],
  ): Promise<Map<string, ScorecardMilestoneEvidence>> {
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
    const out = new Map<string, ScorecardMilestoneEvidence>();
    for (const row of rows) {
      const createdAt = toMs(row.created_at);
      const current = out.get(row.entity_ref);
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
      out.set(row.entity_ref, {
        id: row.milestone_id,
        createdAt,
        p95LimitMs: thresholds.p95LimitMs,
        errorRateLimit: thresholds.errorRateLimit,
        ...(row.frozen_at !== null ? { frozenAt: toMs(row.frozen_at) } : {}),
        ...(row.regressed_at !== null
          ? { regressedAt: toMs(row.regressed_at) }
          : {}),
      });
    }
    return out;
  }

  /**
   * Failures (fingerprints) still being worked on, by class: never triaged, or open,
   * classified or with a defect filed; with when the oldest was first seen. Read again
   * only for the entities whose triage reports or states changed.
   */
  private async openTriage(
    rows: EntityRow[],
  ): Promise<Map<string, ScorecardTriageEvidence[]>> {
    const keys = new Map(
      rows.map(r => [
        r.entity_ref,
        `${Number(r.triage_reports)}|${Number(r.triage_version ?? 0)}`,
      ]),
    );
    const stale = rows
      .filter(r => Number(r.triage_reports) > 0)
      .map(r => r.entity_ref)
      .filter(ref => this.#triage.get(ref)?.key !== keys.get(ref));
    if (stale.length > 0) {
      const fresh = new Map<string, ScorecardTriageEvidence[]>(
        stale.map(ref => [ref, []]),
      );
      const failures = whereRefIn(
        this.db({ f: 'triage_failures' })
          .join({ r: 'evidence_reports' }, 'r.id', 'f.report_id')
          .select('f.entity_ref', 'f.fingerprint')
          .min({ first_seen: 'r.received_at' })
          .groupBy('f.entity_ref', 'f.fingerprint'),
        'f.entity_ref',
        stale,
      ).as('g');
      const grouped: Array<{
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
      for (const row of grouped) {
        fresh.get(row.entity_ref)!.push({
          class: (row.class as TriageClass | null) ?? null,
          count: Number(row.n),
          oldestFirstSeen: toMs(row.oldest),
        });
      }
      for (const [ref, groups] of fresh) {
        this.#triage.set(ref, { key: keys.get(ref)!, groups });
      }
    }
    const out = new Map<string, ScorecardTriageEvidence[]>();
    for (const row of rows) {
      const cached = this.#triage.get(row.entity_ref);
      if (cached && cached.key === keys.get(row.entity_ref)) {
        out.set(row.entity_ref, cached.groups);
      }
    }
    return out;
  }

  /**
   * Distinct tests that were flaky (failed, then passed on a rerun) in a test report
   * received since `since`, read from `test_results_flaky_idx` (flaky rows only). Read
   * again only for the entities whose flaky results or window start changed.
   */
  private async flakyTests(
    rows: EntityRow[],
    since: Date,
  ): Promise<Map<string, number>> {
    const keys = new Map(
      rows.map(r => [
        r.entity_ref,
        `${Number(r.flaky_rows)}|${since.getTime()}`,
      ]),
    );
    const stale = rows
      .filter(r => Number(r.flaky_rows) > 0)
      .map(r => r.entity_ref)
      .filter(ref => this.#flaky.get(ref)?.key !== keys.get(ref));
    if (stale.length > 0) {
      const counted: Array<{ entity_ref: string; n: number | string }> =
        await whereRefIn(
          this.db({ t: 'test_results' })
            .join({ r: 'evidence_reports' }, 'r.id', 't.report_id')
            .whereRaw('t.flaky = true')
            .andWhere('r.received_at', '>=', since)
            .select('t.entity_ref')
            .countDistinct({ n: 't.test_key' })
            .groupBy('t.entity_ref'),
          't.entity_ref',
          stale,
        );
      const fresh = new Map(stale.map(ref => [ref, 0]));
      for (const row of counted) fresh.set(row.entity_ref, Number(row.n));
      for (const [ref, count] of fresh) {
        this.#flaky.set(ref, { key: keys.get(ref)!, count });
      }
    }
    const out = new Map<string, number>();
    for (const row of rows) {
      const cached = this.#flaky.get(row.entity_ref);
      if (cached && cached.key === keys.get(row.entity_ref)) {
        out.set(row.entity_ref, cached.count);
      }
    }
    return out;
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
