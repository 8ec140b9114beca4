import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import Router from 'express-promise-router';
import request from 'supertest';
import {
  greenMilestone,
  MILESTONE_EVIDENCE_TABLES,
  seedStoresOn,
  storeGreenEvidence,
  stressRunJson,
} from '../__testUtils__/milestoneFixtures';
import {
  createRouteTestKit,
  RouteDeps,
  testEntity,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { createCiGatesRouter } from './ciGatesRouter';
import { createContractRouter } from './contractRouter';
import { createGitTagsRouter } from './gitTagsRouter';
import { createMilestoneRouter } from './milestoneRouter';
import { createMilestoneServices } from './milestoneServices';
import { onEvidenceStored } from './reportRoutes';
import { createStressRunsRouter } from './stressRunsRouter';

const ENTITY = 'component:default/payments-api';
/** {@link testEntity}'s `spec.owner`. */
const OWNER = 'group:default/team-payments';

describe('milestone routes', () => {
  const kit = createRouteTestKit();
  const notifications = { send: jest.fn() };
  const signals = { publish: jest.fn() };
  // The catalog milestone signals read the owner from; replaced by a test without one.
  let catalogEntities = [testEntity];

  // Moved on by tests that upload twice, so that the newest report is never a tie.
  let now = kit.now;

  function routes(kitDeps: RouteDeps) {
    const deps = { ...kitDeps, clock: () => now };
    const stores = seedStoresOn(deps.knex, deps.store);
    const { gitTags, milestones, events } = createMilestoneServices({
      database: deps.knex,
      store: deps.store,
      chains: stores.chains,
      auditor: deps.auditor,
      catalog: catalogServiceMock({ entities: catalogEntities }),
      auth: mockServices.auth(),
      clock: deps.clock,
      notifications: notifications as unknown as NotificationService,
      signals: signals as unknown as SignalsService,
    });
    const router = Router();
    router.use(
      onEvidenceStored((entityRef, req) =>
        events.afterEvidenceStored(entityRef, req),
      ),
    );
    router.use(createMilestoneRouter({ ...deps, milestones, events }));
    router.use(createGitTagsRouter({ ...deps, gitTags }));
    router.use(createCiGatesRouter(deps));
    router.use(
      createContractRouter({
        ...deps,
        contracts: stores.contracts,
        maxUploadBytes: 1024 * 1024,
      }),
    );
    router.use(createStressRunsRouter(deps));
    return router;
  }
  const app = (allow = true) => kit.app(routes, { allow });

  const put = (id: string, body: object, allow = true) =>
    request(app(allow)).put(`${base}/milestones/${id}`).send(body);
  const freeze = (id = 'M3.3.1', body?: object) => {
    const req = request(app()).post(`${base}/milestones/${id}/freeze`);
    return body ? req.send(body) : req;
  };
  const greenEvidence = () =>
    storeGreenEvidence(
      seedStoresOn(kit.knex, kit.deps().store),
      ENTITY,
      new Date('2026-11-20T10:00:00.000Z'),
    );
  const auditEvents = () =>
    (kit.auditor.createEvent as jest.Mock).mock.calls.map(
      ([event]) => event.eventId,
    );
  const storedChain = () =>
    new DatabaseAuditChainStore(kit.knex, kit.deps().store).verifyStoredChain(
      ENTITY,
    );

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    now = kit.now;
    catalogEntities = [testEntity];
    jest.clearAllMocks();
    await kit.clear(...MILESTONE_EVIDENCE_TABLES);
  });

  describe('PUT and GET …/milestones/{id}', () => {
    it('creates a milestone with its defaults, updates it, and serves it with its checklist', async () => {
      const created = await put('M3.3.1', greenMilestone);
      expect(created.status).toBe(201);
      expect(created.body.milestone).toMatchObject({
        id: 'M3.3.1',
        entityRef: ENTITY,
        tagPattern: 'milestone/{id}-hardened',
        thresholds: {
          p95LimitMs: 300,
          errorRateLimit: 0,
          requiredGates: ['lint', 'build'],
          e2eTags: ['e2e:happy', 'e2e:security'],
        },
        updatedBy: 'user:default/ana',
        freeze: null,
        regression: null,
      });
      expect(created.body.checklist).toMatchObject({
        milestoneId: 'M3.3.1',
        state: 'blocked',
        evaluatedAt: kit.now.toISOString(),
      });
      expect(
        created.body.checklist.items.map((i: { reason: string }) => i.reason),
      ).toEqual([
        'the entity has no delivery contract',
        'no stress run has been uploaded',
        'no test report is tagged e2e:happy; no test report is tagged e2e:security',
        'no CI gates report has been uploaded, so lint, build have no result',
        'no reported git tag is named milestone/m3.3.1-hardened',
      ]);
      expect(kit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'milestone-update',
          meta: { entityRef: ENTITY, milestoneId: 'M3.3.1' },
        }),
      );
      expect(kit.auditSuccess).toHaveBeenCalledWith({
        meta: { created: true, stage: 'hardening-slice' },
      });

      const updated = await put('m3.3.1', {
        ...greenMilestone,
        id: 'm3.3.1',
        stage: 'orchestration-slice',
      });
      expect(updated.status).toBe(200);
      expect(updated.body.milestone.stage).toBe('orchestration-slice');
      expect(await kit.count('milestones')).toBe(1);

      const one = await request(app()).get(`${base}/milestones/M3.3.1`);
      expect(one.status).toBe(200);
      expect(one.body.milestone.stage).toBe('orchestration-slice');
      expect((await request(app()).get(`${base}/milestones/M9`)).status).toBe(
        404,
      );
    });

    it('signals an update to the owner, however the catalog spells it, and to the user who made it; without an owner to that user alone', async () => {
      const { owner: _owner, ...unowned } = testEntity.spec!;
      catalogEntities = [
        { ...testEntity, spec: { ...unowned, owner: 'Team-Payments' } },
      ];
      expect((await put('M3.3.1', greenMilestone)).status).toBe(201);
      expect(signals.publish).toHaveBeenLastCalledWith({
        recipients: { type: 'user', entityRef: [OWNER, 'user:default/ana'] },
        channel: 'hardening:milestones',
        message: { entityRef: ENTITY, milestoneId: 'M3.3.1', state: 'blocked' },
      });

      catalogEntities = [{ ...testEntity, spec: unowned }];
      expect((await put('M3.3.1', greenMilestone)).status).toBe(200);
      expect(signals.publish).toHaveBeenLastCalledWith(
        expect.objectContaining({
          recipients: { type: 'user', entityRef: ['user:default/ana'] },
        }),
      );
      expect(signals.publish).toHaveBeenCalledTimes(2);
    });

    it.each([
      ['an unknown field', { ...greenMilestone, owner: 'me' }],
      ['an unknown stage', { ...greenMilestone, stage: 'done' }],
      [
        'a negative p95 limit',
        { ...greenMilestone, thresholds: { p95LimitMs: -1 } },
      ],
      [
        'no required gate',
        { ...greenMilestone, thresholds: { p95LimitMs: 1, requiredGates: [] } },
      ],
      ['another id than the path', { ...greenMilestone, id: 'M3.4' }],
      ['a tag pattern with ".."', { ...greenMilestone, tagPattern: 'a..b' }],
    ])('refuses %s with 400 and writes nothing', async (_name, body) => {
      const res = await put('M3.3.1', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toEqual(expect.any(String));
      expect(await kit.count('milestones')).toBe(0);
      expect(kit.auditFail).toHaveBeenCalledTimes(1);
    });

    it('refuses bad paths, callers and content before writing anything', async () => {
      const cases = [
        [put('bad%20id', greenMilestone), 400],
        [put('x'.repeat(65), greenMilestone), 400],
        [put('M3.3.1', greenMilestone, false), 403],
        [
          request(app())
            .put('/entities/component/default/nope/milestones/M1')
            .send(greenMilestone),
          404,
        ],
        [
          request(app())
            .put(`${base}/milestones/M1`)
            .set('Authorization', 'Bearer mock-none-token')
            .send(greenMilestone),
          401,
        ],
        [
          request(app())
            .put(`${base}/milestones/M1`)
            .set('Content-Type', 'text/plain')
            .send('title=x'),
          415,
        ],
      ] as const;
      for (const [response, status] of cases) {
        expect((await response).status).toBe(status);
      }
      expect(await kit.count('milestones')).toBe(0);
    });
  });

  describe('GET …/milestones', () => {
    it('lists every milestone with its checklist computed from the stored evidence', async () => {
      await greenEvidence();
      await put('M3.3.1', greenMilestone);
      await put('M3.4', {
        ...greenMilestone,
        id: 'M3.4',
        title: 'Faster share packs',
        thresholds: { p95LimitMs: 100 },
      });

      const res = await request(app()).get(`${base}/milestones`);
      expect(res.status).toBe(200);
      const [ready, blocked] = res.body.items;
      expect(ready.checklist.state).toBe('ready');
      expect(
        ready.checklist.items.every((i: { passed: boolean }) => i.passed),
      ).toBe(true);
      expect(blocked.milestone.id).toBe('M3.4');
      expect(blocked.checklist.state).toBe('blocked');
      expect(
        blocked.checklist.items
          .filter((i: { passed: boolean }) => !i.passed)
          .map((i: { id: string; reason: string }) => [i.id, i.reason]),
      ).toEqual([
        [
          'stress',
          'the latest stress run ("share-pack") fails: phase "issue tokens" p95 140 ms is over the milestone limit of 100 ms',
        ],
        ['tag', 'no reported git tag is named milestone/m3.4-hardened'],
      ]);
      expect(
        (await request(app()).get(`${base}/milestones?limit=1`)).status,
      ).toBe(400);
    });
  });

  describe('POST …/milestones/{id}/freeze', () => {
    it('refuses a blocked milestone with 409 and the failing reasons, writing nothing', async () => {
      await put('M3.3.1', greenMilestone);
      jest.clearAllMocks();

      const res = await freeze();
      expect(res.status).toBe(409);
      expect(res.body.error.name).toBe('ConflictError');
      expect(res.body.error.message).toMatch(
        /^Milestone M3.3.1 cannot be frozen: 5 of 5 checklist items are not green: contract: the entity has no delivery contract; stress: no stress run has been uploaded;/,
      );
      expect(res.body.checklist.state).toBe('blocked');
      expect(await kit.count('milestone_freezes')).toBe(0);
      expect(await kit.count('audit_chain_entries')).toBe(0);
      expect(auditEvents()).toEqual(['milestone-freeze']);
      expect(kit.auditFail).toHaveBeenCalledTimes(1);
      expect(signals.publish).not.toHaveBeenCalled();
    });

    it('freezes a ready milestone: records who, when, the tag and the evidence, and appends a verifiable chain entry', async () => {
      await greenEvidence();
      await put('M3.3.1', greenMilestone);
      jest.clearAllMocks();

      const res = await freeze('m3.3.1', {
        tag: 'milestone/m3.3.1-hardened',
      });
      expect(res.status).toBe(201);
      const { freeze: record, checklist, milestone } = res.body;
      expect(record).toEqual({
        milestoneId: 'M3.3.1',
        tag: 'milestone/m3.3.1-hardened',
        frozenAt: kit.now.toISOString(),
        frozenBy: 'user:default/ana',
        evidence: expect.any(Array),
        chainEntryHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(
        record.evidence.map((e: { kind: string }) => e.kind).sort(),
      ).toEqual([
        'ci-gates',
        'contract',
        'contract-results',
        'git-tags',
        'stress-run',
        'test-report',
        'test-report',
      ]);
      expect(checklist.state).toBe('frozen');
      expect(milestone.freeze).toEqual(record);

      expect(await storedChain()).toMatchObject({
        ok: true,
        length: 1,
        head: { seq: 0, hash: record.chainEntryHash },
      });
      expect(kit.auditSuccess).toHaveBeenCalledWith({
        meta: {
          tag: 'milestone/m3.3.1-hardened',
          chainEntryHash: record.chainEntryHash,
          evidence: record.evidence.map((e: { digest: string }) => e.digest),
        },
      });
      // To the owning group and the user who froze it; not to every signed-in user.
      expect(signals.publish).toHaveBeenCalledWith({
        recipients: { type: 'user', entityRef: [OWNER, 'user:default/ana'] },
        channel: 'hardening:milestones',
        message: { entityRef: ENTITY, milestoneId: 'M3.3.1', state: 'frozen' },
      });

      const again = await freeze();
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/is already frozen/);
      expect(await kit.count('milestone_freezes')).toBe(1);
      expect((await storedChain()).length).toBe(1);
    });

    it('refuses another tag than the milestone expects (400), unknown milestones (404) and callers without the manage permission (403)', async () => {
      await greenEvidence();
      await put('M3.3.1', greenMilestone);
      const wrongTag = await freeze('M3.3.1', {
        tag: 'milestone/m3.3-hardened',
      });
      expect(wrongTag.status).toBe(400);
      expect(wrongTag.body.error.message).toBe(
        'Tag milestone/m3.3-hardened is not the tag of milestone M3.3.1: its tag pattern milestone/{id}-hardened expects milestone/m3.3.1-hardened',
      );
      const badBody = await freeze('M3.3.1', { tag: 'x', force: true });
      expect(badBody.status).toBe(400);
      expect((await freeze('M9')).status).toBe(404);
      const denied = await request(app(false)).post(
        `${base}/milestones/M3.3.1/freeze`,
      );
      expect(denied.status).toBe(403);
      const anonymous = await request(app())
        .post(`${base}/milestones/M3.3.1/freeze`)
        .set('Authorization', 'Bearer mock-none-token');
      expect(anonymous.status).toBe(401);
      expect(await kit.count('milestone_freezes')).toBe(0);
      expect(await kit.count('audit_chain_entries')).toBe(0);
    });
  });

  describe('regression after a freeze', () => {
    async function frozenMilestone() {
      await greenEvidence();
      await put('M3.3.1', greenMilestone);
      expect((await freeze()).status).toBe(201);
      jest.clearAllMocks();
    }

    it('marks the milestone regressed when new evidence breaks it, audits it, notifies the owners and signals open pages', async () => {
      await frozenMilestone();

      const upload = await request(app())
        .post(`${base}/stress-runs`)
        .set('Content-Type', 'application/json')
        .send(stressRunJson(420));
      expect(upload.status).toBe(201);

      const { body } = await request(app()).get(`${base}/milestones/M3.3.1`);
      expect(body.checklist.state).toBe('regressed');
      expect(body.milestone.regression).toEqual({
        regressedAt: kit.now.toISOString(),
        failingItems: [
          {
            id: 'stress',
            label: 'Stress run within thresholds',
            reason:
              'the latest stress run ("share-pack") fails: phase "issue tokens" p95 420 ms is over the milestone limit of 300 ms',
          },
        ],
      });
      expect(kit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'milestone-regressed',
          severityLevel: 'high',
          meta: {
            entityRef: ENTITY,
            milestoneId: 'M3.3.1',
            frozenTag: 'milestone/m3.3.1-hardened',
            failingItems: ['stress'],
          },
        }),
      );
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: ENTITY },
        payload: expect.objectContaining({
          title: `Frozen milestone M3.3.1 of ${ENTITY} regressed`,
          description: expect.stringContaining(
            'Stress run within thresholds: the latest stress run',
          ),
          link: '/catalog/default/component/payments-api/hardening',
          severity: 'high',
        }),
      });
      // A regression found after a CI upload goes to the owners alone.
      expect(signals.publish).toHaveBeenCalledWith({
        recipients: { type: 'user', entityRef: [OWNER] },
        channel: 'hardening:milestones',
        message: {
          entityRef: ENTITY,
          milestoneId: 'M3.3.1',
          state: 'regressed',
        },
      });

      // Green again: still regressed, and nobody is told twice.
      jest.clearAllMocks();
      now = new Date(kit.now.getTime() + 60_000);
      const green = await request(app())
        .post(`${base}/stress-runs`)
        .set('Content-Type', 'application/json')
        .send(stressRunJson(150));
      expect(green.status).toBe(201);
      const later = await request(app()).get(`${base}/milestones/M3.3.1`);
      expect(later.body.checklist.state).toBe('regressed');
      expect(
        later.body.checklist.items.every((i: { passed: boolean }) => i.passed),
      ).toBe(true);
      expect(notifications.send).not.toHaveBeenCalled();

      // Until it is frozen again.
      const refrozen = await freeze();
      expect(refrozen.status).toBe(201);
      expect(refrozen.body.checklist.state).toBe('frozen');
      expect(refrozen.body.milestone.regression).toBeNull();
      expect(await storedChain()).toMatchObject({ ok: true, length: 2 });
    });

    it('signals nobody about a regression of an entity the catalog names no owner for', async () => {
      await frozenMilestone();
      const { owner: _owner, ...unowned } = testEntity.spec!;
      catalogEntities = [{ ...testEntity, spec: unowned }];
      const upload = await request(app())
        .post(`${base}/stress-runs`)
        .set('Content-Type', 'application/json')
        .send(stressRunJson(420));
      expect(upload.status).toBe(201);
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(signals.publish).not.toHaveBeenCalled();
    });

    it('leaves a frozen milestone alone when new evidence keeps it green, or is stored already', async () => {
      await frozenMilestone();
      const gates = {
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: 'passed' },
        ],
      };
      const first = await request(app()).post(`${base}/ci-gates`).send(gates);
      expect(first.status).toBe(201);
      const { body } = await request(app()).get(`${base}/milestones/M3.3.1`);
      expect(body.checklist.state).toBe('frozen');
      expect(notifications.send).not.toHaveBeenCalled();
      expect(auditEvents()).toEqual(['evidence-upload']);
    });

    it('regresses a frozen milestone when a new contract turns one of its gates planned', async () => {
      await frozenMilestone();
      const res = await request(app())
        .put(`${base}/contract`)
        .set('Content-Type', 'application/yaml')
        .send(
          [
            'gates:',
            '  - id: security.auth',
            '    description: share-pack routes verify the session',
            '    type: file_content',
            "    targets: ['src/routes/**/*.ts']",
            "    must_match: ['getSession']",
            '    status: planned',
          ].join('\n'),
        );
      expect(res.status).toBe(201);
      const { body } = await request(app()).get(`${base}/milestones/M3.3.1`);
      expect(body.milestone.regression.failingItems).toEqual([
        expect.objectContaining({
          id: 'contract',
          reason: expect.stringContaining(
            'security.auth is planned, not active',
          ),
        }),
      ]);
      expect(notifications.send).toHaveBeenCalledTimes(1);
    });

    it("needs the entity's required gates too: setting one the gates report lacks regresses it", async () => {
      await frozenMilestone();
      const res = await request(app())
        .put(`${base}/required-gates`)
        .send({ gates: ['build', 'typecheck'] });
      expect(res.status).toBe(200);
      const { body } = await request(app()).get(`${base}/milestones/M3.3.1`);
      expect(body.checklist.requiredGates).toEqual({
        milestoneId: 'M3.3.1',
        entity: ['build', 'typecheck'],
        milestone: ['lint', 'build'],
        gates: ['build', 'typecheck', 'lint'],
      });
      expect(body.milestone.regression.failingItems).toEqual([
        {
          id: 'gates',
          label: 'Required CI gates green',
          reason: 'typecheck is missing from the latest gates report',
        },
      ]);
      expect(notifications.send).toHaveBeenCalledTimes(1);
    });

    it('regresses a frozen milestone whose thresholds are tightened', async () => {
      await frozenMilestone();
      const res = await put('M3.3.1', {
        ...greenMilestone,
        thresholds: { p95LimitMs: 100 },
      });
      expect(res.status).toBe(200);
      expect(res.body.checklist.state).toBe('regressed');
      expect(res.body.milestone.regression.failingItems).toEqual([
        expect.objectContaining({ id: 'stress' }),
      ]);
      expect(notifications.send).toHaveBeenCalledTimes(1);
    });
  });

  describe('POST …/git-tags', () => {
    it('stores reported tags once and refuses invalid ones, writing nothing', async () => {
      const body = {
        tags: [{ name: 'milestone/m3.3.1-hardened', commit: 'ABCDEF1234567' }],
      };
      const first = await request(app())
        .post(`${base}/git-tags`)
        .query({ commit: 'abcdef1234567', pipeline: 'release' })
        .send(body);
      expect(first.status).toBe(201);
      expect(first.body.report).toMatchObject({
        kind: 'git-tags',
        context: { commit: 'abcdef1234567', pipeline: 'release' },
        summary: {
          tags: [
            { name: 'milestone/m3.3.1-hardened', commit: 'abcdef1234567' },
          ],
        },
      });
      expect(
        (
          await request(app())
            .post(`${base}/git-tags`)
            .query({ commit: 'abcdef1234567', pipeline: 'release' })
            .send(body)
        ).status,
      ).toBe(200);
      expect(await kit.count('git_tags')).toBe(1);
      const history = await request(app()).get(`${base}/git-tags`);
      expect(history.body.items).toHaveLength(1);

      await kit.clear('git_tags', 'evidence_reports');
      for (const bad of [
        { tags: [] },
        { tags: [{ name: '../etc', commit: 'abcdef1' }] },
        { tags: [{ name: 'v1', commit: 'not-hex' }] },
        {
          tags: [
            { name: 'v1', commit: 'abcdef1' },
            { name: 'v1', commit: 'abcdef2' },
          ],
        },
      ]) {
        const res = await request(app()).post(`${base}/git-tags`).send(bad);
        expect(res.status).toBe(400);
      }
      const denied = await request(app(false))
        .post(`${base}/git-tags`)
        .send(body);
      expect(denied.status).toBe(403);
      expect(await kit.count('evidence_reports')).toBe(0);
      expect(await kit.count('git_tags')).toBe(0);
    });
  });
});
