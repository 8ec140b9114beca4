import { resolveCredentialSource } from './credentialSource';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvIn0.c2lnbmF0dXJl';
const AUDIENCE = 'https://portal.example.com';
const GITHUB_OIDC = {
  GITHUB_ACTIONS: 'true',
  ACTIONS_ID_TOKEN_REQUEST_URL:
    'https://pipelines.actions.example.com/idtoken?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
};

function resolve(
  env: Record<string, string>,
  options: { token?: string; idTokenEnv?: string } = {},
) {
  return resolveCredentialSource({ ...options, audience: AUDIENCE, env });
}

describe('resolveCredentialSource', () => {
  it('prefers a static token to any ID token', () => {
    expect(
      resolve(
        { ...GITHUB_OIDC, HARDENING_ID_TOKEN: JWT },
        { token: ' static ' },
      ),
    ).toEqual({ kind: 'static', token: 'static' });
  });

  it('asks GitHub Actions for a token with the audience added to its request URL', () => {
    const source = resolve(GITHUB_OIDC);
    expect(source).toEqual({
      kind: 'github-actions',
      requestUrl: new URL(
        'https://pipelines.actions.example.com/idtoken?api-version=2.0&audience=https%3A%2F%2Fportal.example.com',
      ),
      requestToken: 'request-token',
    });
  });

  it("reads a GitLab job's id_tokens variable, HARDENING_ID_TOKEN or the one named", () => {
    expect(resolve({ GITLAB_CI: 'true', HARDENING_ID_TOKEN: JWT })).toEqual({
      kind: 'id-token-variable',
      variable: 'HARDENING_ID_TOKEN',
      token: JWT,
    });
    expect(
      resolve(
        { GITLAB_CI: 'true', PORTAL_ID_TOKEN: JWT },
        { idTokenEnv: 'PORTAL_ID_TOKEN' },
      ),
    ).toEqual({
      kind: 'id-token-variable',
      variable: 'PORTAL_ID_TOKEN',
      token: JWT,
    });
  });

  it('says so when the named variable is unset, not a name, or holds no JWT', () => {
    expect(() =>
      resolve({ ...GITHUB_OIDC }, { idTokenEnv: 'PORTAL_ID_TOKEN' }),
    ).toThrow(
      'PORTAL_ID_TOKEN (named by --id-token-env / HARDENING_ID_TOKEN_ENV) is not set: ' +
        'on GitLab CI declare `id_tokens: { PORTAL_ID_TOKEN: { aud: "https://portal.example.com" } }` in the job',
    );
    expect(() => resolve({}, { idTokenEnv: 'not a name' })).toThrow(
      '--id-token-env "not a name" is not an environment variable name',
    );
    expect(() => resolve({ HARDENING_ID_TOKEN: 'static-secret' })).toThrow(
      'HARDENING_ID_TOKEN does not hold a JWT',
    );
  });

  it('without any credential, says both ways, first for the CI system it runs on', () => {
    const bothWays =
      "Use trusted publishing (the CI system's OIDC ID token, no secret to store): on GitHub Actions give the job `permissions: { id-token: write }`; " +
      'on GitLab CI declare `id_tokens: { HARDENING_ID_TOKEN: { aud: "https://portal.example.com" } }` in the job ' +
      '(or name another variable with --id-token-env / HARDENING_ID_TOKEN_ENV). Or pass a static token with --token or HARDENING_TOKEN.';
    expect(() => resolve({})).toThrow(
      `no credentials for the backend. ${bothWays}`,
    );
    expect(() => resolve({ GITHUB_ACTIONS: 'true' })).toThrow(
      'no credentials for the backend. this GitHub Actions job has no ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN: ' +
        'give it `permissions: { id-token: write }` (pull requests from forks never get one), or give it a static token. ',
    );
    expect(() => resolve({ GITLAB_CI: 'true' })).toThrow(
      'no credentials for the backend. this GitLab CI job has no HARDENING_ID_TOKEN: ' +
        'declare `id_tokens: { HARDENING_ID_TOKEN: { aud: "https://portal.example.com" } }` in the job, or give it a static token. ',
    );
    // Half of GitHub's pair is not enough.
    expect(() =>
      resolve({
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: GITHUB_OIDC.ACTIONS_ID_TOKEN_REQUEST_URL,
      }),
    ).toThrow('no credentials for the backend');
  });
});
