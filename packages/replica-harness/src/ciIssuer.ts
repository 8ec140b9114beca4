import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** The repository whose CI the issuer speaks for; the demo catalog maps it to ledger-service. */
export const ISSUER_REPOSITORY = {
  owner: 'northwind-freight',
  name: 'ledger-service',
  entity: 'component:default/ledger-service',
} as const;

export type CiIssuer = {
  /** The issuer URL, its `iss`. */
  url: string;
  /** How many times its JWKS was asked for. */
  jwksRequests(): number;
  /** A GitHub Actions-like ID token of a push run on main, for `audience`. */
  token(audience: string, run: { runId: string; sha: string }): Promise<string>;
  close(): Promise<void>;
};

/**
 * A GitHub-like OIDC issuer on a loopback port: it serves one JWKS, made for this run, at
 * `/.well-known/jwks` (counting the requests) and signs ID tokens with its key.
 */
export async function startCiIssuer(port: number): Promise<CiIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = `replicas-${randomBytes(4).toString('hex')}`;
  const body = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
  });
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/.well-known/jwks') {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${port}`;
  const { owner, name } = ISSUER_REPOSITORY;
  return {
    url,
    jwksRequests: () => requests,
    token(audience, run) {
      const issuedAt = Math.floor(Date.now() / 1000);
      return new SignJWT({
        repository: `${owner}/${name}`,
        repository_owner: owner,
        repository_id: '9001',
        event_name: 'push',
        ref: 'refs/heads/main',
        ref_type: 'branch',
        workflow_ref: `${owner}/${name}/.github/workflows/ci.yml@refs/heads/main`,
        sha: run.sha,
        run_id: run.runId,
        run_attempt: '1',
      })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(url)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt - 5)
        .setExpirationTime(issuedAt + 300)
        .sign(privateKey);
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** What makes the replicas trust the issuer for trusted publishing. */
export function trustedIssuerEnv(issuerUrl: string): Record<string, string> {
  return {
    APP_CONFIG_hardening_ingest_trustedPublishing: JSON.stringify({
      issuers: [
        {
          issuer: issuerUrl,
          type: 'github',
          runUrlBase: 'https://github.com',
          allowedOwners: [ISSUER_REPOSITORY.owner],
        },
      ],
    }),
  };
}
