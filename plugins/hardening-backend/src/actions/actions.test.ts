import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ACTIONS_PATH,
  ActionTestBackend,
  createActionTestKit,
  OWNER,
  VIEWER,
} from '../__testUtils__/actionTestKit';
import {
  greenMilestone,
  seedStoresOn,
  storeGreenEvidence,
} from '../__testUtils__/milestoneFixtures';
import { PAYMENTS } from '../__testUtils__/triageFixtures';
import request from 'supertest';

jest.setTimeout(60_000);

const kit = createActionTestKit();
const ENTITY = '/entities/component/default/payments-api';

const READS = [
  'get-freeze-status',
  'get-evidence-summary',
  'list-triage-queue',
  'get-defect-draft',
  'get-scorecard',
  'verify-audit-chain',
  'list-flaky-tests',
];
const WRITES = [
  'classify-triage-failure',
  'set-triage-status',
  'record-defect-link',
  'freeze-milestone',
];

describe.each(kit.ids)('hardening actions on %s', databaseId => {
  let backend: ActionTestBackend;

  beforeAll(async () => {
    backend = await kit.start(databaseId);
    const { knex } = backend;
    await storeGreenEvidence(
      seedStoresOn(knex, new DatabaseEvidenceStore(knex)),
      PAYMENTS,
      new Date(Date.now() - 3_600_000),
    );
    const saved = await request(backend.server)
      .put(`/api/hardening${ENTITY}/milestones/${greenMilestone.id}`)
      .set('authorization', mockCredentials.user.header(OWNER))
      .send(greenMilestone);
    if (saved.status !== 201) {
      throw new Error(`The milestone was not saved: ${saved.text}`);
    }
  });
  afterAll(() => backend.stop());

  it('lists every action with honest attributes and JSON Schema input', async () => {
    const res = await backend.list(VIEWER);
    expect(res.status).toBe(200);
    const actions = res.body.actions as any[];
    expect(actions.map(a => a.name).sort()).toEqual(
      [...READS, ...WRITES].sort(),
    );
    for (const action of actions) {
      expect(action.id).toBe(`hardening:${action.name}`);
      expect(action.description.length).toBeGreaterThan(80);
      expect(action.schema.input.type).toBe('object');
      expect(action.schema.input.additionalProperties).toBe(false);
    }
    const attributes = Object.fromEntries(
      actions.map(a => [a.name, a.attributes]),
    );
    for (const name of READS) {
      expect(attributes[name]).toEqual({
        readOnly: true,
        destructive: false,
        idempotent: true,
      });
    }
    for (const name of WRITES) {
      expect(attributes[name]).toMatchObject({
        readOnly: false,
        idempotent: false,
      });
    }
    expect(attributes['freeze-milestone'].destructive).toBe(false);
  });

  it('answers get-freeze-status with what the milestones route answers', async () => {
    const action = await backend.invoke(
      'get-freeze-status',
      { entityRef: 'payments-api' },
      VIEWER,
    );
    expect(action.status).toBe(200);
    const route = await backend.get(`${ENTITY}/milestones`, VIEWER);
    expect(action.body.output.entityRef).toBe(PAYMENTS);
    const strip = (items: any[]) =>
      items.map(({ checklist: { evaluatedAt: _, ...checklist }, ...rest }) => ({
        ...rest,
        checklist,
      }));
    expect(strip(action.body.output.milestones)).toEqual(
      strip(route.body.items),
    );
    const [status] = action.body.output.milestones;
    expect(status.checklist.state).toBe('ready');
    expect(status.checklist.items.every((i: any) => i.reason)).toBe(true);
  });

  it('refuses freeze-milestone to a caller without hardening.milestone.manage, and freezes nothing', async () => {
    const res = await backend.invoke(
      'freeze-milestone',
      { entityRef: PAYMENTS, milestoneId: greenMilestone.id },
      VIEWER,
    );
    expect(res.status).toBe(403);
    expect(await backend.count('milestone_freezes')).toBe(0);
  });

  it('answers a malformed milestone id or tag with a 400 and freezes nothing', async () => {
    for (const input of [
      { milestoneId: '../M3' },
      { milestoneId: greenMilestone.id, tag: 'not a tag' },
      { milestoneId: greenMilestone.id, unknown: true },
    ]) {
      const res = await backend.invoke('freeze-milestone', {
        entityRef: PAYMENTS,
        ...input,
      });
      expect(res.status).toBe(400);
    }
    expect(await backend.count('milestone_freezes')).toBe(0);
  });

  it('freezes a ready milestone for an owner', async () => {
    const res = await backend.invoke('freeze-milestone', {
      entityRef: PAYMENTS,
      milestoneId: greenMilestone.id,
    });
    expect(res.status).toBe(200);
    expect(res.body.output.frozen).toMatchObject({
      checklist: { state: 'frozen' },
      freeze: { tag: 'milestone/m3.3.1-hardened', frozenBy: OWNER },
    });
    expect(await backend.count('milestone_freezes')).toBe(1);
    const chain = await backend.invoke('verify-audit-chain', {
      entityRef: PAYMENTS,
    });
    expect(chain.body.output).toMatchObject({ ok: true, length: 1 });
  });

  it('answers the evidence, flaky tests and scorecard reads', async () => {
    const summary = await backend.invoke(
      'get-evidence-summary',
      { entityRef: PAYMENTS },
      VIEWER,
    );
    expect(summary.status).toBe(200);
    const route = await backend.get(`${ENTITY}/summary`, VIEWER);
    expect(summary.body.output).toEqual(route.body);

    const flaky = await backend.invoke(
      'list-flaky-tests',
      { entityRef: PAYMENTS, limit: 5 },
      VIEWER,
    );
    expect(flaky.status).toBe(200);
    expect(flaky.body.output).toMatchObject({ total: 0, windowDays: 14 });
    const since = await backend.invoke(
      'list-flaky-tests',
      { entityRef: PAYMENTS, since: 'yesterday' },
      VIEWER,
    );
    expect(since.status).toBe(400);

    const entity = await backend.invoke(
      'get-scorecard',
      { entityRef: PAYMENTS },
      VIEWER,
    );
    expect(entity.status).toBe(200);
    expect(entity.body.output.scorecard).toMatchObject({
      entityRef: PAYMENTS,
      missingForNextLevel: expect.any(Array),
    });
    const group = await backend.invoke(
      'get-scorecard',
      { groupRef: 'team-payments', weeks: 2 },
      VIEWER,
    );
    expect(group.status).toBe(200);
    expect(group.body.output.group.groupRef).toBe(
      'group:default/team-payments',
    );
    expect(
      (
        await backend.invoke(
          'get-scorecard',
          { entityRef: PAYMENTS, groupRef: 'team-payments' },
          VIEWER,
        )
      ).status,
    ).toBe(400);
    expect(
      (await backend.invoke('get-scorecard', { groupRef: PAYMENTS }, VIEWER))
        .status,
    ).toBe(400);
  });

  it('refuses callers without credentials', async () => {
    const res = await request(backend.server)
      .post(`${ACTIONS_PATH}/hardening:get-freeze-status/invoke`)
      .set('authorization', mockCredentials.none.header())
      .send({ entityRef: PAYMENTS });
    expect(res.status).toBe(401);
  });
});
