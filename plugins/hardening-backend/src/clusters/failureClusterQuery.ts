import { Knex } from 'knex';
import { whereRefIn } from '../database/entityRefScope';
import { toIso } from '../database/DatabaseTriageStore';
import { FAILED_STATUSES } from '../database/testResultRows';
import { PENDING_CLUSTER_KEY } from './backfillClusterKeys';

const isPg = (db: Knex) => String(db.client.config.client) === 'pg';

/** Entity refs listed per cluster. */
const ENTITY_REFS_PER_CLUSTER = 10;

export type ClusterWindow = {
  since: Date;
  /** The entities whose failures count (those the caller may see and read). */
  refs: readonly string[];
  /** When set, only clusters with a failure of one of these entities. */
  ownedRefs?: readonly string[];
  limit: number;
};

export type ClusterRow = {
  key: string;
  failures: number;
  entities: number;
  firstSeen: string;
  lastSeen: string;
  ciTimeLostMs: number;
  timedFailures: number;
};

export type ClusterOccurrence = {
  key: string;
  source: 'test-report' | 'triage';
  entityRef: string;
  reportId: string;
  receivedAt: string;
  runUrl: string | null;
  message: string | null;
  stack: string | null;
  testId: string | null;
  fingerprint: string | null;
};

/**
 * Every failure of the window as one relation `u` (cluster_key, entity_ref, at,
 * duration_ms, …): failed and errored test results and triage failures, each driven
 * from the reports of the entities in the window (`evidence_reports_latest_idx`), then
 * their rows by report (`test_results_report_idx`, `triage_failures_report_idx`).
 */
function failures(db: Knex, window: ClusterWindow, keys?: readonly string[]) {
  const tests = whereRefIn(
    db({ r: 'evidence_reports' })
      .join({ t: 'test_results' }, 't.report_id', 'r.id')
      .where('r.kind', 'test-report')
      .andWhere('r.received_at', '>=', window.since)
      .whereIn('t.status', FAILED_STATUSES),
    'r.entity_ref',
    window.refs,
  ).select({
    cluster_key: 't.cluster_key',
    entity_ref: 'r.entity_ref',
    at: 'r.received_at',
    duration_ms: 't.duration_ms',
    row_id: 't.id',
    source: db.raw("'test-report'"),
    report_id: 'r.id',
    run_url: 'r.run_url',
    message: 't.message',
    stack: db.raw('null'),
    test_id: 't.test_id',
    fingerprint: db.raw('null'),
  });
  const triage = whereRefIn(
    db({ r: 'evidence_reports' })
      .join({ f: 'triage_failures' }, 'f.report_id', 'r.id')
      .where('r.kind', 'triage')
      .andWhere('r.received_at', '>=', window.since),
    'r.entity_ref',
    window.refs,
  ).select({
    cluster_key: 'f.cluster_key',
    entity_ref: 'r.entity_ref',
    at: 'r.received_at',
    duration_ms: db.raw('null'),
    row_id: 'f.id',
    source: db.raw("'triage'"),
    report_id: 'r.id',
    run_url: 'r.run_url',
    message: db.raw('coalesce(f.message, f.symptom, f.title)'),
    stack: 'f.stack',
    test_id: db.raw('null'),
    fingerprint: 'f.fingerprint',
  });
  for (const q of [tests, triage]) {
    q.whereNotNull('cluster_key').andWhere(
      'cluster_key',
      '<>',
      PENDING_CLUSTER_KEY,
    );
    if (keys) q.whereIn('cluster_key', [...keys]);
  }
  return tests.unionAll(triage);
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * The clusters of the window ranked by impact (failures × distinct entities), then
 * failures, newest last failure and key: ONE `GROUP BY` over the failures' stored keys.
 */
export async function rankClusters(
  db: Knex,
  window: ClusterWindow,
): Promise<ClusterRow[]> {
  if (window.refs.length === 0) return [];
  const query = db
    .from(failures(db, window).as('u'))
    .select('u.cluster_key')
    .count({ failures: '*' })
    .countDistinct({ entities: 'u.entity_ref' })
    .min({ first_seen: 'u.at' })
    .max({ last_seen: 'u.at' })
    .sum({ ci_ms: 'u.duration_ms' })
    .count({ timed: 'u.duration_ms' })
    .groupBy('u.cluster_key')
    .orderByRaw(
      'count(*) * count(distinct u.entity_ref) desc, count(*) desc, max(u.at) desc, u.cluster_key',
    )
    .limit(window.limit);
  if (window.ownedRefs) {
    if (window.ownedRefs.length === 0) return [];
    // Clusters touching the group's entities: one of their failures is of one of them.
    query.havingRaw(
      `sum(case when u.entity_ref in (select value from ${
        isPg(db) ? 'unnest(?::text[]) as o(value)' : 'json_each(?)'
      }) then 1 else 0 end) > 0`,
      [isPg(db) ? [...window.ownedRefs] : JSON.stringify(window.ownedRefs)],
    );
  }
  const rows: Array<Record<string, unknown>> = await query;
  return rows.map(r => ({
    key: String(r.cluster_key),
    failures: num(r.failures),
    entities: num(r.entities),
    firstSeen: toIso(r.first_seen as Date),
    lastSeen: toIso(r.last_seen as Date),
    ciTimeLostMs: num(r.ci_ms),
    timedFailures: num(r.timed),
  }));
}

/**
 * Of each cluster: its newest failure (the example) and its first entities by ref, in
 * one query for all the clusters of an answer.
 */
export async function clusterDetails(
  db: Knex,
  window: ClusterWindow,
  keys: readonly string[],
): Promise<{
  examples: Map<string, ClusterOccurrence>;
  entityRefs: Map<string, string[]>;
}> {
  const examples = new Map<string, ClusterOccurrence>();
  const entityRefs = new Map<string, string[]>();
  if (keys.length === 0) return { examples, entityRefs };
  const rows: Array<Record<string, unknown>> = await db
    .from(
      db
        .from(failures(db, window, keys).as('u'))
        .select(
          'u.*',
          db.raw(
            'row_number() over (partition by u.cluster_key order by u.at desc, u.row_id desc) as newest',
          ),
          db.raw(
            'row_number() over (partition by u.cluster_key, u.entity_ref order by u.at desc, u.row_id desc) as per_entity',
          ),
          db.raw(
            'dense_rank() over (partition by u.cluster_key order by u.entity_ref) as entity_rank',
          ),
        )
        .as('w'),
    )
    .where('w.newest', 1)
    .orWhere(q =>
      q
        .where('w.per_entity', 1)
        .andWhere('w.entity_rank', '<=', ENTITY_REFS_PER_CLUSTER),
    )
    .select('w.*');
  for (const r of rows) {
    const key = String(r.cluster_key);
    if (Number(r.newest) === 1) {
      examples.set(key, {
        key,
        source: r.source as ClusterOccurrence['source'],
        entityRef: String(r.entity_ref),
        reportId: String(r.report_id),
        receivedAt: toIso(r.at as Date),
        runUrl: (r.run_url as string | null) ?? null,
        message: (r.message as string | null) ?? null,
        stack: (r.stack as string | null) ?? null,
        testId: (r.test_id as string | null) ?? null,
        fingerprint: (r.fingerprint as string | null) ?? null,
      });
    }
    if (Number(r.per_entity) === 1) {
      const list = entityRefs.get(key) ?? [];
      list.push(String(r.entity_ref));
      entityRefs.set(key, list);
    }
  }
  for (const list of entityRefs.values()) list.sort();
  return { examples, entityRefs };
}
