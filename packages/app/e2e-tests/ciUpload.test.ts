import { APIRequestContext, expect, test } from '@playwright/test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';

/**
 * CI pipelines uploading evidence to the running portal, configured the way the README
 * tells adopters to. scripts/test.sh (scripts/lib/portal.sh) starts the portal with:
 *
 * - a fresh random static token in HARDENING_CI_TOKEN (subject ci-evidence-upload),
 *   restricted to uploading hardening evidence and bound to team-payments' entities
 *   (`hardening.ingest.bindings`);
 * - trusted publishing from a local GitHub-like OIDC issuer at HARDENING_E2E_OIDC_ISSUER
 *   (http://127.0.0.1:7099), whose JWKS the second test serves on that port with a key it
 *   makes, and whose tokens it signs.
 */
const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
// A team-payments service without milestones: the report has a failing test, and on a
// service with frozen milestones it would (rightly) regress them under the freeze test's feet.
const entityPath = 'entities/component/default/ledger-service';
// A service of team-logistics: outside the token's binding.
const otherTeamPath = 'entities/component/default/shipment-tracker';

function ciToken(): string {
  const token = process.env.HARDENING_CI_TOKEN;
  if (!token) {
    throw new Error(
      'HARDENING_CI_TOKEN is not set: start the portal and Playwright through scripts/test.sh, ' +
        'or configure backend.auth.externalAccess with that token as the README shows',
    );
  }
  return token;
}

