import { mockCredentials } from '@backstage/backend-test-utils';
import {
  REQUIRED_VALIDATION_METRICS,
  ReportUploader,
} from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import request from 'supertest';
import { buildAuditChain, toJsonl } from '../__testUtils__/auditChainFixtures';
import {
  githubClaims,
  LocalIssuer,
  startLocalIssuer,
} from '../__testUtils__/localIssuer';
import {
  greenMilestone,
  junitReport,
  MILESTONE_EVIDENCE_TABLES,
  seedStoresOn,
  storeGreenEvidence,
  stressRunJson,
} from '../__testUtils__/milestoneFixtures';
import {
  annotatedComponent,
  BACKEND_BASE_URL,
  createPublishingApp,
} from '../__testUtils__/publishingTestKit';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';

jest.setTimeout(60_000);

const ENTITY = 'component:default/payments-api';
const base = '/entities/component/default/payments-api';
const ANA = 'user:default/ana';

const entities = [
  annotatedComponent('payments-api', {
    'github.com/project-slug': 'northwind-freight/payments-api',
  }),
];

const user = mockCredentials.user.header(ANA);
/** A static external access token of this subject. */
const service = (subject: string) =>
  `Bearer mock-service-token:${JSON.stringify({ sub: subject })}`;

const gates = JSON.stringify({ gates: [{ name: 'lint', status: 'passed' }] });

/** Every upload route: its path, a body, the body's type and where it is listed. */
const UPLOADS = [
  {
    kind: 'test-report',
    path: 'test-reports',
    type: 'application/xml',
    body: junitReport(3),
  },
  { kind: 'ci-gates', path: 'ci-gates', type: 'application/json', body: gates },
  {
    kind: 'contract-results',
    path: 'contract-results',
    type: 'application/json',
    body: JSON.stringify({
      results: [
        {
          gateId: 'build.lint',
          status: 'pass',
          matchedFiles: 0,
          violations: [],
        },
      ],
    }),
  },
  {
    kind: 'stress-run',
    path: 'stress-runs',
    type: 'application/json',
    body: stressRunJson(),
  },
  {
    kind: 'validation',
    path: 'validation-reports',
    type: 'application/json',
    body: JSON.stringify({
      environment: 'production',
      release: 'v2.4.0',
      checkedAt: '2026-11-20T09:30:00Z',
      metrics: REQUIRED_VALIDATION_METRICS.map(id => ({ id, status: 'pass' })),
    }),
  },
  {
    kind: 'triage',
    path: 'triage-reports',
    type: 'application/json',
    body: JSON.stringify({
      failures: [{ scenarioId: 'BID-001', title: 'Bids of org-a listed' }],
    }),
  },
  {
    kind: 'audit-chain',
    path: 'audit-chain',
    listPath: 'audit-chain/reports',
    type: 'application/x-ndjson',
    body: toJsonl(buildAuditChain(2)),
  },
  {
    kind: 'git-tags',
    path: 'git-tags',
    type: 'application/json',
    body: JSON.stringify({
      tags: [{ name: 'v3.3.0', commit: '0f1e2d3c4b5a' }],
    }),
  },
] as const;

const { ids } = createTestDatabases();

