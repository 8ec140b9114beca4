import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { buildAuditChain, toJsonl } from '../__testUtils__/auditChainFixtures';
import {
  githubClaims,
  LocalIssuer,
  startLocalIssuer,
} from '../__testUtils__/localIssuer';
import {
  annotatedComponent,
  BACKEND_BASE_URL,
  createPublishingApp,
  group,
} from '../__testUtils__/publishingTestKit';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';

const path = (name: string) => `/entities/component/default/${name}`;

/** A Backstage service token (static external access) with this subject. */
const service = (subject: string) =>
  `Bearer mock-service-token:${JSON.stringify({ sub: subject })}`;

const entities = [
  group('engineering', ['team-payments', 'team-identity']),
  group('team-payments', ['team-ledger']),
  group('team-ledger'),
  group('team-identity'),
  annotatedComponent('payments-api', {}, 'group:default/team-payments'),
  annotatedComponent('ledger-service', {}, 'team-ledger'),
  annotatedComponent('identity-service', {}, 'group:default/team-identity'),
  annotatedComponent('invoice-generator', {}, 'group:default/team-identity'),
];

const bindings = [
  { subject: 'ci-evidence-upload', ownedBy: ['group:default/team-payments'] },
  {
    subject: 'release-bot',
    entities: [
      'component:default/identity-service',
      'Component:default/invoice-*',
    ],
  },
];

const gates = (status = 'failed') => ({ gates: [{ name: 'build', status }] });

/**
 * The permission policy of a token restricted to `hardening.evidence.create`, as the
 * README's static CI token is (`accessRestrictions`): every other permission is denied.
 */