/** A small JUnit report, unique per run so that the first upload creates a report. */
function junitReport(runId: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="checkout e2e ${runId}">
    <testcase classname="checkout" name="pays an invoice" time="1.2"/>
    <testcase classname="checkout" name="refuses another tenant's invoice" time="0.4"/>
    <testcase classname="checkout" name="shows the receipt" time="0.3">
      <failure message="receipt total differs">expected 12.00, got 12.01</failure>
    </testcase>
  </testsuite>
</testsuites>`;
}

function upload(
  request: APIRequestContext,
  body: string,
  options: {
    token?: string;
    entity?: string;
    query?: Record<string, string>;
  },
) {
  const url = new URL(
    `/api/hardening/${options.entity ?? entityPath}/test-reports`,
    backend,
  );
  url.searchParams.set('tags', 'e2e:happy');
  for (const [key, value] of Object.entries(options.query ?? {})) {
    url.searchParams.set(key, value);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/xml',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return request.post(url.toString(), { data: body, headers });
}

/**
 * Uploads until the answer is not one of `retryOn`: right after start-up the catalog may
 * not have read its locations yet (404).
 */
async function firstUpload(
  send: () => ReturnType<typeof upload>,
  retryOn: number[] = [404],
) {
  let created = await send();
  await expect
    .poll(
      async () => {
        if (retryOn.includes(created.status())) created = await send();
        return retryOn.includes(created.status());
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe(false);
  return created;
}

test('CI uploads a JUnit report with its static token; the token can do nothing else', async ({
  request,
}) => {
  const token = ciToken();
  const runId = Date.now().toString(16);
  const commit = `${runId}${'0'.repeat(40)}`.slice(0, 40);
  const body = junitReport(runId);
  const query = {
    commit,
    branch: 'main',
    runUrl: 'https://ci.example.com/runs/42',
  };

  const created = await firstUpload(() =>
    upload(request, body, { token, query }),
  );
  expect(created.status(), await created.text()).toBe(201);
  const { report, created: isNew } = await created.json();
  expect(isNew).toBe(true);
  expect(report.entityRef).toBe('component:default/ledger-service');
  expect(report.context).toMatchObject({ commit, branch: 'main' });
  expect(report.context.tags).toEqual(['e2e:happy']);
  // The report says who sent it: the token's subject, not a person.
  expect(report.uploader).toEqual({
    type: 'service',
    subject: 'ci-evidence-upload',
  });
  expect(report.summary.totals).toMatchObject({
    tests: 3,
    passed: 2,
    failed: 1,
  });

  // The same report again is recognised, not stored twice.
  const again = await upload(request, body, { token, query });
  expect(again.status()).toBe(200);
  expect((await again.json()).report.id).toBe(report.id);

  // No token, or a wrong one: 401.
  expect((await upload(request, body, { query })).status()).toBe(401);
  expect(
    (await upload(request, body, { token: `${token}x`, query })).status(),
  ).toBe(401);

  // An entity the catalog does not hold: 404.
  const missing = await upload(request, body, {
    token,
    query,
    entity: 'entities/component/default/no-such-service',
  });
  expect(missing.status()).toBe(404);

  // Another team's entity: the token's binding does not cover it.
  const otherTeam = await upload(request, body, {
    token,
    query,
    entity: otherTeamPath,
  });
  expect(otherTeam.status()).toBe(403);
  expect((await otherTeam.json()).error.message).toBe(
    'Service subject ci-evidence-upload has no hardening.ingest.bindings entry for component:default/shipment-tracker: add one with subject ci-evidence-upload naming the entity, a pattern matching it or its owner group',
  );

  // The token is restricted to uploading: reading evidence is refused.
  const read = await request.get(
    new URL(`/api/hardening/${entityPath}/summary`, backend).toString(),
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(read.status()).toBe(403);
});

/** The OIDC issuer portal.sh trusts: a JWKS on its fixed loopback port, and a signing key. */
async function startIssuer() {
  const issuer = process.env.HARDENING_E2E_OIDC_ISSUER;
  if (!issuer) {
    throw new Error(
      'HARDENING_E2E_OIDC_ISSUER is not set: start the portal and Playwright through scripts/test.sh, ' +
        'which trusts that issuer in hardening.ingest.trustedPublishing',
    );
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  // A kid of its own per run: the portal caches keys, and fetches the JWKS for a new kid.
  const kid = `e2e-${randomBytes(6).toString('hex')}`;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
  });
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jwks);
    } else {
      res.writeHead(404).end();
    }
  });
  const { hostname, port } = new URL(issuer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), hostname, resolve);
  });
  return {
    /** A GitHub Actions ID token of a run of northwind-freight/ledger-service. */
    sign(claims: Record<string, unknown>, audience = new URL(backend).origin) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        repository: 'northwind-freight/ledger-service',
        repository_owner: 'northwind-freight',
        repository_id: '4471',
        event_name: 'push',
        ref: 'refs/heads/main',
        ref_type: 'branch',
        workflow_ref:
          'northwind-freight/ledger-service/.github/workflows/ci.yml@refs/heads/main',
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setNotBefore(now - 5)
        .setExpirationTime(now + 300)
        .sign(privateKey);
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

test('CI uploads with its OIDC token, no secret: the run comes from the token, other repositories are refused', async ({
  request,
}) => {
  const issuer = await startIssuer();
  try {
    const runId = `${Date.now()}`;
    const sha = randomBytes(20).toString('hex');
    const token = await issuer.sign({ sha, run_id: runId, run_attempt: '1' });
    const body = junitReport(`oidc-${runId}`);

    // A retry of this test comes with a new key, which the portal fetches at most every
    // 30 s (its JWKS refresh cooldown): until then the token is refused with 401.
    const created = await firstUpload(
      () => upload(request, body, { token }),
      [404, 401],
    );
    expect(created.status(), await created.text()).toBe(201);
    const { report } = await created.json();
    expect(report.entityRef).toBe('component:default/ledger-service');
    expect(report.context).toMatchObject({
      commit: sha,
      branch: 'main',
      runUrl: `https://github.com/northwind-freight/ledger-service/actions/runs/${runId}`,
      runId,
      runAttempt: 1,
      tags: ['e2e:happy'],
    });
    expect(report.uploader).toMatchObject({
      type: 'ci-token',
      repository: 'northwind-freight/ledger-service',
      ref: 'refs/heads/main',
    });

    // The query may not say another commit than the token.
    const forged = await upload(request, body, {
      token,
      query: { commit: 'abcdef1234567' },
    });
    expect(forged.status()).toBe(400);
    expect((await forged.json()).error.message).toContain(
      `The CI token says otherwise: commit is ${sha} in the token, not abcdef1234567`,
    );

    // Another repository's entity (same team, same token) and one that does not exist:
    // the same 403, which says neither whether the entity exists nor whose it is.
    for (const entity of ['payments-api', 'no-such-service']) {
      const elsewhere = await upload(request, body, {
        token,
        entity: `entities/component/default/${entity}`,
      });
      expect(elsewhere.status()).toBe(403);
      expect((await elsewhere.json()).error.message).toBe(
        `A CI token of northwind-freight/ledger-service may not upload to component:default/${entity}: the entity does not exist or its github.com/project-slug annotation does not name northwind-freight/ledger-service; add the annotation to the entity's catalog-info.yaml if it is yours (if it has a hardening.io/github-instance annotation, it must be github.com; if it has a hardening.io/github-repository-id annotation, it must be 4471)`,
      );
    }

    // The token uploads, nothing else.
    const read = await request.get(
      new URL(`/api/hardening/${entityPath}/summary`, backend).toString(),
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(read.status()).toBe(401);

    // A token for another audience does not verify.
    const stray = await upload(request, body, {
      token: await issuer.sign(
        { sha, run_id: runId },
        'https://elsewhere.example.com',
      ),
    });
    expect(stray.status()).toBe(401);
  } finally {
    await issuer.close();
  }
});
