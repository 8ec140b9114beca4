import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { DatabaseScorecardSnapshotStore } from '../database/DatabaseScorecardSnapshotStore';
import { ScorecardCatalog } from './scorecardCatalog';
import { dayOf, ScorecardService } from './ScorecardService';

const DAY_MS = 86_400_000;

/** Id of the scheduled task; with `scope: 'global'` one replica runs it at a time. */
export const SCORECARD_SNAPSHOT_TASK_ID = 'hardening-scorecard-snapshot';

export type ScorecardSnapshotDeps = {
  service: ScorecardService;
  catalog: ScorecardCatalog;
  snapshots: DatabaseScorecardSnapshotStore;
  auth: AuthService;
  retentionDays: number;
  clock: () => Date;
  logger?: LoggerService;
};

/**
 * Takes today's (UTC) snapshot of every entity's scorecard, with the plugin's own
 * credentials so that it covers the whole catalog, replacing an earlier snapshot of the
 * same day; then deletes snapshots older than the retention.
 */
export async function takeScorecardSnapshot(
  deps: ScorecardSnapshotDeps,
): Promise<{ day: string; entities: number; deleted: number }> {
  const { service, catalog, snapshots, auth, clock, logger } = deps;
  const now = clock();
  const scope = await catalog.entities(await auth.getOwnServiceCredentials());
  const scorecards = await service.scorecards(scope, now);
  const day = dayOf(now);
  await snapshots.saveDay(
    day,
    scorecards.map(s => ({
      entityRef: s.entityRef,
      ownerRef: s.owner,
      levelId: s.level?.id ?? null,
      levelRank: s.rank,
      contractGatePassRate: s.metrics.contractGatePassRate,
      openTriageFailures: s.metrics.openTriageFailures,
      flakyTests: s.metrics.flakyTests,
      frozen: s.metrics.frozen,
    })),
    now,
  );
  const deleted = await snapshots.deleteBefore(
    dayOf(new Date(now.getTime() - deps.retentionDays * DAY_MS)),
  );
  logger?.info(
    `Hardening scorecard snapshot of ${day}: ${scorecards.length} entities; ${deleted} rows past retention deleted`,
  );
  return { day, entities: scorecards.length, deleted };
}

/**
 * Schedules the daily snapshot through the scheduler service: every 24 hours, globally
 * (one replica at a time, the scheduler's lock in the database), idempotent per day.
 */
export async function scheduleScorecardSnapshots(
  scheduler: SchedulerService,
  deps: ScorecardSnapshotDeps,
): Promise<void> {
  await scheduler.scheduleTask({
    id: SCORECARD_SNAPSHOT_TASK_ID,
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 1 },
    scope: 'global',
    fn: async () => {
      await takeScorecardSnapshot(deps);
    },
  });
}
