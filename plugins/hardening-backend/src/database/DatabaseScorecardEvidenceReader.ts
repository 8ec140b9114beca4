import {
  ACTIVE_TRIAGE_STATUSES,
  currentMilestoneOf,
  evaluateFreezeChecklist,
  FreezeChecklistItemId,
  FreezeWitnessStatus,
  milestoneTagName,
  StoredMilestone,
  TriageClass,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { parseRunbook } from '../runbook/parseRunbook';
import {
  FACT_KINDS,
  FactKind,
  ReportFacts,
  reportFacts,
} from '../scorecard/reportFacts';
import { BoundedMap } from './boundedMap';
import {
  DatabaseFreezeEvidenceReader,
  FreezeEvidenceNeeds,
} from './DatabaseFreezeEvidenceReader';
import { listMilestonesOf } from './DatabaseMilestoneStore';
import { DatabaseRunbookFileStore } from './DatabaseRunbookFileStore';
import { commaList, refsTable, whereRefIn } from './entityRefScope';
import { EvidenceVersions } from './EvidenceVersions';
import { countFlakyTests } from './flakyTestsQuery';
import { newestReportId } from './newestOrder';

type Timestamp = Date | string | number;

const toMs = (value: Timestamp): number =>
  (value instanceof Date ? value : new Date(value)).getTime();

/** The current milestone of an entity (see `currentMilestoneOf`) and its state. */
export type ScorecardMilestoneEvidence = {
  id: string;
  createdAt: number;
  /** The required CI gates it names itself. */
  requiredGates: string[];
  /** Its thresholds' stress limits. */
  p95LimitMs?: number;
  errorRateLimit?: number;
  /**
   * `frozen` and `regressed` as stored by the milestone workflow; for a milestone never
   * frozen, `ready` or `blocked` by its freeze checklist computed from the evidence.
   */
  state: 'frozen' | 'regressed' | 'ready' | 'blocked';
  /** The checklist items that block it (`blocked`) or that it regressed on. */
  failingItems: FreezeChecklistItemId[];
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

/** The review dates of one runbook of an entity; `unreadable` when it could not be read. */
export type ScorecardRunbookEvidence = {
  lastUpdated?: string;
  nextReview?: string;
  unreadable?: boolean;
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
  /** Flaky tests in the flaky window (see `flakyTestKeys`). */
  flakyTests: number;
  /**
   * Uploaded runbooks, and the repository runbooks of the `hardening.io/runbooks`
   * annotation as last read (an upload with the id of an annotated file replaces it).
   */
  runbooks: ScorecardRunbookEvidence[];
};

/**
 * The freeze witness status of many entities in one query (see
 * `TransparencyLog.freezeWitnessStatuses`); `undefined` when config requires no witness.
 */
export type FreezeWitnessReader = (
  entityRefs: readonly string[],
) => Promise<ReadonlyMap<string, FreezeWitnessStatus> | undefined>;

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
} & Record<`id_${NewestKind}`, string | null>;

/** An entity's evidence as remembered, with the version it was read at. */
type KnownEvidence = {
  version: string;
  evidence: Omit<ScorecardEvidence, 'flakyTests'>;
};

const EMPTY: KnownEvidence['evidence'] = {
  requiredGates: [],
  openTriage: [],
  runbooks: [],
};

const list = (csv: string | null) => (csv ? csv.split(',').sort() : []);

/** The current milestone of each entity (see `currentMilestoneOf`). */
function currentMilestones(
  milestones: StoredMilestone[],
): Map<string, StoredMilestone> {
  const byEntity = new Map<string, StoredMilestone[]>();
  for (const m of milestones) {
    byEntity.set(m.entityRef, [...(byEntity.get(m.entityRef) ?? []), m]);
  }
  const current = new Map<string, StoredMilestone>();
  for (const [ref, ofEntity] of byEntity) {
    current.set(ref, currentMilestoneOf(ofEntity, m => m)!);
  }
  return current;
}

/**
 * Reads the evidence of many entities at once, re-reading only what changed.
 *
 * A call reads the {@link EvidenceVersions} of all entities in one query, first, and
 * reads the evidence of only the entities whose version moved since they were last read,
 * in a fixed number of queries however many they are:
 *
 * 1. one row per entity from correlated index seeks: the newest report id of each kind
 *    (`evidence_reports_newest_idx`), the required gates, the release chain's last entry
 *    and verified head;
 * 2. the milestones with their latest freeze; for a current milestone never frozen, its
 *    freeze checklist from the evidence ({@link DatabaseFreezeEvidenceReader.readMany})
 *    and, when config requires witnesses for a freeze, their cosignatures (one query);
 * 3. the receipt time and summary of newest reports not read before (a stored report
 *    never changes, so what a scorecard needs of it is remembered by report id);
 * 4. open triage failures by class;
 * 5. runbooks: the uploads' review dates (parsed once per digest) and the recorded
 *    repository files.
 *
 * Flaky-test counts depend on the window too (its start moves at UTC midnight): they are
 * remembered per entity and version and window start, and re-read in one grouped query
 * ({@link countFlakyTests}) for the entities whose key moved.
 */
export class DatabaseScorecardEvidenceReader {
  readonly #evidence = new BoundedMap<string, KnownEvidence>(100_000);
  readonly #reports = new BoundedMap<string, KnownReport>(250_000);
  readonly #flaky = new BoundedMap<string, { key: string; count: number }>(
    100_000,
  );
  readonly #runbookDates = new BoundedMap<string, ScorecardRunbookEvidence>(
    10_000,
  );
  readonly #freeze: DatabaseFreezeEvidenceReader;
  readonly #runbookFiles: DatabaseRunbookFileStore;
  readonly #versions: EvidenceVersions;

  /**
   * `witnesses`: the witnesses a freeze requires and what they cosigned, for the
   * checklist's `witnesses` item of milestones never frozen, as the milestone routes
   * judge it (none when left out). A cosignature moves the entity's evidence version.
   */
  constructor(
    private readonly db: Knex,
    private readonly options: { witnesses?: FreezeWitnessReader } = {},
  ) {
    this.#versions = new EvidenceVersions(db);
    this.#freeze = new DatabaseFreezeEvidenceReader(db);
    this.#runbookFiles = new DatabaseRunbookFileStore(db);
  }

  async read(
    entityRefs: readonly string[],
    options: { flakySince: Date },
  ): Promise<Map<string, ScorecardEvidence>> {
    const refs = [...new Set(entityRefs)];
    const out = new Map<string, ScorecardEvidence>();
    if (refs.length === 0) return out;
    const versions = await this.#versions.versionsOf(refs);
    const stale = refs.filter(
      ref =>
        versions.has(ref) &&
        this.#evidence.get(ref)?.version !== versions.get(ref),
    );
    const known = new Map<string, KnownEvidence>();
    if (stale.length > 0) {
      for (const [ref, read] of await this.readEvidence(stale)) {
        const entry = { ...read, version: versions.get(ref)! };
        known.set(ref, entry);
        this.#evidence.set(ref, entry);
      }
    }
    for (const ref of refs) {
      const entry = known.get(ref) ?? this.#evidence.get(ref);
      if (entry) known.set(ref, entry);
    }
    const flaky = await this.flakyTests(known, options.flakySince);
    for (const ref of refs) {
      out.set(ref, {
        ...(known.get(ref)?.evidence ?? EMPTY),
        flakyTests: flaky.get(ref) ?? 0,
      });
    }
    return out;
  }

  /** Reads the evidence of these entities (all but the flaky counts). */
  private async readEvidence(
    refs: string[],
  ): Promise<Map<string, Omit<KnownEvidence, 'version'>>> {
    const [rows, milestones, triage, runbooks] = await Promise.all([
      this.entityRows(refs),
      this.milestones(refs),
      this.openTriage(refs),
      this.runbooks(refs),
    ]);
    const reports = await this.newestReports(rows);
    const out = new Map<string, Omit<KnownEvidence, 'version'>>();
    for (const row of rows) {
      const ref = row.entity_ref;
      const evidence: KnownEvidence['evidence'] = {
        requiredGates: list(row.required_gates),
        openTriage: triage.get(ref) ?? [],
        runbooks: runbooks.get(ref) ?? [],
      };
      for (const kind of NEWEST_KINDS) {
        const at = reports.get(row[`id_${kind}`] ?? '')?.receivedAt;
        if (at !== undefined) {
          evidence.lastEvidenceAt = Math.max(evidence.lastEvidenceAt ?? at, at);
        }
      }
      const fact = <K extends FactKind>(kind: K) =>
        reports.get(row[`id_${kind}`] ?? '')?.facts as
          | ReportFacts[K]
          | undefined;
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
      out.set(ref, { evidence });
    }
    return out;
  }

  /** One row per entity with its newest report ids and other facts. */
  private async entityRows(refs: string[]): Promise<EntityRow[]> {
    const { db } = this;
    const entity = db.ref('s.value');
    const newestIds = NEWEST_KINDS.map(kind =>
      newestReportId(db, entity, kind).as(`id_${kind}`),
    );
    // Two queries over the same refs, so that PostgreSQL runs them side by side on
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

  /**
   * Each entity's current milestone and its state: stored when it was frozen (and
   * perhaps regressed since), else computed from its freeze checklist, with the evidence
   * of every such milestone read at once.
   */
  private async milestones(
    refs: string[],
  ): Promise<Map<string, ScorecardMilestoneEvidence>> {
    const current = currentMilestones(await listMilestonesOf(this.db, refs));
    const open = [...current.values()].filter(m => !m.freeze && !m.regression);
    const [evidence, witnesses] = await Promise.all([
      this.#freeze.readMany(
        new Map<string, FreezeEvidenceNeeds>(
          open.map(m => [
            m.entityRef,
            { e2eTags: m.thresholds.e2eTags, tagNames: [milestoneTagName(m)] },
          ]),
        ),
      ),
      open.length > 0 && this.options.witnesses
        ? this.options.witnesses(open.map(m => m.entityRef))
        : undefined,
    ]);
    const out = new Map<string, ScorecardMilestoneEvidence>();
    for (const [ref, m] of current) {
      const base = {
        id: m.id,
        createdAt: Date.parse(m.createdAt),
        requiredGates: [...m.thresholds.requiredGates],
        p95LimitMs: m.thresholds.p95LimitMs,
        errorRateLimit: m.thresholds.errorRateLimit,
      };
      if (m.regression) {
        out.set(ref, {
          ...base,
          state: 'regressed',
          failingItems: m.regression.failingItems.map(i => i.id),
          regressedAt: Date.parse(m.regression.regressedAt),
          ...(m.freeze ? { frozenAt: Date.parse(m.freeze.frozenAt) } : {}),
        });
      } else if (m.freeze) {
        out.set(ref, {
          ...base,
          state: 'frozen',
          failingItems: [],
          frozenAt: Date.parse(m.freeze.frozenAt),
        });
      } else {
        // The checklist's evaluation time is not used: only its state and items are.
        const status = witnesses?.get(ref);
        const checklist = evaluateFreezeChecklist(
          m,
          status
            ? { ...evidence.get(ref)!, witnesses: status }
            : evidence.get(ref)!,
          new Date(0),
        );
        out.set(ref, {
          ...base,
          state: checklist.state === 'ready' ? 'ready' : 'blocked',
          failingItems: checklist.items.filter(i => !i.passed).map(i => i.id),
        });
      }
    }
    return out;
  }

  /**
   * Failures (fingerprints) still being worked on, by class: never triaged, or open,
   * classified or with a defect filed; with when the oldest was first seen.
   */
  private async openTriage(
    refs: string[],
  ): Promise<Map<string, ScorecardTriageEvidence[]>> {
    const failures = whereRefIn(
      this.db({ f: 'triage_failures' })
        .join({ r: 'evidence_reports' }, 'r.id', 'f.report_id')
        .select('f.entity_ref', 'f.fingerprint')
        .min({ first_seen: 'r.received_at' })
        .groupBy('f.entity_ref', 'f.fingerprint'),
      'f.entity_ref',
      refs,
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
    const out = new Map<string, ScorecardTriageEvidence[]>();
    for (const row of grouped) {
      const groups = out.get(row.entity_ref) ?? [];
      groups.push({
        class: (row.class as TriageClass | null) ?? null,
        count: Number(row.n),
        oldestFirstSeen: toMs(row.oldest),
      });
      out.set(row.entity_ref, groups);
    }
    return out;
  }

  /**
   * Each entity's runbooks with their review dates: the uploads (their Markdown parsed
   * once per digest, which never changes) and the recorded repository files whose id no
   * upload takes.
   */
  private async runbooks(
    refs: string[],
  ): Promise<Map<string, ScorecardRunbookEvidence[]>> {
    const [uploads, files] = await Promise.all([
      whereRefIn(
        this.db('runbook_uploads').select('entity_ref', 'runbook_id', 'digest'),
        'entity_ref',
        refs,
      ) as Promise<
        Array<{ entity_ref: string; runbook_id: string; digest: string }>
      >,
      this.#runbookFiles.listFiles(refs),
    ]);
    const unparsed = [
      ...new Set(
        uploads.map(u => u.digest).filter(d => !this.#runbookDates.has(d)),
      ),
    ];
    if (unparsed.length > 0) {
      const rows: Array<{ digest: string; markdown: string }> =
        await whereRefIn(
          this.db('runbook_uploads').distinct('digest', 'markdown'),
          'digest',
          unparsed,
        );
      for (const { digest, markdown } of rows) {
        const { lastUpdated, nextReview } = parseRunbook(markdown);
        this.#runbookDates.set(digest, {
          ...(lastUpdated ? { lastUpdated } : {}),
          ...(nextReview ? { nextReview } : {}),
        });
      }
    }
    const out = new Map<string, ScorecardRunbookEvidence[]>();
    const uploaded = new Set<string>();
    for (const u of uploads) {
      uploaded.add(`${u.entity_ref}|${u.runbook_id}`);
      const dates = this.#runbookDates.get(u.digest) ?? {};
      out.set(u.entity_ref, [...(out.get(u.entity_ref) ?? []), dates]);
    }
    for (const f of files) {
      if (uploaded.has(`${f.entityRef}|${f.runbookId}`)) continue;
      const runbook: ScorecardRunbookEvidence = f.error
        ? { unreadable: true }
        : {
            ...(f.lastUpdated ? { lastUpdated: f.lastUpdated } : {}),
            ...(f.nextReview ? { nextReview: f.nextReview } : {}),
          };
      out.set(f.entityRef, [...(out.get(f.entityRef) ?? []), runbook]);
    }
    return out;
  }

  /**
   * Flaky tests (see `flakyTestKeys`) in the reports received since `since`, re-read only
   * for the entities whose version or window start changed since their last read.
   */
  private async flakyTests(
    known: ReadonlyMap<string, KnownEvidence>,
    since: Date,
  ): Promise<Map<string, number>> {
    const keys = new Map<string, string>();
    for (const [ref, entry] of known) {
      keys.set(ref, `${entry.version}|${since.getTime()}`);
    }
    const stale = [...keys.keys()].filter(
      ref => this.#flaky.get(ref)?.key !== keys.get(ref),
    );
    const out = new Map<string, number>();
    if (stale.length > 0) {
      const counted = await countFlakyTests(this.db, stale, since);
      for (const ref of stale) {
        const count = counted.get(ref) ?? 0;
        out.set(ref, count);
        this.#flaky.set(ref, { key: keys.get(ref)!, count });
      }
    }
    for (const ref of keys.keys()) {
      if (!out.has(ref)) out.set(ref, this.#flaky.get(ref)!.count);
    }
    return out;
  }
}
