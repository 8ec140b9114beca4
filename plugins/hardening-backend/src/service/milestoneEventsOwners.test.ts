import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { TestOwnership } from '../codeowners/TestOwnership';
import { MilestoneEvents } from './milestoneEvents';
import { MilestoneService } from './milestoneService';

const ENTITY = 'component:default/payments';

function events(recipients: () => Promise<string[]>) {
  const notifications = { send: jest.fn(async () => undefined) };
  const milestones = {
    detectRegressions: jest.fn(async () => [
      {
        milestone: {
          id: 'v1',
          regression: {
            failingItems: [
              { id: 'e2e', label: 'E2E tests', reason: '2 failed' },
            ],
          },
        },
        checklist: { state: 'blocked' },
      },
    ]),
  } as unknown as MilestoneService;
  const ownership = {
    failingTestRecipients: jest.fn(recipients),
  } as unknown as TestOwnership;
  const milestoneEvents = new MilestoneEvents({
    milestones,
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    notifications: notifications as unknown as NotificationService,
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments', namespace: 'default' },
          spec: { owner: 'team-payments' },
        },
      ],
    }),
    auth: mockServices.auth(),
    ownership,
  });
  return { milestoneEvents, notifications };
}

describe('milestone regression notifications', () => {
  it('go to the owners of the failing tests when any maps to the catalog', async () => {
    const { milestoneEvents, notifications } = events(async () => [
      'group:default/payments-core',
      'user:default/jane-doe',
    ]);
    await milestoneEvents.afterEvidenceStored(ENTITY);
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/payments-core', 'user:default/jane-doe'],
        },
        payload: expect.objectContaining({
          description:
            'E2E tests: 2 failed\nOwners of the failing tests: group:default/payments-core, user:default/jane-doe',
        }),
      }),
    );
  });

  it('go to the entity (its owner) when no test owner maps or the look-up fails', async () => {
    for (const recipients of [
      async () => [],
      async () => {
        throw new Error('database gone');
      },
    ]) {
      const { milestoneEvents, notifications } = events(recipients);
      await milestoneEvents.afterEvidenceStored(ENTITY);
      expect(notifications.send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: ENTITY },
          payload: expect.objectContaining({
            description: 'E2E tests: 2 failed',
          }),
        }),
      );
    }
  });
});
