import { mockServices } from '@backstage/backend-test-utils';
import {
  scheduleScorecardSnapshots,
  ScorecardSnapshotDeps,
  SCORECARD_SNAPSHOT_TASK_ID,
} from './scorecardSnapshots';

describe('scheduleScorecardSnapshots', () => {
  it('schedules one global task a day, so that replicas do not each take the snapshot', async () => {
    const scheduler = mockServices.scheduler.mock();
    await scheduleScorecardSnapshots(
      scheduler,
      {} as unknown as ScorecardSnapshotDeps,
    );
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: SCORECARD_SNAPSHOT_TASK_ID,
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        scope: 'global',
        fn: expect.any(Function),
      }),
    );
  });
});