const createOnly: PermissionsService = {
  authorize: async requests =>
    requests.map(({ permission }) => ({
      result:
        permission.name === 'hardening.evidence.create'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  authorizeConditional: async requests =>
    requests.map(() => ({ result: AuthorizeResult.DENY })),
};

const { ids } = createTestDatabases();

describe.each(ids)('service principals bound to entities on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId });
  const reports = () => kit.count('evidence_reports');

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(
      'required_gates',
      'audit_chain_entries',
      'audit_chain_tree_tiles',
      'audit_chain_checkpoints',
      'audit_chain_cosignatures',
      'audit_chain_heads',
      'evidence_reports',
    );
  });

  it('lets a static token write the entities of its owner group and the groups below it, and refuses another team’s (403 naming the subject and the entity)', async () => {
    const { app, catalog } = await createPublishingApp(kit, {
      entities,
      ingest: { bindings },
    });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const upload = (name: string) =>
      request(app)
        .post(`${path(name)}/ci-gates`)
        .set('authorization', service('ci-evidence-upload'))
        .send(gates());

    expect((await upload('payments-api')).status).toBe(201);
    expect((await upload('ledger-service')).status).toBe(201);
    const refused = await upload('identity-service');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Service subject ci-evidence-upload has no hardening.ingest.bindings entry for component:default/identity-service: add one with subject ci-evidence-upload naming the entity, a pattern matching it or its owner group',
    );
    expect(await reports()).toBe(2);
    // The group tree was read once for the three decisions.
    expect(
      getEntityByRef.mock.calls.filter(([ref]) =>
        String(ref).startsWith('group:'),
      ),
    ).toHaveLength(1);
  });

  it('matches entity refs and patterns ignoring case', async () => {
    const { app } = await createPublishingApp(kit, {
      entities,
      ingest: { bindings },
    });
    const upload = (name: string) =>
      request(app)
        .post(`${path(name)}/ci-gates`)
        .set('authorization', service('release-bot'))
        .send(gates('passed'));
    expect((await upload('identity-service')).status).toBe(201);
    expect((await upload('invoice-generator')).status).toBe(201);
    expect((await upload('payments-api')).status).toBe(403);
  });

  it('refuses every write of an unbound service, uploads and management alike, and leaves its reads alone', async () => {
    const { app } = await createPublishingApp(kit, {
      entities,
      ingest: { bindings },
    });
    const token = service('external:scanner');
    const writes = [
      request(app)
        .post(`${path('payments-api')}/ci-gates`)
        .send(gates()),
      request(app)
        .put(`${path('payments-api')}/required-gates`)
        .send({ gates: ['build'] }),
      request(app)
        .put(`${path('payments-api')}/milestones/M1`)
        .send({ title: 'M1', stage: 'frozen', thresholds: {} }),
      request(app)
        .put(`${path('payments-api')}/runbooks/triage`)
        .type('text/markdown')
        .send('# Triage\n'),
    ];
    for (const write of writes) {
      const res = await write.set('authorization', token);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Service subject external:scanner has no hardening\.ingest\.bindings entry for component:default\/payments-api/,
      );
    }
    expect(await kit.count('required_gates')).toBe(0);
    const read = await request(app)
      .get(`${path('payments-api')}/summary`)
      .set('authorization', token);
    expect(read.status).toBe(200);
  });

  it('lets a service that may upload an entity’s chain read it back, and nothing else it is not allowed to read', async () => {
    const { app } = await createPublishingApp(kit, {
      entities,
      ingest: { bindings },
      permissions: createOnly,
    });
    const token = service('ci-evidence-upload');
    const chain = buildAuditChain(2);
    const upload = await request(app)
      .post(`${path('payments-api')}/audit-chain`)
      .set('authorization', token)
      .type('application/x-ndjson')
      .send(toJsonl(chain));
    expect(upload.status).toBe(201);

    const entries = await request(app)
      .get(`${path('payments-api')}/audit-chain`)
      .query({ order: 'asc' })
      .set('authorization', token);
    expect(entries.status).toBe(200);
    expect(entries.body.items.map((i: { entry: object }) => i.entry)).toEqual(
      chain,
    );
    const verified = await request(app)
      .get(`${path('payments-api')}/audit-chain/verify`)
      .set('authorization', token);
    expect(verified.body).toMatchObject({ ok: true, length: 2 });

    // Another team's entity: no binding, so no read either.
    const unbound = await request(app)
      .get(`${path('identity-service')}/audit-chain`)
      .set('authorization', token);
    expect(unbound.status).toBe(403);
    expect(unbound.body.error.message).toBe(
      'Not allowed to read the audit chain of component:default/identity-service: a service needs hardening.evidence.read, or hardening.evidence.create on the entity and a hardening.ingest.bindings entry for its subject that covers it',
    );
    // Other reads still need hardening.evidence.read.
    for (const read of ['summary', 'audit-chain/reports', 'ci-gates']) {
      const res = await request(app)
        .get(`${path('payments-api')}/${read}`)
        .set('authorization', token);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Not allowed to read hardening data of component:default/payments-api',
      );
    }
  });

  it('leaves users to the permission policy', async () => {
    const { app } = await createPublishingApp(kit, {
      entities,
      ingest: { bindings: [] },
    });
    const res = await request(app)
      .post(`${path('identity-service')}/ci-gates`)
      .set('authorization', mockCredentials.user.header('user:default/ana'))
      .send(gates());
    expect(res.status).toBe(201);
  });

  describe('with trusted publishing', () => {
    let issuer: LocalIssuer;
    beforeAll(async () => {
      issuer = await startLocalIssuer();
      await issuer.addKey('k1');
    });
    afterAll(() => issuer.close());

    it('narrows what a repository may write to its bindings, on top of the annotation', async () => {
      const monorepo = {
        'github.com/project-slug': 'northwind-freight/platform',
      };
      const { app } = await createPublishingApp(kit, {
        entities: [
          annotatedComponent('payments-api', monorepo),
          annotatedComponent('ledger-service', monorepo),
        ],
        ingest: {
          trustedPublishing: {
            issuers: [{ issuer: issuer.issuer, type: 'github' }],
          },
          bindings: [
            {
              repository: 'Northwind-Freight/Platform',
              entities: ['component:default/payments-api'],
            },
          ],
        },
      });
      const bearer = `Bearer ${await issuer.sign(
        githubClaims({ repository: 'northwind-freight/platform' }),
        { audience: BACKEND_BASE_URL, now: kit.now },
      )}`;
      const ok = await request(app)
        .post(`${path('payments-api')}/ci-gates`)
        .set('authorization', bearer)
        .send(gates());
      expect(ok.status).toBe(201);
      const refused = await request(app)
        .post(`${path('ledger-service')}/ci-gates`)
        .set('authorization', bearer)
        .send(gates());
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'The hardening.ingest.bindings entries of repository northwind-freight/platform do not cover component:default/ledger-service: add it to one of them',
      );
    });
  });
});
