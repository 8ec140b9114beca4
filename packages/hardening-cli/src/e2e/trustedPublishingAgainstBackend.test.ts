import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { copyFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createCheckout } from '../__testUtils__/checkoutFixture';
import { memoryIo } from '../__testUtils__/memoryIo';
import { startHardeningBackend } from '../__testUtils__/startHardeningBackend';
import { EXIT } from '../CliError';
import { run } from '../program';

const COMMIT = '4b5a69788796a5b4c3d2e1f0a9b8c7d69f1c2e3d';

/**
 * One loopback server playing both CI systems: GitHub Actions' issuer (JWKS under
 * /github, and its ID token endpoint, which signs a token for the audience asked) and
 * GitLab's (JWKS under /gitlab). Claims follow what each system puts in its tokens.
 */
async function startCiSystems() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }],
  });
  let origin = '';
  const sign = (issuer: string, audience: string, claims: object) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(`${origin}/${issuer}`)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey as KeyLike);

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (
      url.pathname === '/github/.well-known/jwks' ||
      url.pathname === '/gitlab/oauth/discovery/keys'
    ) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    } else if (
      url.pathname === '/github/token' &&
      req.headers.authorization === 'bearer request-token'
    ) {
      const value = await sign('github', url.searchParams.get('audience')!, {
        repository: 'northwind/payments-api',
        repository_owner: 'northwind',
        ref: 'refs/heads/main',
        ref_type: 'branch',
        head_ref: '',
        sha: COMMIT,
        run_id: '311',
        run_attempt: '2',
        workflow_ref:
          'northwind/payments-api/.github/workflows/ci.yml@refs/heads/main',
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    gitlabToken: (audience: string, project = 'northwind/payments-api') =>
      sign('gitlab', audience, {
        project_path: project,
        project_id: '42',
        pipeline_source: 'push',
        ref: 'main',
        ref_type: 'branch',
        ref_path: 'refs/heads/main',
        ref_protected: 'true',
        sha: COMMIT,
        pipeline_id: '5150',
        job_id: '9001',
      }),
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

describe('the CLI uploading with CI OIDC tokens to a backend that trusts them', () => {
  let ci: Awaited<ReturnType<typeof startCiSystems>>;
  let backend: Awaited<ReturnType<typeof startHardeningBackend>>;
  let checkout: Awaited<ReturnType<typeof createCheckout>>;

  beforeAll(async () => {
    ci = await startCiSystems();
    backend = await startHardeningBackend({
      trustedPublishing: {
        issuers: [
          {
            issuer: `${ci.origin}/github`,
            type: 'github',
            runUrlBase: 'https://github.com',
          },
          {
            issuer: `${ci.origin}/gitlab`,
            type: 'gitlab',
            runUrlBase: 'https://gitlab.example.com',
          },
        ],
      },
    });
    checkout = await createCheckout({
      'gates-a.json': JSON.stringify({
        gates: [{ name: 'lint', status: 'passed' }],
      }),
      'gates-b.json': JSON.stringify({
        gates: [{ name: 'build', status: 'passed' }],
      }),
    });
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    await checkout?.remove();
    await ci?.close();
  });

  async function hardening(args: string[], env: Record<string, string>) {
    const io = memoryIo({
      cwd: checkout.root,
      env: {
        HARDENING_BACKEND_URL: backend.origin,
        HARDENING_ENTITY: 'component:default/payments-api',
        ...env,
      },
    });
    const code = await run(args, io.io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }
  const cli = (file: string, env: Record<string, string>) =>
    hardening(['upload', 'ci-gates', file], env);
  /** The variables of the GitLab job the tokens are for, with its ID token. */
  const gitlabJob = async () => ({
    GITLAB_CI: 'true',
    CI_COMMIT_SHA: COMMIT,
    CI_COMMIT_REF_NAME: 'main',
    CI_JOB_URL: 'https://gitlab.example.com/northwind/payments-api/-/jobs/9001',
    CI_PIPELINE_ID: '5150',
    HARDENING_ID_TOKEN: await ci.gitlabToken(backend.origin),
  });

  it('GitHub Actions: the CLI asks for a token for the backend, and the context it reads from the job matches the claims', async () => {
    const uploaded = await cli('gates-a.json', {
      GITHUB_ACTIONS: 'true',
      GITHUB_SHA: COMMIT,
      GITHUB_REF_NAME: 'main',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'northwind/payments-api',
      GITHUB_RUN_ID: '311',
      GITHUB_RUN_ATTEMPT: '2',
      ACTIONS_ID_TOKEN_REQUEST_URL: `${ci.origin}/github/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    });
    expect(uploaded).toMatchObject({ code: EXIT.OK, stderr: '' });
    expect(uploaded.stdout).toContain('(201 created)');
  });

  it('GitLab CI: the id_tokens variable is sent, and the job URL and pipeline id match the claims', async () => {
    const uploaded = await cli('gates-b.json', await gitlabJob());
    expect(uploaded).toMatchObject({ code: EXIT.OK, stderr: '' });

    const { items } = await backend.get('ci-gates');
    expect(items.map((r: { context: object }) => r.context)).toEqual([
      {
        commit: COMMIT,
        branch: 'main',
        runUrl: 'https://gitlab.example.com/northwind/payments-api/-/jobs/9001',
        runId: '5150',
        pipeline: '5150',
        tags: [],
      },
      {
        commit: COMMIT,
        branch: 'main',
        runUrl: 'https://github.com/northwind/payments-api/actions/runs/311',
        runId: '311',
        runAttempt: 2,
        tags: [],
      },
    ]);
  });

  it('exits 3 with the backend’s message when the job says another commit than its token', async () => {
    const refused = await cli('gates-a.json', {
      GITLAB_CI: 'true',
      CI_COMMIT_SHA: 'abcdef1234567',
      HARDENING_ID_TOKEN: await ci.gitlabToken(backend.origin),
    });
    expect(refused.code).toBe(EXIT.REJECTED);
    expect(refused.stderr).toContain(
      `The CI token says otherwise: commit is ${COMMIT} in the token, not abcdef1234567`,
    );
  });

  it('GitLab CI: a job continues its chain file from the stored chain with chain pull, after another job extended it', async () => {
    const gitlab = await gitlabJob();
    const append = (file: string, action: string) =>
      hardening(['chain', 'append', '--file', file, '--action', action], {});
    const upload = (file: string, env: Record<string, string> = gitlab) =>
      hardening(['upload', 'audit-chain', file], env);
    const pull = (env: Record<string, string> = gitlab) =>
      hardening(['chain', 'pull', '--file', 'release.jsonl'], env);

    await append('release.jsonl', 'build');
    await append('release.jsonl', 'canary');
    expect((await upload('release.jsonl')).stdout).toContain(
      '(201 created): 2 entries appended, chain length 2',
    );
    // Another job extends the stored chain from its own copy (the portal's freeze entry
    // gets there the same way): this job's file no longer ends at the stored head.
    await copyFile(
      `${checkout.root}/release.jsonl`,
      `${checkout.root}/other.jsonl`,
    );
    await append('other.jsonl', 'promote');
    expect(
      (await upload('other.jsonl', { HARDENING_TOKEN: backend.token })).code,
    ).toBe(EXIT.OK);

    const pulled = await pull();
    expect(pulled).toMatchObject({ code: EXIT.OK, stderr: '' });
    expect(pulled.stdout).toMatch(
      /^release\.jsonl: 3 entries of the stored chain of component:default\/payments-api \(the file had the first 2\), head seq 2 hash [0-9a-f]{64}\n$/,
    );
    await append('release.jsonl', 'verify');
    expect((await upload('release.jsonl')).stdout).toContain(
      '(201 created): 1 entries appended, chain length 4',
    );
    expect(await backend.get('audit-chain/verify')).toMatchObject({
      ok: true,
      length: 4,
    });

    // A step recorded but not uploaded yet is not overwritten.
    await append('release.jsonl', 'rollback');
    const kept = await pull();
    expect(kept.code).toBe(EXIT.CHECK_FAILED);
    expect(kept.stderr).toContain(
      "release.jsonl:5: the file goes on after the stored chain's 4 entries, so it is not a prefix of the stored chain",
    );

    // A token of another project reads no chain of this entity.
    const stranger = await pull({
      ...gitlab,
      HARDENING_ID_TOKEN: await ci.gitlabToken(
        backend.origin,
        'northwind/ledger-service',
      ),
    });
    expect(stranger.code).toBe(EXIT.REJECTED);
    expect(stranger.stderr).toContain(
      'the backend refused the request (403): NotAllowedError: A CI token of northwind/ledger-service may not upload to component:default/payments-api: the entity does not exist or its gitlab.com/project-slug annotation does not name northwind/ledger-service',
    );
  });
});
