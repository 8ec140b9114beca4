import { z } from 'zod';

/** Default window of `GET /failure-clusters`, in days before now. */
export const FAILURE_CLUSTERS_DEFAULT_DAYS = 14;
/** Furthest back `since` may be, in days before now. */
export const FAILURE_CLUSTERS_MAX_DAYS = 90;
/** Default and most clusters per answer. */
export const FAILURE_CLUSTERS_DEFAULT_LIMIT = 20;
export const FAILURE_CLUSTERS_MAX_LIMIT = 100;

/**
 * The query string of `GET /failure-clusters`: `since` an ISO date (`2026-12-01`) or
 * date-time with offset, `limit`, and `ownedBy`, a group ref (`team-a`,
 * `group:default/team-a`) to keep the clusters touching that group's entities (and its
 * child groups'). The window bound (not older than {@link FAILURE_CLUSTERS_MAX_DAYS}
 * days, not in the future) is checked against the server's clock.
 *
 * @public
 */
export const failureClustersQuerySchema = z.strictObject({
  since: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FAILURE_CLUSTERS_MAX_LIMIT)
    .default(FAILURE_CLUSTERS_DEFAULT_LIMIT),
  ownedBy: z.string().min(1).max(255).optional(),
});

/** @public */
export type FailureClustersQuery = {
  since?: string;
  limit?: number;
  ownedBy?: string;
};

/** Where a failure was reported: a test of a test report, or a triage failure. @public */
export type FailureSource = 'test-report' | 'triage';

/**
 * One failure of a cluster, shown as its example: the newest occurrence.
 *
 * @public
 */
export type FailureClusterExample = {
  source: FailureSource;
  entityRef: string;
  reportId: string;
  receivedAt: string;
  message?: string;
  /** The test (test reports). */
  testId?: string;
  /** The failure's fingerprint (triage reports), as the triage routes know it. */
  fingerprint?: string;
  /** The CI run of the report, when it was given. */
  runUrl?: string;
};

/**
 * Failures grouped by their normalised message and top stack frames, across entities.
 * `impact` = `failures` × `entities`; clusters are ranked by it (then failures, then last
 * seen, then key).
 *
 * @public
 */
export type FailureCluster = {
  /** SHA-256 of the normalised text. */
  key: string;
  /** The normalised text (what the example's failure reads as, masked). */
  signature: string;
  failures: number;
  /** Distinct entities with a failure of the cluster in the window. */
  entities: number;
  /** Up to 10 of those entities, sorted. */
  entityRefs: string[];
  impact: number;
  firstSeen: string;
  lastSeen: string;
  /** Sum of the durations of the failed tests that give one (CI time lost), in ms. */
  ciTimeLostMs: number;
  /** Failures whose duration is known (triage failures and tests without a time have none). */
  timedFailures: number;
  example: FailureClusterExample;
};

/** @public */
export type FailureClustersResponse = {
  since: string;
  /** Set when the answer is restricted to a group's entities. */
  ownedBy?: string;
  clusters: FailureCluster[];
};
