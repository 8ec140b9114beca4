import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { DAY_MS } from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { pruneTestResults, PruneOutcome } from './pruneTestResults';
import { RetentionSettings } from './retentionSettings';
import { utcDay } from './testResultDays';

export const RETENTION_TASK_ID = 'hardening-retention-prune';

export type RetentionDeps = {
  db: Knex;
  auditor: AuditorService;
  logger: LoggerService;
  settings: RetentionSettings;
  clock: () => Date;
};

/**
 * The start of the oldest UTC day whose per-test rows are kept: days are pruned whole,
 * so that a day is either all rows or all aggregate.
 */
export function testResultCutoff(now: Date, testResultDays: number): Date {
  return new Date(
    `${utcDay(
      new Date(now.getTime() - testResultDays * DAY_MS),
    )}T00:00:00.000Z`,
  );
}

/** One prune run: audited (`retention-prune`), logged, failures reported and rethrown. */
export async function runRetention(deps: RetentionDeps): Promise<PruneOutcome> {
  const { db, auditor, logger, settings, clock } = deps;
  const before = testResultCutoff(clock(), settings.testResultDays);
  const audit = await auditor.createEvent({
    eventId: 'retention-prune',
    severityLevel: 'medium',
    meta: {
      testResultDays: settings.testResultDays,
      testResultsBefore: before.toISOString(),
    },
  });
  try {
    const outcome = await pruneTestResults(db, {
      before,
      batchSize: settings.batchSize,
    });
    await audit.success({ meta: { ...outcome } });
    logger.info(
      `Retention: folded ${
        outcome.rows
      } test results of reports received before ${before.toISOString()} into daily aggregates (${
        outcome.batches
      } batches)`,
    );
    return outcome;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}

/**
 * Schedules the prune once a day, once across all replicas (a global task: the scheduler
 * holds its lock in the database).
 */
export async function scheduleRetention(
  scheduler: SchedulerService,
  deps: RetentionDeps,
): Promise<void> {
  if (!deps.settings.enabled) {
    deps.logger.info('Retention: hardening.retention.enabled is false');
    return;
  }
  await scheduler.scheduleTask({
    id: RETENTION_TASK_ID,
    frequency: { hours: 24 },
    timeout: { hours: 2 },
    initialDelay: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      await runRetention(deps);
    },
  });
}
