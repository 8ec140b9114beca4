import request from 'supertest';
import {
  createRouteTestKit,
  RouteDeps,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { DatabaseTriageStore } from '../database/DatabaseTriageStore';
import { createTriageRouter } from './triageRouter';

describe('triage routes', () => {
  const kit = createRouteTestKit();
  const app = (
    options: {
      allow?: boolean;
      maxUploadBytes?: number;
      maxJsonUploadBytes?: number;
      scenarioPrefixes?: string[];
    } = {},
  ) =>
    kit.app(
      (deps: RouteDeps) =>
        createTriageRouter({
          ...deps,
          triageStore: new DatabaseTriageStore(deps.knex, deps.store),
          maxUploadBytes: options.maxUploadBytes ?? 1024 * 1024,
          maxJsonUploadBytes: options.maxJsonUploadBytes,
          taxonomy: { scenarioPrefixes: options.scenarioPrefixes ?? [] },
        }),
      { allow: options.allow },
    );

  const report = {
    run: {
      id: 'nightly-311',
      url: 'https://ci.example.com/runs/311',
      commit: 'abc1234',
    },
    failures: [
      {
        scenarioId: 'BID-001',
        invariantId: 'TENANT-001',
        organizationUnderTest: 'org-a',
        keyEntityIds: ['org-a', 'bid-window-9'],
        title: 'Winner notification sent to the wrong organisation',
        message: 'org-b received notification n-77',
        evidence: [
          {
            kind: 'log',
            uri: 'https://ci.example.com/runs/311/artifacts/integration.log',
          },
          {
            kind: 'screenshot',
            uri: 'ci-artifacts/ui/bid-window.png',
            label: 'bid window',
          },
        ],
        occurredAt: '2026-11-20T03:12:00Z',
      },
      {
        scenarioId: 'NOS-002',
        title: 'No-show not detected',
        message: 'expected an emergency window, found none',
      },
    ],
  };

  async function rowCounts() {
    return {
      reports: await kit.count('evidence_reports'),
      failures: await kit.count('triage_failures'),
    };
  }

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(
      'triage_state_history',
      'triage_states',
      'triage_failures',
      'evidence_reports',
    );
  });

  it('stores a triage report, flags a failure without invariantId and serves it back', async () => {
    const res = await request(app())
      .post(`${base}/triage-reports`)
      .query({ branch: 'main', tags: 'nightly' })
      .send(report);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      created: true,
      report: {
        kind: 'triage',
        entityRef: 'component:default/payments-api',
        receivedAt: kit.now.toISOString(),
        context: {
          commit: 'abc1234',
          branch: 'main',
          runUrl: 'https://ci.example.com/runs/311',
          tags: ['nightly'],
        },
        summary: {
          runId: 'nightly-311',
          failures: 2,
          diagnosticsDefects: 1,
          unknownTaxonomy: 0,
          byScenarioPrefix: { BID: 1, NOS: 1 },
          byInvariantPrefix: { TENANT: 1 },
        },
      },
    });
    const reportId = res.body.report.id;
    // Nothing of this entity was fixed: nothing reopened.
    expect(res.body.reopened).toEqual({ count: 0, fingerprints: [] });
    expect(kit.auditSuccess).toHaveBeenCalledWith({
      meta: {
        reportId,
        created: true,
        reopened: { count: 0, fingerprints: [] },
      },
    });

    const failures = await request(app())
      .get(`${base}/triage/failures`)
      .query({ reportId });
    expect(failures.status).toBe(200);
    expect(failures.body.items).toEqual([
      expect.objectContaining({
        reportId,
        fingerprint: 'BID-001|TENANT-001',
        scenarioPrefix: 'BID',
        invariantPrefix: 'TENANT',
        keyEntityIds: ['org-a', 'bid-window-9'],
        evidence: report.failures[0].evidence,
        occurredAt: '2026-11-20T03:12:00.000Z',
        diagnosticsDefect: false,
      }),
      expect.objectContaining({
        scenarioId: 'NOS-002',
        diagnosticsDefect: true,
        diagnosticsReason: 'missing invariantId',
      }),
    ]);
    expect(failures.body.items[1]).not.toHaveProperty('invariantId');

    const history = await request(app()).get(`${base}/triage-reports`);
    expect(history.body.items.map((r: { id: string }) => r.id)).toEqual([
      reportId,
    ]);

    const groups = await request(app()).get(`${base}/triage/groups`);
    expect(groups.status).toBe(200);
    expect(
      groups.body.items.map(
        (g: { scenarioId: string; occurrences: number }) => [
          g.scenarioId,
          g.occurrences,
        ],
      ),
    ).toEqual([
      ['BID-001', 1],
      ['NOS-002', 1],
    ]);

    const byFingerprint = await request(app())
      .get(`${base}/triage/failures`)
      .query({ fingerprint: 'BID-001|TENANT-001' });
    expect(byFingerprint.body.items).toHaveLength(1);
  });

  it('answers 200 with the stored report when the same bytes come again', async () => {
    const body = JSON.stringify(report);
    const send = () =>
      request(app())
        .post(`${base}/triage-reports`)
        .set('Content-Type', 'application/json')
        .send(body);
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      created: false,
      report: first.body.report,
      reopened: { count: 0, fingerprints: [] },
    });
    expect(await rowCounts()).toEqual({ reports: 1, failures: 2 });
  });

  it('counts every fixed failure it reopened and names the first 100 in the answer and audit event', async () => {
    const failures = Array.from({ length: 150 }, (_, i) => ({
      scenarioId: `API-${String(i).padStart(3, '0')}`,
      invariantId: 'STATE-001',
    }));
    await kit.knex('triage_states').insert(
      failures.map(f => ({
        entity_ref: 'component:default/payments-api',
        fingerprint: `${f.scenarioId}|${f.invariantId}`,
        status: 'fixed',
        status_changed_at: new Date(kit.now.getTime() - 3_600_000),
        status_changed_by: 'user:default/ana',
        version: 3,
      })),
    );
    const res = await request(app())
      .post(`${base}/triage-reports`)
      .send({ failures });
    expect(res.status).toBe(201);
    const expected = {
      count: 150,
      fingerprints: failures
        .slice(0, 100)
        .map(f => `${f.scenarioId}|${f.invariantId}`),
    };
    expect(res.body.reopened).toEqual(expected);
    expect(kit.auditSuccess).toHaveBeenCalledWith({
      meta: { reportId: res.body.report.id, created: true, reopened: expected },
    });
    expect(await kit.count('triage_state_history')).toBe(150);
  });

  it('flags unknown taxonomy prefixes unless the organisation configured them', async () => {
    const body = {
      failures: [{ scenarioId: 'PAY-001', invariantId: 'TENANT-1' }],
    };
    const plain = await request(app())
      .post(`${base}/triage-reports`)
      .send(body);
    expect(plain.body.report.summary.unknownTaxonomy).toBe(1);

    await kit.clear('triage_failures', 'evidence_reports');
    const extended = await request(app({ scenarioPrefixes: ['PAY'] }))
      .post(`${base}/triage-reports`)
      .send(body);
    expect(extended.body.report.summary.unknownTaxonomy).toBe(0);
  });

  it.each([
    [
      'a javascript: evidence URI',
      {
        failures: [
          {
            scenarioId: 'UI-001',
            invariantId: 'STATE-1',
            evidence: [
              // eslint-disable-next-line no-script-url -- sent to be refused
              { kind: 'log', uri: 'javascript:alert(document.cookie)' },
            ],
          },
        ],
      },
      {},
      true,
    ],
    [
      'a data: evidence URI',
      {
        failures: [
          {
            evidence: [{ kind: 'screenshot', uri: 'data:image/png;base64,AA' }],
          },
        ],
      },
      {},
      true,
    ],
    ['an unknown field', { ...report, owner: 'team-payments' }, {}, true],
    ['no failures', { failures: [] }, {}, true],
    [
      'a run commit that contradicts the query',
      report,
      { commit: 'fff0000' },
      true,
    ],
    ['a format parameter', report, { format: 'junit' }, false],
    ['an unknown query parameter', report, { comit: 'abc1234' }, false],
  ])(
    'refuses %s with 400 and stores nothing',
    async (_name, body, query, audited) => {
      const res = await request(app())
        .post(`${base}/triage-reports`)
        .query(query)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(await rowCounts()).toEqual({ reports: 0, failures: 0 });
      // Body errors fail the upload's audit event; query errors come before it.
      expect(kit.auditFail).toHaveBeenCalledTimes(audited ? 1 : 0);
    },
  );

  it('refuses a body that is not JSON with 415, and one over the limit with 413', async () => {
    const text = await request(app())
      .post(`${base}/triage-reports`)
      .set('Content-Type', 'text/plain')
      .send('BID-001 failed');
    expect(text.status).toBe(415);

    const large = await request(app({ maxJsonUploadBytes: 100 }))
      .post(`${base}/triage-reports`)
      .send(report);
    expect(large.status).toBe(413);
    expect(large.body.error.message).toBe(
      'Upload exceeds the limit of 100 bytes (hardening.ingest.maxJsonUploadBytes)',
    );
    const capped = await request(app({ maxUploadBytes: 100 }))
      .post(`${base}/triage-reports`)
      .send(report);
    expect(capped.status).toBe(413);
    expect(await rowCounts()).toEqual({ reports: 0, failures: 0 });
  });

  it('checks the entity and the permission before anything else', async () => {
    const denied = await request(app({ allow: false }))
      .post(`${base}/triage-reports`)
      .send(report);
    expect(denied.status).toBe(403);
    const deniedRead = await request(app({ allow: false })).get(
      `${base}/triage/groups`,
    );
    expect(deniedRead.status).toBe(403);
    const missing = await request(app())
      .post('/entities/component/default/nope/triage-reports')
      .send(report);
    expect(missing.status).toBe(404);
    expect(await rowCounts()).toEqual({ reports: 0, failures: 0 });
  });

  it('validates the filters of the read routes', async () => {
    const gates = await kit.deps().store.insertGatesReport({
      entityRef: 'component:default/payments-api',
      digest: 'a'.repeat(64),
      context: { tags: [] },
      receivedAt: kit.now,
      gates: [{ name: 'lint', status: 'passed' }],
    });

    const cases: [Record<string, string>, number][] = [
      [{ reportId: 'not-a-uuid' }, 400],
      [{ reportId: '00000000-0000-4000-8000-000000000000' }, 404],
      [{ reportId: gates.report.id }, 404],
      [{ cursor: 'bm90LWpzb24' }, 400],
      [{ limit: '0' }, 400],
      [{ fingerprint: 'x'.repeat(513) }, 400],
      [{ status: 'failed' }, 400],
    ];
    for (const [query, status] of cases) {
      const res = await request(app())
        .get(`${base}/triage/failures`)
        .query(query);
      expect([query, res.status]).toEqual([query, status]);
    }

    for (const query of [
      { since: 'yesterday' },
      { limit: '1001' },
      { x: '1' },
    ]) {
      const res = await request(app())
        .get(`${base}/triage/groups`)
        .query(query);
      expect([query, res.status]).toEqual([query, 400]);
    }
    const since = await request(app())
      .get(`${base}/triage/groups`)
      .query({ since: '2026-11-20T00:00:00+01:00', limit: '10' });
    expect(since.status).toBe(200);
    expect(since.body).toEqual({ items: [] });
  });
});
