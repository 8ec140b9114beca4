import {
  ActionTestBackend,
  createActionTestKit,
  OWNER,
  VIEWER,
} from '../__testUtils__/actionTestKit';
import {
  failureIdOf,
  PAYMENTS,
  storePaymentsFailures,
} from '../__testUtils__/triageFixtures';

jest.setTimeout(60_000);

const kit = createActionTestKit();

describe.each(kit.ids)('triage actions on %s', databaseId => {
  let backend: ActionTestBackend;
  let bidFailure: string;

  beforeAll(async () => {
    backend = await kit.start(databaseId);
    await storePaymentsFailures(backend.knex, new Date());
    bidFailure = await failureIdOf(backend.knex, PAYMENTS, 'BID-001');
  });
  afterAll(() => backend.stop());

  const stateRows = async () => ({
    states: await backend.count('triage_states'),
    history: await backend.count('triage_state_history'),
  });
  const queueItem = async () => {
    const res = await backend.get(
      '/entities/component/default/payments-api/triage/queue',
    );
    return res.body.items.find((i: any) => i.scenarioId === 'BID-001');
  };

  it('lists the queue of an entity and of a team like the routes', async () => {
    const byEntity = await backend.invoke(
      'list-triage-queue',
      { entityRef: 'payments-api' },
      VIEWER,
    );
    expect(byEntity.status).toBe(200);
    const route = await backend.get(
      '/entities/component/default/payments-api/triage/queue',
      VIEWER,
    );
    expect(
      byEntity.body.output.items.map((i: any) => [i.failureId, i.state]),
    ).toEqual(route.body.items.map((i: any) => [i.failureId, i.state]));

    const byTeam = await backend.invoke(
      'list-triage-queue',
      { groupRef: 'group:default/payments-org', limit: 3 },
      VIEWER,
    );
    expect(byTeam.status).toBe(200);
    expect(byTeam.body.output.entityRefs).toContain(PAYMENTS);
    expect(byTeam.body.output.items).toHaveLength(3);
  });

  it('drafts the defect of a failure', async () => {
    const res = await backend.invoke('get-defect-draft', {
      entityRef: PAYMENTS,
      failureId: bidFailure,
    });
    expect(res.status).toBe(200);
    expect(res.body.output.title).toContain('BID-001');
    expect(res.body.output.newIssue.url).toMatch(
      /^https:\/\/github\.com\/acme\/payments-api\/issues\/new\?/,
    );
  });

  it('refuses a caller without hardening.triage.manage, and changes nothing', async () => {
    const before = await stateRows();
    const res = await backend.invoke(
      'classify-triage-failure',
      { entityRef: PAYMENTS, failureId: bidFailure, class: 'flake' },
      VIEWER,
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: `Not allowed to update hardening data of ${PAYMENTS}`,
    });
    expect(await stateRows()).toEqual(before);
    expect((await queueItem()).state).toEqual({ status: 'open' });
  });

  it('refuses a service that no ingest binding covers, like the routes do', async () => {
    const before = await stateRows();
    const res = await backend.invoke(
      'classify-triage-failure',
      { entityRef: PAYMENTS, failureId: bidFailure, class: 'flake' },
      'service',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /no hardening.ingest.bindings entry/,
    );
    expect(await stateRows()).toEqual(before);
  });

  it.each([
    ['an unknown class', { class: 'cosmic-rays' }],
    ['a missing failure id', { failureId: undefined }],
    ['a malformed failure id', { failureId: '1; drop table' }],
    ['a malformed entity ref', { entityRef: 'component:default/no spaces' }],
    ['a note with control characters', { note: 'a\u0007b' }],
  ])('answers %s with a 400 and changes nothing', async (_, change) => {
    const before = await stateRows();
    const res = await backend.invoke('classify-triage-failure', {
      entityRef: PAYMENTS,
      failureId: bidFailure,
      class: 'flake',
      ...change,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(await stateRows()).toEqual(before);
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const res = await backend.invoke('classify-triage-failure', {
      entityRef: 'component:default/nowhere',
      failureId: bidFailure,
      class: 'flake',
    });
    expect(res.status).toBe(404);
  });

  it('classifies, records the defect and closes a failure for an owner', async () => {
    const classified = await backend.invoke('classify-triage-failure', {
      entityRef: PAYMENTS,
      failureId: bidFailure,
      class: 'algorithm-regression',
      note: 'tenant filter dropped',
    });
    expect(classified.status).toBe(200);
    expect(classified.body.output).toMatchObject({
      entityRef: PAYMENTS,
      failureId: bidFailure,
      state: { status: 'classified', class: 'algorithm-regression' },
      entry: { by: OWNER, from: 'open', to: 'classified' },
    });
    expect((await queueItem()).state).toMatchObject({
      status: 'classified',
      class: 'algorithm-regression',
    });

    const badUrl = await backend.invoke('record-defect-link', {
      entityRef: PAYMENTS,
      failureId: bidFailure,
      url: 'https://user:pw@github.com/acme/payments-api/issues/1',
    });
    expect(badUrl.status).toBe(400);

    const linked = await backend.invoke('record-defect-link', {
      entityRef: PAYMENTS,
      failureId: bidFailure,
      url: 'https://github.com/acme/payments-api/issues/42',
    });
    expect(linked.status).toBe(200);
    expect(linked.body.output.state.status).toBe('defect-filed');

    const closed = await backend.invoke('set-triage-status', {
      entityRef: PAYMENTS,
      failureId: bidFailure,
      to: 'fixed',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.output.state.status).toBe('fixed');

    // The lifecycle's own refusal comes back as a conflict, not a crash.
    const again = await backend.invoke('classify-triage-failure', {
      entityRef: PAYMENTS,
      failureId: bidFailure,
      class: 'flake',
    });
    expect(again.status).toBe(409);
  });
});
