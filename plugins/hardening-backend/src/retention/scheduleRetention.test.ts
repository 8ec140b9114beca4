import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { readRetentionSettings } from './retentionSettings';
import { RETENTION_TASK_ID, scheduleRetention } from './scheduleRetention';

function schedule(retention: JsonObject) {
  const scheduler = mockServices.scheduler.mock();
  const logger = mockServices.logger.mock();
  const settings = readRetentionSettings(
    new ConfigReader({ hardening: { retention } }),
  );
  const scheduled = scheduleRetention(scheduler, {
    db: {} as Knex,
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    auditor: mockServices.auditor.mock(),
    logger,
    settings,
    clock: () => new Date(),
  });
  return { scheduler, logger, scheduled };
}

describe('scheduleRetention', () => {
  it('schedules one global daily task that waits 5 minutes after start by default', async () => {
    const { scheduler, scheduled } = schedule({});
    await scheduled;
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: RETENTION_TASK_ID,
        scope: 'global',
        frequency: { hours: 24 },
        initialDelay: { minutes: 5 },
      }),
    );
  });

  it('waits hardening.retention.initialDelay instead when it is set', async () => {
    const { scheduler, scheduled } = schedule({ initialDelay: '5s' });
    await scheduled;
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: RETENTION_TASK_ID,
        initialDelay: { seconds: 5 },
      }),
    );
  });

  it('schedules nothing when retention is disabled', async () => {
    const { scheduler, logger, scheduled } = schedule({ enabled: false });
    await scheduled;
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      'Retention: hardening.retention.enabled is false',
    );
  });
});
