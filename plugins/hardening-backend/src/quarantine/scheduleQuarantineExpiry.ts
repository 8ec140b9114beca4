import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { DatabaseQuarantineStore } from '../database/DatabaseQuarantineStore';

export const QUARANTINE_EXPIRY_TASK_ID = 'hardening-quarantine-expiry';

export type QuarantineExpiryDeps = {
  quarantine: DatabaseQuarantineStore;
  auditor: AuditorService;
  logger: LoggerService;
  clock: () => Date;
};

/**
 * One expiry run, audited as `test-quarantine-expiry` (failures reported and rethrown):
 * quarantined and disabled tests whose expiry passed are active again. Owners are not
 * notified yet.
 */
export async function runQuarantineExpiry(deps: QuarantineExpiryDeps) {
  const now = deps.clock();
  const audit = await deps.auditor.createEvent({
    eventId: 'test-quarantine-expiry',
    severityLevel: 'medium',
    meta: { at: now.toISOString() },
  });
  try {
    const changes = await deps.quarantine.expire(now);
    await audit.success({
      meta: {
        expired: changes.map(c => ({
          entityRef: c.entityRef,
          testId: c.testId,
          from: c.from,
        })),
      },
    });
    if (changes.length > 0) {
      deps.logger.info(
        `Quarantine: ${changes.length} quarantined or disabled test(s) expired and are active again`,
      );
    }
    return changes;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}

/** Runs the expiry every hour, once across all replicas (a global task). */
export async function scheduleQuarantineExpiry(
  scheduler: SchedulerService,
  deps: QuarantineExpiryDeps,
): Promise<void> {
  await scheduler.scheduleTask({
    id: QUARANTINE_EXPIRY_TASK_ID,
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    scope: 'global',
    fn: async () => {
      await runQuarantineExpiry(deps);
    },
  });
}
