import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { junitReport, seedStoresOn } from '../__testUtils__/milestoneFixtures';
import {
  createRouteTestKit,
  RouteDeps,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { parsedTestReport } from '../__testUtils__/parsedTestReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  WITNESSED_ENTITY as ENTITY,
  witnessedRouter,
} from '../__testUtils__/witnessedRouter';
import { DatabaseQuarantineStore } from '../database/DatabaseQuarantineStore';
import { runQuarantineExpiry } from '../quarantine/scheduleQuarantineExpiry';
import { uploadTestReport } from '../seed/seedUploads';
import { createQuarantineRouter } from './quarantineRouter';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const DAY = 86_400_000;
const QUARANTINE_TABLES = ['test_quarantine', 'test_quarantine_history'];

describe.each(ids)('test quarantine on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId });
  const settings = {
    defaultQuarantineDays: 14,
    maxQuarantineDays: 90,
    fixedAfterPasses: 2,
  };
  const store = () => new DatabaseQuarantineStore(kit.knex, settings);
  const app = (allow = true) =>
    kit.app(
      (deps: RouteDeps) =>
        createQuarantineRouter({
          ...deps,
          quarantine: store(),
          fixedAfterPasses: settings.fixedAfterPasses,
        }),
      { allow },
    );
  const change = (body: object, allow = true) =>
    request(app(allow)).post(`${base}/tests/quarantine`).send(body);
  /** An e2e:happy report of `passed` passing and `failed` failing tests, `minutes` after 10:00. */
  const uploadE2e = async (passed: number, failed: number, minutes: number) =>
    uploadTestReport(seedStoresOn(kit.knex, kit.deps().store), {
      entityRef: ENTITY,
      body: junitReport(passed, failed),
      context: { commit: `abc${1000 + minutes}`, tags: ['e2e:happy'] },
      receivedAt: new Date(Date.UTC(2026, 10, 20, 10, minutes)),
    });
  const testIdOf = async (name: string) =>
    (await kit.knex('test_results').where({ name }).first()).test_id as string;

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    await kit.clear(...QUARANTINE_TABLES, 'test_results', 'evidence_reports');
    kit.auditSuccess.mockClear();
    kit.auditFail.mockClear();
  });

  it('quarantines a test with the default expiry, lists it with who and why, audits the change', async () => {
    const res = await change({
      testId: 'e2e::fails 0',
      state: 'quarantined',
      reason: 'flaky on the shared runner, PAY-12',
    });
    expect(res.status).toBe(200);
    const expiresAt = new Date(kit.now.getTime() + 14 * DAY).toISOString();
    expect(res.body.change).toEqual({
      testId: 'e2e::fails 0',
      from: 'active',
      to: 'quarantined',
      reason: 'flaky on the shared runner, PAY-12',
      changedBy: 'user:default/ana',
      changedAt: kit.now.toISOString(),
      expiresAt,
    });
    expect(kit.auditSuccess).toHaveBeenCalledWith({
      meta: {
        testId: 'e2e::fails 0',
        state: { from: 'active', to: 'quarantined' },
        reason: 'flaky on the shared runner, PAY-12',
        expiresAt,
      },
    });
    const listed = await request(app()).get(`${base}/tests/quarantine`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      fixedAfterPasses: 2,
      items: [
        {
          testId: 'e2e::fails 0',
          state: 'quarantined',
          reason: 'flaky on the shared runner, PAY-12',
          changedBy: 'user:default/ana',
          changedAt: kit.now.toISOString(),
          expiresAt,
          passesInARow: 0,
          proposedFixed: false,
        },
      ],
    });
  });

  it.each([
    ['no reason', { testId: 't', state: 'quarantined' }],
    ['a blank reason', { testId: 't', state: 'quarantined', reason: '  ' }],
    [
      'a too long reason',
      { testId: 't', state: 'disabled', reason: 'x'.repeat(1001) },
    ],
    ['an unknown state', { testId: 't', state: 'muted', reason: 'r' }],
    [
      'an expiry past the maximum',
      {
        testId: 't',
        state: 'disabled',
        reason: 'r',
        expiresAt: '2027-03-01T00:00:00Z',
      },
    ],
    [
      'an expiry in the past',
      {
        testId: 't',
        state: 'quarantined',
        reason: 'r',
        expiresAt: '2026-11-19T00:00:00Z',
      },
    ],
    [
      'an expiry for an active test',
      {
        testId: 't',
        state: 'active',
        reason: 'r',
        expiresAt: '2026-11-25T00:00:00Z',
      },
    ],
    [
      'an unknown field',
      { testId: 't', state: 'fixed', reason: 'r', owner: 'me' },
    ],
  ])('refuses %s with a 400 and writes nothing', async (_, body) => {
    const res = await change(body);
    expect(res.status).toBe(400);
    expect(await kit.count('test_quarantine')).toBe(0);
    expect(await kit.count('test_quarantine_history')).toBe(0);
    expect(kit.auditFail).toHaveBeenCalled();
  });

  it('needs hardening.triage.manage to change and evidence read to list', async () => {
    const res = await change(
      { testId: 't', state: 'quarantined', reason: 'r' },
      false,
    );
    expect(res.status).toBe(403);
    expect(await kit.count('test_quarantine')).toBe(0);
    expect(
      (await request(app(false)).get(`${base}/tests/quarantine`)).status,
    ).toBe(403);
  });

  it('proposes a quarantined test as fixed after fixedAfterPasses passes in a row since the quarantine', async () => {
    await uploadE2e(0, 1, 0);
    const testId = await testIdOf('fails 0');
    // Quarantined at the kit's clock (12:00); results before it do not count.
    await change({ testId, state: 'quarantined', reason: 'flaky' });
    const listed = async () =>
      (await request(app()).get(`${base}/tests/quarantine`)).body.items[0];
    await kit.knex('test_results').update({ status: 'passed' });
    expect(await listed()).toMatchObject({
      passesInARow: 0,
      proposedFixed: false,
    });
    const later = (n: number, status: 'passed' | 'failed') =>
      kit.deps().store.insertTestReport({
        entityRef: ENTITY,
        digest: `${n}`.repeat(64).slice(0, 64),
        context: { commit: `def${1000 + n}`, tags: [] },
        receivedAt: new Date(kit.now.getTime() + n * 60_000),
        report: parsedTestReport([{ testId, name: 'fails 0', status }], 'e2e'),
      });
    await later(1, 'failed');
    await later(2, 'passed');
    expect(await listed()).toMatchObject({
      passesInARow: 1,
      proposedFixed: false,
    });
    await later(3, 'passed');
    expect(await listed()).toMatchObject({
      passesInARow: 2,
      proposedFixed: true,
    });
  });

  it('sets expired quarantines back to active, records the history and audits the run', async () => {
    await change({
      testId: 'a',
      state: 'quarantined',
      reason: 'flaky',
      expiresAt: '2026-11-21T00:00:00Z',
    });
    await change({
      testId: 'b',
      state: 'disabled',
      reason: 'broken',
      expiresAt: '2026-11-30T00:00:00Z',
    });
    const auditor = mockServices.auditor.mock();
    const expired = await runQuarantineExpiry({
      quarantine: store(),
      auditor,
      logger: mockServices.logger.mock(),
      clock: () => new Date('2026-11-22T00:00:00Z'),
    });
    expect(expired).toEqual([
      {
        entityRef: ENTITY,
        testId: 'a',
        from: 'quarantined',
        to: 'active',
        reason: 'the quarantined state expired',
        changedBy: 'hardening:quarantine-expiry',
        changedAt: '2026-11-22T00:00:00.000Z',
      },
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'test-quarantine-expiry' }),
    );
    const items = (await request(app()).get(`${base}/tests/quarantine`)).body
      .items;
    expect(items.map((i: any) => [i.testId, i.state])).toEqual([
      ['a', 'active'],
      ['b', 'disabled'],
    ]);
    expect(
      (await store().history(ENTITY)).map(c => [c.testId, c.from, c.to]),
    ).toEqual([
      ['a', 'active', 'quarantined'],
      ['b', 'active', 'disabled'],
      ['a', 'quarantined', 'active'],
    ]);
  });

  describe('effect on the freeze checklist, through createRouter', () => {
    let router: Awaited<ReturnType<typeof witnessedRouter>>;
    beforeAll(async () => {
      router = await witnessedRouter(kit, []);
    });
    beforeEach(async () => {
      await kit.clear(...QUARANTINE_TABLES);
      await router.reset();
    });
    const e2eItem = async () =>
      (
        await request(router.app).get(`${base}/milestones`)
      ).body.items[0].checklist.items.find(
        (i: { id: string }) => i.id === 'e2e',
      );
    const setState = (testId: string, state: string) =>
      request(router.app)
        .post(`${base}/tests/quarantine`)
        .send({ testId, state, reason: `${state} for the test` });

    it("does not count a quarantined test's failure against the e2e item; counts it again when active", async () => {
      await uploadE2e(3, 1, 30);
      const testId = await testIdOf('fails 0');
      expect(await e2eItem()).toMatchObject({
        passed: false,
        reason: expect.stringContaining('e2e:happy has 1 failing test'),
      });
      expect((await setState(testId, 'quarantined')).status).toBe(200);
      expect(await e2eItem()).toMatchObject({
        passed: true,
        reason: expect.stringContaining(
          'e2e:happy (3 passing tests, 1 quarantined failure not counted)',
        ),
      });
      const scorecard = await request(router.app).get(
        '/scorecards/entities/component/default/payments-api',
      );
      expect(scorecard.status).toBe(200);
      expect(scorecard.body.scorecard.metrics.freezeState).toBe('ready');
      await setState(testId, 'active');
      expect((await e2eItem()).passed).toBe(false);
    });

    it('refuses to freeze while an e2e test is disabled unless the request gives a reason', async () => {
      await uploadE2e(4, 0, 30);
      const testId = await testIdOf('passes 3');
      await setState(testId, 'disabled');
      const refused = await request(router.app)
        .post(`${base}/milestones/M3.3.1/freeze`)
        .send({});
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain(testId);
      expect(await kit.count('milestone_freezes')).toBe(0);
      const frozen = await request(router.app)
        .post(`${base}/milestones/M3.3.1/freeze`)
        .send({ disabledTestsReason: 'payments sandbox down, PAY-99' });
      expect(frozen.status).toBe(201);
      expect(frozen.body.checklist.disabledE2eTests).toEqual([testId]);
      expect(kit.auditSuccess).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          disabledE2eTests: [testId],
          disabledTestsReason: 'payments sandbox down, PAY-99',
        }),
      });
    });
  });
});