describe.each(ids)('who uploaded each report, on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId });
  let issuer: LocalIssuer;
  let app: express.Express;

  const ciToken = () =>
    issuer.sign(githubClaims(), {
      kid: 'k1',
      audience: BACKEND_BASE_URL,
      now: kit.now,
    });
  const ciUploader = (): ReportUploader => ({
    type: 'ci-token',
    issuer: issuer.issuer,
    repository: 'northwind-freight/payments-api',
    ref: 'refs/heads/main',
    workflow:
      'northwind-freight/payments-api/.github/workflows/ci.yml@refs/heads/main',
    event: 'push',
  });
  const post = (
    path: string,
    authorization: string,
    body = gates,
    type = 'application/json',
  ) =>
    request(app)
      .post(`${base}/${path}`)
      .set('authorization', authorization)
      .set('content-type', type)
      .send(body);
  const list = async (path: string) => {
    const res = await request(app)
      .get(`${base}/${path}`)
      .set('authorization', user);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const summary = () =>
    request(app).get(`${base}/summary`).set('authorization', user);

  beforeAll(async () => {
    await kit.setup();
    issuer = await startLocalIssuer();
    await issuer.addKey('k1');
    ({ app } = await createPublishingApp(kit, {
      entities,
      ingest: {
        bindings: [{ subject: 'ci-evidence-upload', entities: [ENTITY] }],
        trustedPublishing: {
          issuers: [
            {
              issuer: issuer.issuer,
              type: 'github',
              runUrlBase: 'https://github.com',
            },
          ],
        },
      },
    }));
  });
  afterAll(() => issuer.close());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(
      'milestone_freezes',
      'milestones',
      'triage_failures',
      ...MILESTONE_EVIDENCE_TABLES,
    );
  });

  it('records the signed-in user on every upload route and serves it in the answer, the history lists, the summary and the triage queue', async () => {
    const expected = { type: 'user', userEntityRef: ANA };
    for (const upload of UPLOADS) {
      const res = await post(upload.path, user, upload.body, upload.type);
      expect({ kind: upload.kind, status: res.status }).toEqual({
        kind: upload.kind,
        status: 201,
      });
      expect(res.body.report.uploader).toEqual(expected);
      const [listed] = await list(
        'listPath' in upload ? upload.listPath : upload.path,
      );
      expect(listed.uploader).toEqual(expected);
    }

    const latest = (await summary()).body.latest;
    expect(latest).toHaveLength(UPLOADS.length);
    for (const report of latest) {
      expect({ kind: report.kind, uploader: report.uploader }).toEqual({
        kind: report.kind,
        uploader: expected,
      });
    }

    const queue = await request(app)
      .get(`${base}/triage/queue`)
      .set('authorization', user);
    expect(queue.status).toBe(200);
    expect(queue.body.items[0].uploader).toEqual(expected);
  });

  it('records a bound static token as the service with its subject', async () => {
    const res = await post('ci-gates', service('ci-evidence-upload'));
    expect(res.status).toBe(201);
    const expected = { type: 'service', subject: 'ci-evidence-upload' };
    expect(res.body.report.uploader).toEqual(expected);
    expect((await list('ci-gates'))[0].uploader).toEqual(expected);
  });

  it('records a CI OIDC token by its verified issuer, repository, ref, workflow and event, and never the token', async () => {
    const token = await ciToken();
    const res = await post(
      'test-reports',
      `Bearer ${token}`,
      junitReport(2),
      'application/xml',
    );
    expect(res.status).toBe(201);
    expect(res.body.report.uploader).toEqual(ciUploader());
    expect((await list('test-reports'))[0].uploader).toEqual(ciUploader());

    const [row] = await kit.knex('evidence_reports').select('uploader');
    expect(JSON.parse(row.uploader)).toEqual(ciUploader());
    expect(row.uploader).not.toContain(token.split('.')[2]);
  });

  it('keeps the first uploader when the same run is uploaded again by another principal: the same report (200), not a new one', async () => {
    const first = await post('ci-gates', `Bearer ${await ciToken()}`);
    expect(first.status).toBe(201);
    // The bound static token sends the same bytes with the run the CI token named.
    const { commit, branch, runUrl, runId, runAttempt } =
      first.body.report.context;
    const again = await request(app)
      .post(`${base}/ci-gates`)
      .set('authorization', service('ci-evidence-upload'))
      .query({ commit, branch, runUrl, runId, runAttempt })
      .set('content-type', 'application/json')
      .send(gates);
    expect(again.status).toBe(200);
    expect(again.body.report.id).toBe(first.body.report.id);
    expect(again.body.report.uploader).toEqual(ciUploader());

    const byUser = await post('ci-gates', user, gates);
    expect(byUser.status).toBe(201);
    const byService = await post('ci-gates', service('ci-evidence-upload'));
    expect(byService.status).toBe(200);
    expect(byService.body.report).toEqual(byUser.body.report);
    expect(byService.body.report.uploader).toEqual({
      type: 'user',
      userEntityRef: ANA,
    });
    expect(await kit.count('evidence_reports')).toBe(2);
  });

  it('records the portal for the demo seed and for a freeze, with the user who asked for it', async () => {
    const store = new DatabaseEvidenceStore(kit.knex);
    await storeGreenEvidence(
      seedStoresOn(kit.knex, store),
      ENTITY,
      new Date(kit.now.getTime() - 10 * 60_000),
    );
    expect((await list('ci-gates'))[0].uploader).toEqual({
      type: 'portal',
      action: 'seed',
    });

    const put = await request(app)
      .put(`${base}/milestones/${greenMilestone.id}`)
      .set('authorization', user)
      .send(greenMilestone);
    expect(put.status).toBe(201);
    const frozen = await request(app)
      .post(`${base}/milestones/${greenMilestone.id}/freeze`)
      .set('authorization', user);
    expect(frozen.status).toBe(201);
    expect((await list('audit-chain/reports'))[0].uploader).toEqual({
      type: 'portal',
      action: 'freeze',
      requestedBy: ANA,
    });
  });

  it('serves reports stored before uploaders were recorded without the field, and the cached summary byte for byte as the reports serialise', async () => {
    const store = new DatabaseEvidenceStore(kit.knex);
    await store.insertGatesReport({
      entityRef: ENTITY,
      digest: 'a'.repeat(64),
      context: { commit: 'abcdef1', tags: [] },
      receivedAt: new Date(kit.now.getTime() - 60_000),
      gates: [{ name: 'lint', status: 'failed' }],
    });
    const [old] = await list('ci-gates');
    expect(old).not.toHaveProperty('uploader');
    const before = await summary();
    expect(before.body.latest[0]).not.toHaveProperty('uploader');
    expect(before.text).toBe(
      JSON.stringify({
        entityRef: ENTITY,
        latest: await store.latestReports(ENTITY),
      }),
    );

    expect((await post('stress-runs', user, stressRunJson())).status).toBe(201);
    const after = await summary();
    expect(
      after.body.latest.map((r: { uploader?: object }) => r.uploader),
    ).toEqual([undefined, { type: 'user', userEntityRef: ANA }]);
    expect(after.text).toBe(
      JSON.stringify({
        entityRef: ENTITY,
        latest: await store.latestReports(ENTITY),
      }),
    );
  });
});
