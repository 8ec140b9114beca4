import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { CiContext } from '@hardening/backstage-plugin-hardening-common';

/**
 * The identity digest of a report, stored in `evidence_reports.identity_digest`: SHA-256
 * of the JSON array of the body's digest and the CI context that names the run (commit
 * lower-cased, branch, run URL, pipeline, tags sorted without repeats, run id, run
 * attempt; absent values as null). Two uploads of one entity and kind are the same report
 * exactly when these are equal.
 *
 * `runAt` is left out: a run is named by its id, attempt and URL, and a client retrying an
 * upload may compute the run's start again with another precision or from another clock;
 * that retry must find the stored report (200), not add a second one.
 *
 * Migration 20261207010000_report_identity.js computes the same value for the rows stored
 * before it; the two must not drift apart (its test compares them).
 */
export function reportIdentity(digest: string, context: CiContext): string {
  const identity = [
    digest,
    context.commit?.toLowerCase() ?? null,
    context.branch ?? null,
    context.runUrl ?? null,
    context.pipeline ?? null,
    [...new Set(context.tags)].sort(),
    context.runId ?? null,
    context.runAttempt ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * How far a run's start (`runAt`) may lie after the upload's receipt, for CI runners and
 * the backend whose clocks disagree a little: 5 minutes.
 */
export const MAX_RUN_AT_SKEW_MS = 5 * 60 * 1000;

/** How long before the upload's receipt a run may have started (`runAt`): 90 days. */
export const MAX_RUN_AT_AGE_DAYS = 90;
const MAX_RUN_AT_AGE_MS = MAX_RUN_AT_AGE_DAYS * 24 * 60 * 60 * 1000;

/**
 * Refuses (400) a `runAt` more than {@link MAX_RUN_AT_SKEW_MS} after the receipt (a run
 * cannot start after its evidence arrives, and such a time would keep the report the
 * newest of its kind until that time) or more than {@link MAX_RUN_AT_AGE_DAYS} days before
 * it (no CI run uploads its evidence that late; a time such as year 0 would be stored as
 * the report's order, far outside what the lists and their cursors are built for).
 */
export function checkRunAt(context: CiContext, receivedAt: Date): void {
  if (!context.runAt) return;
  const runAt = Date.parse(context.runAt);
  const received = receivedAt.toISOString();
  if (runAt - receivedAt.getTime() > MAX_RUN_AT_SKEW_MS) {
    throw new InputError(
      `runAt is in the future: ${context.runAt} is more than 5 minutes after the upload was received (${received}); send the time the CI run started, with its time zone`,
    );
  }
  if (receivedAt.getTime() - runAt > MAX_RUN_AT_AGE_MS) {
    throw new InputError(
      `runAt is too far in the past: ${context.runAt} is more than ${MAX_RUN_AT_AGE_DAYS} days before the upload was received (${received}); send the time the CI run started, with its time zone, or leave runAt out for evidence uploaded more than ${MAX_RUN_AT_AGE_DAYS} days after its run (it is then ordered at its receipt)`,
    );
  }
}

/**
 * Where a report stands in the order "newest" means (`evidence_reports.ordered_at`): when
 * its CI run started (`runAt`), but never later than its receipt; its receipt when the
 * upload did not say.
 */
export function orderedAtOf(context: CiContext, receivedAt: Date): Date {
  if (!context.runAt) return receivedAt;
  const runAt = new Date(context.runAt);
  return runAt < receivedAt ? runAt : receivedAt;
}
