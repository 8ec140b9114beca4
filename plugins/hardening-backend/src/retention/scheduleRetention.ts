import {
  AuditorService,
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DAY_MS } from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { markPruned, trackMissingEntities } from './missingEntities';
import { pruneReports, reportsFreezesRelyOn } from './pruneReports';
import { pruneTestResults, PruneOutcome } from './pruneTestResults';
import { RetentionSettings } from './retentionSettings';
import { utcDay } from './testResultDays';

export const RETENTION_TASK_ID = 'hardening-retention-prune';

export type RetentionDeps = {
  db: Knex;
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
  settings: RetentionSettings;
  clock: () => Date;
};

/**
 * The start of the oldest UTC day kept when `days` days are kept: days are pruned whole
 * (for per-test rows: a day is either all rows or all aggregate).
 */
export function dayCutoff(now: Date, days: number): Date {
  return new Date(
    `${utcDay(new Date(now.getTime() - days * DAY_MS))}T00:00:00.000Z`,
  );
}

/** What one run pruned. */
export type RetentionOutcome = {
  /** Per-test rows folded into daily aggregates. */
  testResults: PruneOutcome;
  /** Old reports deleted. */
  reports: number;
  /** Entities missing from the catalog past the grace period, and their reports deleted. */
  removedEntities: string[];
  removedEntityReports: number;
};

/**
 * One retention run, audited as `retention-prune` (failures reported and rethrown):
 * per-test rows into daily aggregates, then old reports, then the evidence of entities
 * missing from the catalog for longer than the grace period.
 */
export async function runRetention(
  deps: RetentionDeps,
): Promise<RetentionOutcome> {
  const { db, auditor, logger, settings, clock } = deps;
  const now = clock();
  const testResultsBefore = dayCutoff(now, settings.testResultDays);
  const reportsBefore = dayCutoff(now, settings.reportDays);
  const audit = await auditor.createEvent({
    eventId: 'retention-prune',
    severityLevel: 'medium',
    meta: {
      testResultsBefore: testResultsBefore.toISOString(),
      reportsBefore: reportsBefore.toISOString(),
      removedEntityGraceDays: settings.removedEntityGraceDays,
    },
  });
  try {
    const { batchSize } = settings;
    const testResults = await pruneTestResults(db, {
      before: testResultsBefore,
      batchSize,
    });
    const keep = await reportsFreezesRelyOn(db);
    const { reports } = await pruneReports(db, {
      before: reportsBefore,
      batchSize,
      keep,
    });
    const removedEntities = await trackMissingEntities(
      db,
      deps.catalog,
      deps.auth,
      {
        now,
        dueBefore: new Date(
          now.getTime() - settings.removedEntityGraceDays * DAY_MS,
        ),
        logger,
      },
    );
    let removedEntityReports = 0;
    for (const entityRef of removedEntities) {
      const pruned = await pruneReports(db, {
        removedEntity: entityRef,
        batchSize,
        keep,
      });
      await db('test_result_days').where({ entity_ref: entityRef }).delete();
      await markPruned(db, entityRef, { at: now, reports: pruned.reports });
      removedEntityReports += pruned.reports;
    }
    await audit.success({
      meta: {
        testResults: testResults.rows,
        reports,
        removedEntities,
        removedEntityReports,
      },
    });
    logger.info(
      `Retention: ${
        testResults.rows
      } test results folded into daily aggregates, ${reports} reports received before ${reportsBefore.toISOString()} deleted, evidence of ${
        removedEntities.length
      } entities removed from the catalog deleted (${removedEntityReports} reports)`,
    );
    return { testResults, reports, removedEntities, removedEntityReports };
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
    initialDelay: deps.settings.initialDelay,
    scope: 'global',
    fn: async () => {
      await runRetention(deps);
    },
  });
}
