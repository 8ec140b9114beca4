import request from 'supertest';
import {
  testEntityPath as base,
  createRouteTestKit,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  WITNESS,
  WITNESSED_ENTITY as ENTITY,
  witnessedRouter,
} from '../__testUtils__/witnessedRouter';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();

describe.each(ids)(
  'a freeze with hardening.transparency.freezeRequiresWitnesses, through createRouter, on %s',
  databaseId => {
    const kit = createRouteTestKit({ databaseId });
    let router: Awaited<ReturnType<typeof witnessedRouter>>;
    const cosignCurrent = () => router.cosignCurrent();
    const freeze = () =>
      request(router.app).post(`${base}/milestones/M3.3.1/freeze`).send();
    const treeSize = async () =>
      (await request(router.app).get(`${base}/audit-chain/transparency`)).body
        .treeSize as number;

    beforeAll(async () => {
      await kit.setup();
      router = await witnessedRouter(kit, [WITNESS]);
    });
    beforeEach(() => router.reset());

    /** The `witnesses` item of the milestone's checklist as `GET …/milestones` lists it. */
    const checklist = async () => {
      const listed = await request(router.app).get(`${base}/milestones`);
      expect(listed.status).toBe(200);
      return listed.body.items[0].checklist;
    };
    const witnessItem = async () =>
      (await checklist()).items.find(
        (i: { id: string }) => i.id === 'witnesses',
      );

    it('lists the witnesses item failing, naming the witness, before anyone asks for a freeze; green once cosigned', async () => {
      const before = await checklist();
      expect(before.state).toBe('blocked');
      expect(before.items.filter((i: any) => !i.passed)).toEqual([
        {
          id: 'witnesses',
          label: 'Required witnesses cosigned the current checkpoint',
          passed: false,
          reason: `${WITNESS} has not cosigned any checkpoint: have them run \`hardening chain witness\` on the current checkpoint`,
          evidence: [],
        },
      ]);
      expect(before.witnesses).toEqual({
        treeSize: 3,
        required: [{ witness: WITNESS, cosignedSize: null }],
      });

      await cosignCurrent();
      const after = await checklist();
      expect(after.state).toBe('ready');
      expect(await witnessItem()).toMatchObject({
        passed: true,
        reason: `${WITNESS} cosigned the checkpoint of the current tree (size 3)`,
      });

      const frozen = await freeze();
      expect(frozen.status).toBe(201);
      // The freeze entry grew the log to 4: no regression for that.
      expect(frozen.body.checklist.witnesses).toEqual({
        treeSize: 4,
        required: [{ witness: WITNESS, cosignedSize: 3 }],
      });
      expect((await checklist()).state).toBe('frozen');
      expect(await witnessItem()).toMatchObject({ passed: true });
    });

    it('refuses a green milestone with 409 naming the witness until it cosigned the current checkpoint, then freezes', async () => {
      const refused = await freeze();
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        name: 'ConflictError',
        message: `The audit chain of ${ENTITY} must be witnessed before a freeze: ${WITNESS} has not cosigned any checkpoint. Have them run \`hardening chain witness\` on the current checkpoint. Nothing was frozen.`,
      });
      expect(await kit.count('milestone_freezes')).toBe(0);
      expect(await treeSize()).toBe(3);

      await cosignCurrent();
      const frozen = await freeze();
      expect(frozen.status).toBe(201);
      expect(frozen.body.checklist.state).toBe('frozen');
      // The freeze entry grew the log past the cosigned size.
      expect(await treeSize()).toBe(4);
    });

    it('refuses while the cosignature is of an older tree size', async () => {
      await cosignCurrent();
      await router.appendEntries(1, 3);

      expect(await witnessItem()).toMatchObject({
        passed: false,
        reason: `${WITNESS} cosigned size 3, not the current size 4: have them run \`hardening chain witness\` on the current checkpoint`,
      });
      const stale = await freeze();
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain(
        `${WITNESS} cosigned size 3, not the current size 4.`,
      );
      expect(await kit.count('milestone_freezes')).toBe(0);

      await cosignCurrent();
      expect((await freeze()).status).toBe(201);
    });
  },
);
