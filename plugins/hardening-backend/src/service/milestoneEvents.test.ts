import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SignalsService } from '@backstage/plugin-signals-node';
import { MilestonesSignal } from '@hardening/backstage-plugin-hardening-common';
import { testEntity } from '../__testUtils__/routeTestKit';
import { MilestoneEvents } from './milestoneEvents';
import { MilestoneService } from './milestoneService';

const ENTITY = 'component:default/payments-api';
const message: MilestonesSignal = {
  entityRef: ENTITY,
  milestoneId: 'M1',
  state: 'frozen',
};

function events(options: { signals?: boolean; owned?: boolean }) {
  const logger = mockServices.logger.mock();
  const signals = { publish: jest.fn() };
  const { owner: _owner, ...unowned } = testEntity.spec!;
  const catalog = catalogServiceMock({
    entities: [
      options.owned === false ? { ...testEntity, spec: unowned } : testEntity,
    ],
  });
  jest.spyOn(catalog, 'getEntityByRef');
  const milestoneEvents = new MilestoneEvents({
    milestones: {} as MilestoneService,
    auditor: mockServices.auditor.mock(),
    logger,
    catalog,
    auth: mockServices.auth(),
    ...(options.signals === false
      ? {}
      : { signals: signals as unknown as SignalsService }),
  });
  return { milestoneEvents, logger, signals, catalog };
}

describe('MilestoneEvents.signal', () => {
  it('says the signals backend is missing when it is, without asking the catalog', async () => {
    const { milestoneEvents, logger, catalog } = events({ signals: false });
    await milestoneEvents.signal(message, {
      requestedBy: 'user:default/ana',
    });
    expect(logger.debug).toHaveBeenCalledWith(
      `No hardening:milestones signal for ${ENTITY}: the signals backend is not installed`,
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('says nobody is to be told when the entity has no owner and no user asked', async () => {
    const { milestoneEvents, logger, signals } = events({ owned: false });
    await milestoneEvents.signal(message);
    expect(signals.publish).not.toHaveBeenCalled();
    expect(logger.debug).toHaveBeenCalledWith(
      `No hardening:milestones signal for ${ENTITY}: it has no owner in the catalog and no user asked for the change`,
    );
  });

  it('signals the owner and the user who asked', async () => {
    const { milestoneEvents, logger, signals } = events({});
    await milestoneEvents.signal(message, {
      requestedBy: 'user:default/ana',
    });
    expect(signals.publish).toHaveBeenCalledWith({
      recipients: {
        type: 'user',
        entityRef: ['group:default/team-payments', 'user:default/ana'],
      },
      channel: 'hardening:milestones',
      message,
    });
    expect(logger.debug).not.toHaveBeenCalled();
  });
});
