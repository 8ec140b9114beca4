import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMilestoneAction } from './createMilestoneAction';
import { HardeningApi } from './hardeningApi';

function fakeApi(created = true) {
  const putMilestone = jest.fn<
    ReturnType<HardeningApi['putMilestone']>,
    Parameters<HardeningApi['putMilestone']>
  >(async () => ({ created, milestone: {} }));
  return { putMilestone };
}

const INPUT = {
  entityRef: 'component:default/payments-api',
  milestoneId: 'M3.3',
  title: 'Share packs hardened',
  p95LimitMs: 450,
};

describe('hardening:milestone:create', () => {
  it('puts the milestone on the Hardening backend as the user running the template', async () => {
    const api = fakeApi();
    const ctx = createMockActionContext({
      input: { ...INPUT, requiredGates: ['lint', 'build', 'e2e'] },
    });
    await createMilestoneAction({ api }).handler(ctx as any);

    expect(api.putMilestone).toHaveBeenCalledWith({
      entityPath: 'component/default/payments-api',
      milestoneId: 'M3.3',
      body: {
        title: 'Share packs hardened',
        stage: 'hardening-slice',
        thresholds: {
          p95LimitMs: 450,
          requiredGates: ['lint', 'build', 'e2e'],
        },
      },
      credentials: mockCredentials.user(),
    });
    expect(ctx.output).toHaveBeenCalledWith('milestoneId', 'M3.3');
    expect(ctx.output).toHaveBeenCalledWith(
      'expectedTag',
      'milestone/m3.3-hardened',
    );
    expect(ctx.output).toHaveBeenCalledWith('created', true);
  });

  it('reports an update of an existing milestone', async () => {
    const api = fakeApi(false);
    const ctx = createMockActionContext({
      input: {
        ...INPUT,
        entityRef: 'payments-api',
        tagPattern: 'v{id}',
        stage: 'orchestration-slice',
      },
    });
    await createMilestoneAction({ api }).handler(ctx as any);

    expect(api.putMilestone.mock.calls[0][0]).toMatchObject({
      entityPath: 'component/default/payments-api',
      body: { stage: 'orchestration-slice', tagPattern: 'v{id}' },
    });
    expect(ctx.output).toHaveBeenCalledWith('expectedTag', 'vm3.3');
    expect(ctx.output).toHaveBeenCalledWith('created', false);
  });

  it('calls nothing in a dry run', async () => {
    const api = fakeApi();
    const ctx = {
      ...createMockActionContext({ input: INPUT }),
      isDryRun: true,
    };
    await createMilestoneAction({ api }).handler(ctx as any);

    expect(api.putMilestone).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('created', false);
  });

  it.each([
    [{ milestoneId: 'M 3' }, 'milestoneId: milestone ids are letters, digits'],
    [{ p95LimitMs: 0 }, 'Invalid milestone: thresholds.p95LimitMs'],
    [{ e2eTags: ['E2E Happy'] }, 'Invalid milestone: thresholds.e2eTags[0]'],
    [{ entityRef: 'component:' }, 'entityRef:'],
  ])('refuses %j before calling the backend', async (change, message) => {
    const api = fakeApi();
    const ctx = createMockActionContext({ input: { ...INPUT, ...change } });
    const run = createMilestoneAction({ api }).handler(ctx as any);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(message);
    expect(api.putMilestone).not.toHaveBeenCalled();
  });
});
