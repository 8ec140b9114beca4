import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createHmac } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { buildAuditChain, toJsonl } from '../__testUtils__/auditChainFixtures';
import {
  githubClaims,
  githubPublisherMeta,
  LocalIssuer,
  startLocalIssuer,
} from '../__testUtils__/localIssuer';
import { junitReport } from '../__testUtils__/milestoneFixtures';
import {
  annotatedComponent,
  BACKEND_BASE_URL,
  createPublishingApp,
} from '../__testUtils__/publishingTestKit';
import { createRouteTestKit } from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { JWKS_REFRESH_COOLDOWN_MS } from '../publishing/issuerKeys';

const payments = '/entities/component/default/payments-api';
const ledger = '/entities/component/default/ledger-service';
const legacy = '/entities/component/default/legacy-batch';
const renamed = '/entities/component/default/renamed-service';
const missing = '/entities/component/default/no-such-service';

const entities = [
  annotatedComponent('payments-api', {
    'github.com/project-slug': 'Northwind-Freight/Payments-API',
  }),
  annotatedComponent('ledger-service', {
    'github.com/project-slug': 'northwind-freight/ledger-service',
  }),
  annotatedComponent('legacy-batch', {}),
  // The same path as the token's repository, but another repository id: re-created.
  annotatedComponent('renamed-service', {
    'github.com/project-slug': 'northwind-freight/payments-api',
    'hardening.io/github-repository-id': '811',
  }),
];

const gates = { gates: [{ name: 'lint', status: 'passed' }] };

const { ids } = createTestDatabases();

