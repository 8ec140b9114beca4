import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TriageQueueItem } from '@hardening/backstage-plugin-hardening-common';
import request from 'supertest';
import { createRouteTestKit, RouteDeps } from '../__testUtils__/routeTestKit';
import {
  BILLING,
  failureIdOf,
  fakeUrlReader,
  PAYMENTS,
  paymentsFailures,
  RISK,
  storePaymentsFailures,
  storeTriageReport,
  triageEntities,
  triageTestSettings,
} from '../__testUtils__/triageFixtures';
import { DatabaseTriageStore } from '../database/DatabaseTriageStore';
import { createTriageRouter } from './triageRouter';
import { createTriageServices } from './triageServices';
import { createTriageWorkflowRouter } from './triageWorkflowRouter';

const base = '/entities/component/default/payments-api';
const TABLES = [
  'triage_state_history',
  'triage_states',
  'triage_failures',
  'evidence_reports',
];

describe('triage workflow routes', () => {
  const kit = createRouteTestKit({ entities: triageEntities });

  function routes(deps: RouteDeps) {
    const services = createTriageServices({
      database: deps.knex,
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities: triageEntities }),
      permissions: mockServices.permissions(),
      urlReader: fakeUrlReader(),
      settings: triageTestSettings,
      clock: deps.clock,
    });
    return createTriageWorkflowRouter({ ...services, ...deps });
  }
  const app = (allow = true) => kit.app(routes, { allow });

  const queue = async () => {
    const res = await request(app()).get(`${base}/triage/queue`);
    expect(res.status).toBe(200);
    return res.body.items as TriageQueueItem[];
  };
  const itemOf = (items: TriageQueueItem[], scenarioId: string) =>
    items.find(i => i.scenarioId === scenarioId)!;
  const post = (
    failureId: string,
    action: string,
    body: object | string,
    allow = true,
  ) =>
    request(app(allow))
      .post(`${base}/triage/failures/${failureId}/${action}`)
      .send(body);
  const stateRows = async () => ({
    states: await kit.count('triage_states'),
    history: await kit.count('triage_state_history'),
  });

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(...TABLES);
    await storePaymentsFailures(kit.knex, kit.now);
  });

  describe('GET …/triage/queue', () => {
    it('lists the open failures with taxonomy, evidence, counts and first/last seen', async () => {
      const items = await queue();
      expect(items.map(i => i.scenarioId)).toEqual([
        'HLT-003',
        'API-044',
        'BID-001',
        'SCH-002',
        'NOS-002',
      ]);
      expect(itemOf(items, 'BID-001')).toMatchObject({
        entityRef: PAYMENTS,
        fingerprint: 'BID-001|TENANT-001',
        invariantId: 'TENANT-001',
        scenario: { prefix: 'BID', label: 'Bidding', known: true },
        invariant: { prefix: 'TENANT', label: 'Tenant isolation', known: true },
        organizationUnderTest: 'org-a',
        keyEntityIds: ['org-a', 'bw-9'],
        evidence: [
          {
            kind: 'log',
            uri: 'https://ci.example.com/runs/7/integration.log',
          },
        ],
        occurrences: 2,
        reports: 2,
        firstSeen: '2026-11-18T12:00:00.000Z',
        lastSeen: '2026-11-20T10:00:00.000Z',
        commit: 'c0ffee1',
        ciRunUrl: 'https://ci.example.com/runs/8',
        state: { status: 'open' },
      });
    });

    it('suggests a class and says which rule or history fact decided', async () => {
      const items = await queue();
      const because = (id: string) => [
        itemOf(items, id).suggestion?.class,
        itemOf(items, id).suggestion?.because.kind,
        itemOf(items, id).suggestion?.because.ruleName,
      ];
      expect(because('SCH-002')).toEqual([
        'data-schema-drift',
        'rule',
        'missing relation',
      ]);
      expect(because('API-044')).toEqual([
        'harness',
        'rule',
        'builtin:missing-ids',
      ]);
      expect(because('NOS-002')).toEqual(['flake', 'history', undefined]);
      expect(itemOf(items, 'NOS-002').suggestion?.because.detail).toBe(
        'it failed in some integration runs of commit c0ffee1 and passed in others',
      );
      expect(because('HLT-003')).toEqual([
        'infra-ci',
        'rule',
        'builtin:infra-signature',
      ]);
      expect(itemOf(items, 'BID-001').suggestion).toBeUndefined();
    });

    it('routes by class, escalates with the frozen clock and links runbook sections', async () => {
      const items = await queue();
      expect(itemOf(items, 'HLT-003').routing).toEqual({
        ownerRef: 'group:default/ci-maintainers',
        why: 'hardening.triage.routing sends Infra/CI failures (suggested class) to this group',
      });
      expect(itemOf(items, 'BID-001').routing.ownerRef).toBe(
        'group:default/team-payments',
      );
      // First seen 48 h before the frozen now: past the 24 h limit.
      expect(itemOf(items, 'BID-001').escalation).toEqual({
        unclassifiedTooLong: true,
        spansScenarioClasses: true,
        scenarioPrefixes: ['BID', 'SCH'],
        escalateAt: '2026-11-19T12:00:00.000Z',
      });
      expect(itemOf(items, 'NOS-002').escalation).toEqual({
        unclassifiedTooLong: false,
        spansScenarioClasses: false,
        escalateAt: '2026-11-21T10:00:00.000Z',
      });
      expect(itemOf(items, 'BID-001').runbookSection).toEqual({
        runbookId: 'triage',
        runbookTitle: 'Payments triage',
        sectionId: 'bid--bidding',
        heading: 'BID-* bidding',
      });
      expect(itemOf(items, 'SCH-002').runbookSection?.sectionId).toBe(
        'sch-scheduling',
      );
      expect(itemOf(items, 'NOS-002').runbookSection).toBeUndefined();
    });

    it('validates the limit', async () => {
      for (const query of [{ limit: '0' }, { limit: '1001' }, { x: '1' }]) {
        const res = await request(app())
          .get(`${base}/triage/queue`)
          .query(query);
        expect([query, res.status]).toEqual([query, 400]);
      }
      const one = await request(app())
        .get(`${base}/triage/queue`)
        .query({ limit: '1' });
      expect(one.body.items).toHaveLength(1);
      expect(one.body).toMatchObject({
        entityRefs: [PAYMENTS],
        evaluatedAt: kit.now.toISOString(),
        escalateAfterHours: 24,
      });
    });
  });

  describe('classification, status and defect link', () => {
    it('walks a failure through its lifecycle with history and audit events', async () => {
      const id = await failureIdOf(kit.knex, PAYMENTS, 'BID-001');

      const classified = await post(id, 'classification', {
        class: 'algorithm-regression',
        note: 'reproduces locally',
      });
      expect(classified.status).toBe(200);
      expect(classified.body).toEqual({
        state: {
          status: 'classified',
          class: 'algorithm-regression',
          classifiedAt: kit.now.toISOString(),
          classifiedBy: 'user:default/ana',
          statusChangedAt: kit.now.toISOString(),
        },
        entry: {
          at: kit.now.toISOString(),
          by: 'user:default/ana',
          from: 'open',
          to: 'classified',
          class: 'algorithm-regression',
          note: 'reproduces locally',
        },
      });
      expect(kit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'triage-classify',
          meta: { entityRef: PAYMENTS, failureId: id },
        }),
      );
      expect(kit.auditSuccess).toHaveBeenCalledTimes(1);

      // Classified, it is no longer escalated and goes to the class's owner.
      const item = (await queue()).find(i => i.failureId === id)!;
      expect(item.escalation.unclassifiedTooLong).toBe(false);
      expect(item.routing.ownerRef).toBe('group:default/team-payments');

      const linked = await post(id, 'defect-link', {
        url: 'https://github.com/acme/payments-api/issues/41',
      });
      expect(linked.status).toBe(200);
      expect(linked.body.state).toMatchObject({
        status: 'defect-filed',
        defect: {
          url: 'https://github.com/acme/payments-api/issues/41',
          recordedBy: 'user:default/ana',
        },
      });

      expect((await post(id, 'status', { to: 'fixed' })).status).toBe(200);
      expect((await queue()).some(i => i.failureId === id)).toBe(false);

      const detail = await request(app()).get(`${base}/triage/failures/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.item.state.status).toBe('fixed');
      expect(detail.body.failure).toMatchObject({ id, scenarioId: 'BID-001' });
      expect(
        detail.body.history.map((h: { from: string; to: string }) => [
          h.from,
          h.to,
        ]),
      ).toEqual([
        ['open', 'classified'],
        ['classified', 'defect-filed'],
        ['defect-filed', 'fixed'],
      ]);

      const reopened = await post(id, 'status', {
        to: 'open',
        note: 'failed again',
      });
      expect(reopened.status).toBe(200);
      const back = (await queue()).find(i => i.failureId === id)!;
      // Reopened now: escalation counts from the reopening.
      expect(back.escalation).toMatchObject({
        unclassifiedTooLong: false,
        escalateAt: '2026-11-21T12:00:00.000Z',
      });
    });

    it('answers 409 for transitions the lifecycle does not allow and writes nothing', async () => {
      const id = await failureIdOf(kit.knex, PAYMENTS, 'NOS-002');
      const cases = [
        [
          post(id, 'status', { to: 'fixed' }),
          /is open and cannot become fixed: classify it first/,
        ],
        [post(id, 'status', { to: 'open' }), /is open and cannot become open/],
        [
          post(id, 'defect-link', {
            url: 'https://github.com/acme/p/issues/1',
          }),
          /a defect cannot be recorded: classify it first/,
        ],
      ] as const;
      for (const [response, message] of cases) {
        const res = await response;
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(message);
      }
      expect(await stateRows()).toEqual({ states: 0, history: 0 });
      expect(kit.auditFail).toHaveBeenCalledTimes(3);

      await post(id, 'classification', { class: 'flake' });
      await post(id, 'status', { to: 'wont-fix' });
      const closed = await post(id, 'classification', { class: 'harness' });
      expect(closed.status).toBe(409);
      expect(closed.body.error.message).toMatch(/reopen it before/);
      expect(await stateRows()).toEqual({ states: 1, history: 2 });
    });

    it('refuses bad input, callers and ids before writing anything', async () => {
      const id = await failureIdOf(kit.knex, PAYMENTS, 'BID-001');
      const other = await storeTriageReport(kit.knex, {
        entityRef: RISK,
        now: kit.now,
        hoursAgo: 1,
        commit: 'abcdef0',
        failures: [{ scenarioId: 'UI-001', invariantId: 'STATE-002' }],
      });
      const riskId = await failureIdOf(kit.knex, RISK, 'UI-001');
      expect(other.created).toBe(true);

      const cases: [Promise<request.Response>, number][] = [
        [post(id, 'classification', { class: 'network' }), 400],
        [post(id, 'classification', { class: 'flake', by: 'x' }), 400],
        [
          request(app())
            .post(`${base}/triage/failures/${id}/classification`)
            .set('Content-Type', 'application/json')
            .send('{"class":'),
          400,
        ],
        [post(id, 'status', { to: 'classified' }), 400],
        // eslint-disable-next-line no-script-url -- sent to be refused
        [post(id, 'defect-link', { url: 'javascript:alert(1)' }), 400],
        [post('0', 'classification', { class: 'flake' }), 400],
        [post('1e3', 'classification', { class: 'flake' }), 400],
        [
          request(app())
            .post(`${base}/triage/failures/${id}/classification`)
            .query({ force: 'true' })
            .send({ class: 'flake' }),
          400,
        ],
        [
          request(app())
            .post(`${base}/triage/failures/${id}/classification`)
            .set('Content-Type', 'text/plain')
            .send('flake'),
          415,
        ],
        [
          post(id, 'classification', {
            class: 'flake',
            note: 'x'.repeat(17 * 1024),
          }),
          413,
        ],
        [post(id, 'classification', { class: 'flake' }, false), 403],
        [
          request(app())
            .post(`${base}/triage/failures/${id}/classification`)
            .set('Authorization', 'Bearer mock-none-token')
            .send({ class: 'flake' }),
          401,
        ],
        [post('999999', 'classification', { class: 'flake' }), 404],
        // A failure of another entity is not found under this one.
        [post(riskId, 'classification', { class: 'flake' }), 404],
        [
          request(app())
            .post('/entities/component/default/nope/triage/failures/1/status')
            .send({ to: 'fixed' }),
          404,
        ],
      ];
      for (const [i, [response, status]] of cases.entries()) {
        const res = await response;
        expect([i, res.status]).toEqual([i, status]);
      }
      expect(await stateRows()).toEqual({ states: 0, history: 0 });
      expect(kit.auditSuccess).not.toHaveBeenCalled();
    });

    it('lets readers read but not change', async () => {
      const id = await failureIdOf(kit.knex, PAYMENTS, 'BID-001');
      expect(
        (await request(app(false)).get(`${base}/triage/queue`)).status,
      ).toBe(403);
      expect(
        (await request(app(false)).get(`${base}/triage/failures/${id}`)).status,
      ).toBe(403);
      expect(
        (
          await request(app()).get(`${base}/triage/failures/${id}`).query({
            x: '1',
          })
        ).status,
      ).toBe(400);
      expect(
        (await request(app()).get(`${base}/triage/failures/424242`)).status,
      ).toBe(404);
    });
  });

  describe('GET …/triage/failures/{id}/defect', () => {
    it('fills the default template and builds a GitHub new-issue link', async () => {
      const id = await failureIdOf(kit.knex, PAYMENTS, 'BID-001');
      const res = await request(app()).get(
        `${base}/triage/failures/${id}/defect`,
      );
      expect(res.status).toBe(200);
      const title =
        'Integration failure: BID-001 / TENANT-001 (Bids of org-a listed to org-b)';
      expect(res.body).toMatchObject({
        title,
        template: { kind: 'default' },
        fields: {
          scenarioId: 'BID-001',
          invariantId: 'TENANT-001',
          ciRun: 'https://ci.example.com/runs/8',
          commit: 'c0ffee1',
          artifacts: ['log: https://ci.example.com/runs/7/integration.log'],
          expected: 'org-b sees no bids of org-a',
          observed: 'org-b saw 2 bids of org-a',
          repro: 'yarn test:integration -t "BID-001"',
          keyEntityIds: ['org-a', 'bw-9'],
          runbookUrl:
            'https://github.com/acme/payments-api/blob/main/docs/runbooks/triage.md#bid--bidding',
          runbookSection: 'Payments triage › BID-* bidding',
        },
        newIssue: { tracker: 'github', truncated: false },
      });
      expect(res.body.markdown).toContain('- org-a\n- bw-9');
      expect(res.body.markdown).toContain('- **scenarioId:** `BID-001`');
      const url = new URL(res.body.newIssue.url);
      expect(url.origin + url.pathname).toBe(
        'https://github.com/acme/payments-api/issues/new',
      );
      expect(url.searchParams.get('title')).toBe(title);
      expect(url.searchParams.get('body')).toBe(res.body.markdown);
    });

    it("uses the owner's configured template when the entity's own cannot be read", async () => {
      await storeTriageReport(kit.knex, {
        entityRef: BILLING,
        now: kit.now,
        hoursAgo: 1,
        commit: 'abcdef0',
        failures: [{ scenarioId: 'API-001', invariantId: 'IDEMP-001' }],
      });
      const id = await failureIdOf(kit.knex, BILLING, 'API-001');
      const res = await request(app()).get(
        `/entities/component/default/billing-api/triage/failures/${id}/defect`,
      );
      expect(res.status).toBe(200);
      expect(res.body.template).toEqual({
        kind: 'config',
        ref: 'group:default/team-billing',
        warning:
          'hardening.io/defect-template was not used: https://github.com/acme/billing-api/blob/main/.github/DEFECT.md was not found',
      });
      expect(res.body.markdown).toBe(
        '# Integration failure: API-001 / IDEMP-001 (no symptom reported)\n\nCommit abcdef0 broke it.\n',
      );
    });

    it("uses the template the entity's annotation names, and GitLab", async () => {
      await storeTriageReport(kit.knex, {
        entityRef: RISK,
        now: kit.now,
        hoursAgo: 1,
        commit: 'abcdef0',
        failures: [
          {
            scenarioId: 'UI-001',
            invariantId: 'STATE-002',
            message: 'stale tenant in the header',
            keyEntityIds: ['org-b'],
          },
        ],
      });
      const id = await failureIdOf(kit.knex, RISK, 'UI-001');
      const res = await request(app()).get(
        `/entities/component/default/risk-api/triage/failures/${id}/defect`,
      );
      expect(res.status).toBe(200);
      expect(res.body.template).toEqual({
        kind: 'annotation',
        ref: 'https://gitlab.com/acme/risk/risk-api/-/blob/main/.hardening/defect.md',
      });
      expect(res.body.markdown).toBe(
        'Risk defect for UI-001\n\nSeen: stale tenant in the header\nIds: org-b\n- (none)\n',
      );
      expect(res.body.newIssue.url).toMatch(
        /^https:\/\/gitlab\.com\/acme\/risk\/risk-api\/-\/issues\/new\?issue\[title\]=Integration%20failure%3A%20UI-001.*&issue\[description\]=Risk%20defect/,
      );
    });
  });

  describe('a fixed failure that occurs again', () => {
    it('is open again in the queue after the upload, with its class and a history entry', async () => {
      const uploads = kit.app(deps =>
        createTriageRouter({
          ...deps,
          triageStore: new DatabaseTriageStore(deps.knex, deps.store),
          maxUploadBytes: 1024 * 1024,
        }),
      );
      const id = await failureIdOf(kit.knex, PAYMENTS, 'BID-001');
      await post(id, 'classification', { class: 'algorithm-regression' });
      expect((await post(id, 'status', { to: 'fixed' })).status).toBe(200);
      expect((await queue()).some(i => i.scenarioId === 'BID-001')).toBe(false);
      jest.clearAllMocks();

      const report = {
        run: { id: 'nightly-312' },
        failures: [
          paymentsFailures.bid,
          { scenarioId: 'NOS-002', invariantId: 'NOTIF-001' },
        ],
      };
      const res = await request(uploads)
        .post(`${base}/triage-reports`)
        .send(report);
      expect(res.status).toBe(201);
      expect(res.body.reopened).toEqual({
        count: 1,
        fingerprints: ['BID-001|TENANT-001'],
      });
      expect(kit.auditSuccess).toHaveBeenCalledWith({
        meta: {
          reportId: res.body.report.id,
          created: true,
          reopened: { count: 1, fingerprints: ['BID-001|TENANT-001'] },
        },
      });

      const item = itemOf(await queue(), 'BID-001');
      expect(item).toMatchObject({
        failureId: await failureIdOf(kit.knex, PAYMENTS, 'BID-001'),
        occurrences: 3,
        state: {
          status: 'open',
          class: 'algorithm-regression',
          statusChangedAt: kit.now.toISOString(),
        },
        escalation: { unclassifiedTooLong: false },
      });
      const detail = await request(app()).get(
        `${base}/triage/failures/${item.failureId}`,
      );
      expect(detail.body.history.at(-1)).toEqual({
        at: kit.now.toISOString(),
        by: 'plugin:hardening',
        from: 'fixed',
        to: 'open',
        note: `Reopened: occurred again in triage report ${res.body.report.id}`,
      });

      // The same upload again: already stored, nothing reopened twice.
      const again = await request(uploads)
        .post(`${base}/triage-reports`)
        .send(report);
      expect(again.status).toBe(200);
      expect(again.body.reopened).toEqual({ count: 0, fingerprints: [] });
      expect(await stateRows()).toEqual({ states: 1, history: 3 });
    });
  });
});
