import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  JWK,
  JWTPayload,
  KeyLike,
  SignJWT,
} from 'jose';

type SigningKey = { alg: string; privateKey: KeyLike; publicKey: KeyLike };

/** GitHub Actions claims of a push to main of northwind-freight/payments-api. */
export function githubClaims(overrides: Record<string, unknown> = {}) {
  return {
    repository: 'northwind-freight/payments-api',
    repository_owner: 'northwind-freight',
    repository_id: '74',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    ref_protected: 'true',
    head_ref: '',
    sha: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
    run_id: '9802816352',
    run_attempt: '2',
    run_number: '6',
    workflow: 'ci',
    workflow_ref:
      'northwind-freight/payments-api/.github/workflows/ci.yml@refs/heads/main',
    event_name: 'push',
    sub: 'repo:northwind-freight/payments-api:ref:refs/heads/main',
    ...overrides,
  };
}

/** The audit meta of a publisher with {@link githubClaims} from `issuer`. */
export function githubPublisherMeta(issuer: string) {
  return {
    issuer,
    subject: 'github:northwind-freight/payments-api',
    repository: 'northwind-freight/payments-api',
    ref: 'refs/heads/main',
    sha: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
    runId: '9802816352',
    repositoryId: '74',
    event: 'push',
    runAttempt: 2,
    workflow:
      'northwind-freight/payments-api/.github/workflows/ci.yml@refs/heads/main',
  };
}

/** GitLab CI claims of a pipeline on main of northwind-freight/platform/payments-api. */
export function gitlabClaims(overrides: Record<string, unknown> = {}) {
  return {
    namespace_path: 'northwind-freight/platform',
    project_path: 'northwind-freight/platform/payments-api',
    project_id: '20',
    ref: 'main',
    ref_type: 'branch',
    ref_path: 'refs/heads/main',
    ref_protected: 'true',
    sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
    pipeline_id: '574',
    pipeline_source: 'push',
    job_id: '302',
    ci_config_ref_uri:
      'gitlab.example.com/northwind-freight/platform/payments-api//.gitlab-ci.yml@refs/heads/main',
    sub: 'project_path:northwind-freight/platform/payments-api:ref_type:branch:ref:main',
    ...overrides,
  };
}

/**
 * A CI system's OIDC issuer for tests: an HTTP server on an ephemeral loopback port
 * serving a JWKS at `/.well-known/jwks` (GitHub's path) and `/oauth/discovery/keys`
 * (GitLab's), with keys made here, and tokens signed with them.
 */
export async function startLocalIssuer() {
  const keys = new Map<string, SigningKey>();
  let published: JWK[] = [];
  let fetches = 0;
  const server = createServer((req, res) => {
    if (
      req.url === '/.well-known/jwks' ||
      req.url === '/oauth/discovery/keys'
    ) {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: published }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const issuerApi = {
    issuer,
    /** How often the JWKS was fetched. */
    get fetches() {
      return fetches;
    },
    /** Makes a key pair; published in the JWKS unless `publish` is false. */
    async addKey(
      kid: string,
      options: { alg?: string; publish?: boolean } = {},
    ) {
      const alg = options.alg ?? 'RS256';
      const pair = await generateKeyPair(alg, { extractable: true });
      keys.set(kid, { alg, ...pair });
      if (options.publish ?? true) await issuerApi.publish(kid);
    },
    /** Adds a key made before to the JWKS. */
    async publish(kid: string) {
      const key = keys.get(kid)!;
      const jwk = await exportJWK(key.publicKey);
      published = [...published, { ...jwk, kid, alg: key.alg, use: 'sig' }];
    },
    /** The public key of `kid` in PEM, as an attacker would find it. */
    publicKeyPem(kid: string) {
      return exportSPKI(keys.get(kid)!.publicKey);
    },
    /**
     * A token with `claims`, signed with key `kid`; `iss` is this issuer, `aud` the
     * given audience, valid from `now` for five minutes unless the claims say otherwise.
     */
    sign(
      claims: JWTPayload,
      options: { kid?: string; audience: string; now: Date },
    ): Promise<string> {
      const kid = options.kid ?? 'k1';
      const key = keys.get(kid)!;
      const iat = Math.floor(options.now.getTime() / 1000);
      return new SignJWT({
        iss: issuer,
        aud: options.audience,
        iat,
        nbf: iat - 5,
        exp: iat + 300,
        ...claims,
      })
        .setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' })
        .sign(key.privateKey);
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
  return issuerApi;
}

export type LocalIssuer = Awaited<ReturnType<typeof startLocalIssuer>>;