describe.each(ids)(
  'uploads with a CI OIDC token (trusted publishing) on %s',
  databaseId => {
    const kit = createRouteTestKit({ databaseId });
    let issuer: LocalIssuer;
    let now = kit.now.getTime();

    /** The app, with `ingest` added to a trusted issuer (a fresh key cache each time). */
    const logger = mockServices.logger.mock();
    const appWith = async (
      ingest: Record<string, unknown> = {},
      issuerSettings: Record<string, unknown> = {},
    ) => {
      const { app } = await createPublishingApp(kit, {
        entities,
        logger,
        now: () => now,
        ingest: {
          trustedPublishing: {
            issuers: [
              {
                issuer: issuer.issuer,
                type: 'github',
                runUrlBase: 'https://github.com',
                ...issuerSettings,
              },
            ],
            ...ingest,
          },
        },
      });
      return app;
    };
    const token = (claims: Record<string, unknown> = {}, kid = 'k1') =>
      issuer.sign(githubClaims(claims), {
        kid,
        audience: BACKEND_BASE_URL,
        now: kit.now,
      });
    const reports = () => kit.count('evidence_reports');

    beforeAll(async () => {
      await kit.setup();
      issuer = await startLocalIssuer();
      await issuer.addKey('k1');
      await issuer.addKey('unpublished', { publish: false });
    });
    afterAll(() => issuer.close());
    beforeEach(async () => {
      jest.clearAllMocks();
      now = kit.now.getTime();
      await kit.clear(
        'test_results',
        'audit_chain_entries',
        'audit_chain_tree_tiles',
        'audit_chain_checkpoints',
        'audit_chain_cosignatures',
        'audit_chain_heads',
        'evidence_reports',
      );
    });

    it('stores the upload with the run the token names (201) and audits the CI job', async () => {
      const res = await request(await appWith())
        .post(`${payments}/test-reports`)
        .set('authorization', `Bearer ${await token()}`)
        .query({ tags: 'e2e:happy', pipeline: 'ci' })
        .type('application/xml')
        .send(junitReport(3));
      expect(res.status).toBe(201);
      expect(res.body.report.context).toEqual({
        commit: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
        branch: 'main',
        runUrl:
          'https://github.com/northwind-freight/payments-api/actions/runs/9802816352',
        runId: '9802816352',
        runAttempt: 2,
        pipeline: 'ci',
        tags: ['e2e:happy'],
      });

      const [[event]] = kit.auditor.createEvent.mock.calls;
      expect(event).toMatchObject({
        eventId: 'evidence-upload',
        meta: {
          entityRef: 'component:default/payments-api',
          ciPublisher: githubPublisherMeta(issuer.issuer),
        },
      });
      // The auditor never sees the CI token: it would try to authenticate it as Backstage's.
      expect(event.request?.method).toBe('POST');
      expect(event.request?.headers.authorization).toBeUndefined();
      expect(kit.auditSuccess).toHaveBeenCalledTimes(1);
    });

    it('refuses an entity of another repository, one without the annotation, one of a re-created repository and one that does not exist with the same 403, writing nothing and logging why', async () => {
      const app = await appWith();
      const bearer = `Bearer ${await token()}`;
      for (const [path, name] of [
        [ledger, 'ledger-service'],
        [legacy, 'legacy-batch'],
        [renamed, 'renamed-service'],
        [missing, 'no-such-service'],
      ]) {
        const res = await request(app)
          .post(`${path}/ci-gates`)
          .set('authorization', bearer)
          .send(gates);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          `A CI token of northwind-freight/payments-api may not upload to component:default/${name}: the entity does not exist or its github.com/project-slug annotation does not name northwind-freight/payments-api; add the annotation to the entity's catalog-info.yaml if it is yours (if it has a hardening.io/github-instance annotation, it must be github.com; if it has a hardening.io/github-repository-id annotation, it must be 74)`,
        );
      }
      expect(await reports()).toBe(0);
      expect(kit.auditor.createEvent).not.toHaveBeenCalled();
      expect(logger.debug.mock.calls.map(([message]) => message)).toEqual(
        [
          'github.com/project-slug is "northwind-freight/ledger-service"',
          'no github.com/project-slug annotation',
          'hardening.io/github-repository-id is "811", the token\'s repository id 74',
          'no such entity in the catalog',
        ].map(
          (why, i) =>
            `Trusted publishing: refused github:northwind-freight/payments-api (${
              issuer.issuer
            }) access to component:default/${
              [
                'ledger-service',
                'legacy-batch',
                'renamed-service',
                'no-such-service',
              ][i]
            }: ${why}`,
        ),
      );
    });

    describe('refuses tokens that do not verify with 401, writing nothing', () => {
      const cases: Array<[string, () => Promise<string>, RegExp]> = [
        [
          'an expired token',
          () => token({ iat: now / 1000 - 900, exp: now / 1000 - 600 }),
          /was refused: it has expired/,
        ],
        [
          'a token for another audience',
          () =>
            issuer.sign(githubClaims(), {
              audience: 'https://other.example.com',
              now: kit.now,
            }),
          /its audience is not https:\/\/backstage\.example\.com/,
        ],
        [
          'a token not valid yet (nbf in the future)',
          () => token({ nbf: now / 1000 + 600 }),
          /not valid yet/,
        ],
        [
          'a token signed with a key the JWKS does not list, even after refreshing it',
          () => token({}, 'unpublished'),
          /\(key unpublished\) was refused: it is signed with a key the issuer's JWKS/,
        ],
        [
          'an unsigned token (alg: none)',
          async () =>
            new UnsecuredJWT(githubClaims())
              .setIssuer(issuer.issuer)
              .setAudience(BACKEND_BASE_URL)
              .setIssuedAt(now / 1000)
              .setExpirationTime(now / 1000 + 300)
              .encode(),
          /it is not signed with one of RS256, ES256/,
        ],
        [
          'a token signed with HS256 using the public key as the secret',
          async () =>
            new SignJWT({ ...githubClaims(), iss: issuer.issuer })
              .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
              .setAudience(BACKEND_BASE_URL)
              .setIssuedAt(now / 1000)
              .setExpirationTime(now / 1000 + 300)
              .sign(new TextEncoder().encode(await issuer.publicKeyPem('k1'))),
          /it is not signed with one of RS256, ES256/,
        ],
        [
          'a token whose signature was made for other claims',
          async () => {
            const [header, , signature] = (await token()).split('.');
            const forged = Buffer.from(
              JSON.stringify({
                ...githubClaims({
                  repository: 'northwind-freight/ledger-service',
                }),
                iss: issuer.issuer,
                aud: BACKEND_BASE_URL,
                exp: now / 1000 + 300,
              }),
            ).toString('base64url');
            return `${header}.${forged}.${signature}`;
          },
          /its signature does not verify/,
        ],
        [
          'a token without the claims an upload needs',
          () => token({ run_id: undefined, sha: 'main' }),
          /lacks the claims an upload needs: sha is not a git commit SHA; run_id/,
        ],
        [
          'a malformed token that names the issuer',
          async () =>
            `${Buffer.from('{"alg":"RS256"').toString(
              'base64url',
            )}.${Buffer.from(JSON.stringify({ iss: issuer.issuer })).toString(
              'base64url',
            )}.${createHmac('sha256', 'x').digest('base64url')}`,
          /was refused: it is not a valid signed JWT/,
        ],
        [
          'a token over 8 KiB',
          () => token({ padding: 'x'.repeat(9000) }),
          /is larger than 8192 bytes/,
        ],
      ];

      it.each(cases)('%s', async (_name, make, message) => {
        const res = await request(await appWith())
          .post(`${payments}/ci-gates`)
          .set('authorization', `Bearer ${await make()}`)
          .send(gates);
        expect(res.status).toBe(401);
        expect(res.body.error.message).toMatch(message);
        expect(await reports()).toBe(0);
        expect(kit.auditor.createEvent).not.toHaveBeenCalled();
      });

      it('a token of an issuer that is not trusted (Backstage cannot authenticate it either)', async () => {
        const stranger = await startLocalIssuer();
        try {
          await stranger.addKey('k1');
          const res = await request(await appWith())
            .post(`${payments}/ci-gates`)
            .set(
              'authorization',
              `Bearer ${await stranger.sign(githubClaims(), {
                audience: BACKEND_BASE_URL,
                now: kit.now,
              })}`,
            )
            .send(gates);
          expect(res.status).toBe(401);
          expect(await reports()).toBe(0);
        } finally {
          await stranger.close();
        }
      });
    });

    it("refuses tokens of owners the issuer's allowedOwners leave out (403)", async () => {
      const app = await appWith({}, { allowedOwners: ['Northwind-Logistics'] });
      const res = await request(app)
        .post(`${payments}/ci-gates`)
        .set('authorization', `Bearer ${await token()}`)
        .send(gates);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `Tokens of ${issuer.issuer} are not accepted from northwind-freight, the owner of northwind-freight/payments-api: hardening.ingest.trustedPublishing allowedOwners does not list it; ask the portal's administrators to add it if its repositories should upload evidence`,
      );
      expect(await reports()).toBe(0);
    });

    it('picks up a key the issuer published after its JWKS was cached, refreshing at most once per cooldown', async () => {
      const app = await appWith();
      const upload = async (bearer: string, body = gates) =>
        request(app)
          .post(`${payments}/ci-gates`)
          .set('authorization', `Bearer ${bearer}`)
          .send(body);
      expect((await upload(await token())).status).toBe(201);
      const fetched = issuer.fetches;

      // A flood of tokens naming unknown keys: one refresh, then refused from the cache.
      now += JWKS_REFRESH_COOLDOWN_MS;
      const bogus = await token({}, 'unpublished');
      for (let i = 0; i < 5; i++) {
        expect((await upload(bogus)).status).toBe(401);
      }
      expect(issuer.fetches).toBe(fetched + 1);

      // The issuer rotates to a new key; once the cooldown has passed it is picked up.
      await issuer.addKey(`rotated-${databaseId}`);
      const rotated = await token(
        { run_id: '9802816353' },
        `rotated-${databaseId}`,
      );
      expect((await upload(rotated)).status).toBe(401);
      now += JWKS_REFRESH_COOLDOWN_MS;
      const res = await upload(rotated, {
        gates: [{ name: 'build', status: 'passed' }],
      });
      expect(res.status).toBe(201);
      expect(res.body.report.context.runId).toBe('9802816353');
      expect(issuer.fetches).toBe(fetched + 2);
    });

    it('takes commit, branch, run URL, run id and attempt from the token: the same values or none are accepted, another is a 400', async () => {
      const app = await appWith();
      const bearer = `Bearer ${await token()}`;
      const same = await request(app)
        .post(`${payments}/ci-gates`)
        .set('authorization', bearer)
        .query({
          commit: '0F1E2D3C4B5A',
          branch: 'main',
          runUrl:
            'https://github.com/northwind-freight/payments-api/actions/runs/9802816352/job/77',
          runId: '9802816352',
          runAttempt: '2',
        })
        .send(gates);
      expect(same.status).toBe(201);
      expect(same.body.report.context).toMatchObject({
        commit: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
        runUrl:
          'https://github.com/northwind-freight/payments-api/actions/runs/9802816352/job/77',
      });

      const forged = await request(app)
        .post(`${payments}/ci-gates`)
        .set('authorization', bearer)
        .query({
          commit: 'abcdef1234567',
          branch: 'release',
          runUrl:
            'https://github.com/northwind-freight/payments-api/actions/runs/1',
          runAttempt: '1',
        })
        .send({ gates: [{ name: 'lint', status: 'failed' }] });
      expect(forged.status).toBe(400);
      expect(forged.body.error.message).toBe(
        "The CI token says otherwise: commit is 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c in the token, not abcdef1234567; branch is main in the token, not release; runUrl is https://github.com/northwind-freight/payments-api/actions/runs/9802816352 in the token, not https://github.com/northwind-freight/payments-api/actions/runs/1; runAttempt is 2 in the token, not 1. Leave these parameters out (the token's values are used) or send the token's values",
      );

      // A URL that starts with the run's but leads elsewhere once resolved.
      const steered = await request(app)
        .post(`${payments}/ci-gates`)
        .set('authorization', bearer)
        .query({
          runUrl:
            'https://github.com/northwind-freight/payments-api/actions/runs/9802816352/../../../../evil/repo/actions/runs/9',
        })
        .send({ gates: [{ name: 'lint', status: 'failed' }] });
      expect(steered.status).toBe(400);
      expect(steered.body.error.message).toMatch(
        /^The CI token says otherwise: runUrl is https:\/\/github\.com\/northwind-freight\/payments-api\/actions\/runs\/9802816352 in the token, not https:\/\/github\.com\/.*\/evil\/repo\/actions\/runs\/9\./,
      );
      expect(await reports()).toBe(1);
    });

    it('applies ref rules per kind: release chains only from tags, gates from protected refs (403)', async () => {
      const app = await appWith({
        refRules: [
          { kinds: ['audit-chain'], refs: ['refs/tags/v*'] },
          { protectedOnly: true },
        ],
      });
      const chain = toJsonl(buildAuditChain(2));
      const fromMain = await request(app)
        .post(`${payments}/audit-chain`)
        .set('authorization', `Bearer ${await token()}`)
        .type('application/x-ndjson')
        .send(chain);
      expect(fromMain.status).toBe(403);
      expect(fromMain.body.error.message).toBe(
        'Not allowed to upload audit-chain evidence of component:default/payments-api: audit-chain uploads are accepted from refs/tags/v* only (hardening.ingest.trustedPublishing.refRules), but the CI token is for refs/heads/main',
      );

      const unprotected = await request(app)
        .post(`${payments}/ci-gates`)
        .set(
          'authorization',
          `Bearer ${await token({
            ref: 'refs/heads/topic',
            ref_protected: 'false',
          })}`,
        )
        .send(gates);
      expect(unprotected.status).toBe(403);
      expect(unprotected.body.error.message).toMatch(
        /accepted from protected refs only .*, but refs\/heads\/topic is not protected$/,
      );
      expect(await reports()).toBe(0);

      const fromTag = await request(app)
        .post(`${payments}/audit-chain`)
        .set(
          'authorization',
          `Bearer ${await token({ ref: 'refs/tags/v3.3.1', ref_type: 'tag' })}`,
        )
        .type('application/x-ndjson')
        .send(chain);
      expect(fromTag.status).toBe(201);
      expect(fromTag.body.report.context.branch).toBe('v3.3.1');
    });

    it("accepts git tags of the token's commit only", async () => {
      const app = await appWith();
      const bearer = `Bearer ${await token()}`;
      const elsewhere = await request(app)
        .post(`${payments}/git-tags`)
        .set('authorization', bearer)
        .send({
          tags: [
            { name: 'v3.3.0', commit: '0f1e2d3c4b5a' },
            { name: 'milestone/m3.4-hardened', commit: 'abcdef1234567' },
          ],
        });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error.message).toBe(
        'A CI token may report only tags of its own commit 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c: milestone/m3.4-hardened points at abcdef1234567',
      );
      expect(await reports()).toBe(0);

      const own = await request(app)
        .post(`${payments}/git-tags`)
        .set('authorization', bearer)
        .send({ tags: [{ name: 'v3.3.0', commit: '0f1e2d3c4b5a' }] });
      expect(own.status).toBe(201);
    });

    it('lets a CI token upload evidence and read its entity’s audit chain, and nothing else', async () => {
      const app = await appWith();
      const bearer = `Bearer ${await token()}`;
      const refusals = [
        request(app).get(`${payments}/ci-gates`),
        request(app).get(`${payments}/summary`),
        request(app).get(`${payments}/audit-chain/reports`),
        request(app)
          .put(`${payments}/required-gates`)
          .send({ gates: ['lint'] }),
        request(app).get(
          `${payments}/test-reports/00000000-0000-4000-8000-000000000000/cases`,
        ),
      ];
      for (const refused of refusals) {
        const res = await refused.set('authorization', bearer);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          /^A CI token \(github:northwind-freight\/payments-api\) may only upload evidence and read the audit chain of its entity; /,
        );
      }
      // Routes outside the per-entity ones do not know the token at all.
      const org = await request(app)
        .get('/scorecards/org')
        .set('authorization', bearer);
      expect(org.status).toBe(401);
    });

    it("reads its own entity's stored audit chain, to continue it, but not another entity's, and only where it may upload a chain", async () => {
      const app = await appWith();
      const bearer = `Bearer ${await token()}`;
      const chain = buildAuditChain(3);
      expect(
        (
          await request(app)
            .post(`${payments}/audit-chain`)
            .set('authorization', bearer)
            .type('application/x-ndjson')
            .send(toJsonl(chain))
        ).status,
      ).toBe(201);

      const page = await request(app)
        .get(`${payments}/audit-chain`)
        .query({ order: 'asc', limit: 2 })
        .set('authorization', bearer);
      expect(page.status).toBe(200);
      expect(page.body.items.map((i: { entry: object }) => i.entry)).toEqual(
        chain.slice(0, 2),
      );
      expect(page.body.head).toMatchObject({ seq: 2, hash: chain[2].hash });
      const rest = await request(app)
        .get(`${payments}/audit-chain`)
        .query({ order: 'asc', limit: 2, cursor: page.body.nextCursor })
        .set('authorization', bearer);
      expect(rest.body.items.map((i: { seq: number }) => i.seq)).toEqual([2]);
      expect(rest.body.nextCursor).toBeUndefined();
      const verified = await request(app)
        .get(`${payments}/audit-chain/verify`)
        .set('authorization', bearer);
      expect(verified.body).toMatchObject({ ok: true, length: 3 });
      // The chain's transparency log too: the pipeline checks it with its own token.
      const checkpoint = await request(app)
        .get(`${payments}/audit-chain/checkpoint`)
        .set('authorization', bearer);
      expect(checkpoint.status).toBe(200);
      expect(checkpoint.text).toMatch(
        /^localhost:7007\/hardening\/component:default\/payments-api\n3\n/,
      );
      const proof = await request(app)
        .get(`${payments}/audit-chain/proof/consistency`)
        .query({ from: 1 })
        .set('authorization', bearer);
      expect(proof.body).toMatchObject({ from: 1, to: 3 });
      const reportList = await request(app)
        .get(`${payments}/audit-chain/reports`)
        .set('authorization', bearer);
      expect(reportList.status).toBe(403);

      for (const path of [ledger, missing]) {
        const other = await request(app)
          .get(`${path}/audit-chain`)
          .set('authorization', bearer);
        expect(other.status).toBe(403);
        expect(other.body.error.message).toMatch(
          /^A CI token of northwind-freight\/payments-api may not upload to component:default\/(ledger-service|no-such-service): the entity does not exist or /,
        );
      }

      const tagsOnly = await appWith({
        refRules: [{ kinds: ['audit-chain'], refs: ['refs/tags/v*'] }],
      });
      const fromMain = await request(tagsOnly)
        .get(`${payments}/audit-chain/verify`)
        .set('authorization', bearer);
      expect(fromMain.status).toBe(403);
      expect(fromMain.body.error.message).toBe(
        'Not allowed to read the audit chain of component:default/payments-api (a CI token may read it where it may upload it): audit-chain uploads are accepted from refs/tags/v* only (hardening.ingest.trustedPublishing.refRules), but the CI token is for refs/heads/main',
      );
      const fromTag = await request(tagsOnly)
        .get(`${payments}/audit-chain`)
        .set(
          'authorization',
          `Bearer ${await token({ ref: 'refs/tags/v3.3.1', ref_type: 'tag' })}`,
        );
      expect(fromTag.status).toBe(200);
    });

    it('refuses checklist evidence from pull_request_target and workflow_run runs unless a rule lists the event, and then stores no branch and audits the event', async () => {
      const targetToken = `Bearer ${await token({
        event_name: 'pull_request_target',
        head_ref: 'main',
      })}`;
      const refused = await request(await appWith())
        .post(`${payments}/test-reports`)
        .set('authorization', targetToken)
        .type('application/xml')
        .send(junitReport(2));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(
        /^Not allowed to upload test-report evidence of component:default\/payments-api: test-report uploads from pull_request_target runs are refused by default: /,
      );
      const workflowRun = await request(await appWith())
        .post(`${payments}/ci-gates`)
        .set(
          'authorization',
          `Bearer ${await token({ event_name: 'workflow_run' })}`,
        )
        .send(gates);
      expect(workflowRun.status).toBe(403);
      expect(await reports()).toBe(0);

      const app = await appWith({
        refRules: [
          { kinds: ['test-report'], events: ['push', 'pull_request_target'] },
        ],
      });
      const withBranch = await request(app)
        .post(`${payments}/test-reports`)
        .set('authorization', targetToken)
        .query({ branch: 'main' })
        .type('application/xml')
        .send(junitReport(2));
      expect(withBranch.status).toBe(400);
      const accepted = await request(app)
        .post(`${payments}/test-reports`)
        .set('authorization', targetToken)
        .type('application/xml')
        .send(junitReport(2));
      expect(accepted.status).toBe(201);
      expect(accepted.body.report.context).toEqual({
        commit: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
        runUrl:
          'https://github.com/northwind-freight/payments-api/actions/runs/9802816352',
        runId: '9802816352',
        runAttempt: 2,
        tags: [],
      });
      const [[event]] = kit.auditor.createEvent.mock.calls.slice(-1);
      expect(event.meta?.ciPublisher).toEqual({
        ...githubPublisherMeta(issuer.issuer),
        event: 'pull_request_target',
      });
    });

    it('still demands Backstage credentials for everything under the opened upload paths', async () => {
      const app = await appWith();
      for (const path of [
        `${payments}/ci-gates`,
        `${payments}/test-reports/00000000-0000-4000-8000-000000000000/cases`,
        `${payments}/audit-chain/verify`,
        `${payments}/ci-gates/no-such-route`,
      ]) {
        expect((await request(app).get(path)).status).toBe(401);
      }
      expect(
        (await request(app).post(`${payments}/ci-gates`).send(gates)).status,
      ).toBe(401);
      expect((await request(app).get('/health')).status).toBe(200);

      const user = await request(app)
        .post(`${payments}/ci-gates`)
        .set('authorization', mockCredentials.user.header('user:default/ana'))
        .query({ commit: 'abcdef1234567' })
        .send(gates);
      expect(user.status).toBe(201);
      expect(user.body.report.context.commit).toBe('abcdef1234567');
    });
  },
);
