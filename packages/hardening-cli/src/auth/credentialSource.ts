import { CliError } from '../CliError';
import { CliIo } from '../cliIo';
import { RetryPolicy } from '../upload/retryPolicy';
import { COMPACT_JWT } from './compactJwt';
import { idTokenRequestUrl, requestGithubIdToken } from './githubIdToken';

/** The variable a GitLab job's `id_tokens` entry is read from when none is named. */
export const DEFAULT_ID_TOKEN_ENV = 'HARDENING_ID_TOKEN';

/** Where the bearer token of the uploads comes from. */
export type CredentialSource =
  /** `--token` / `HARDENING_TOKEN`, e.g. a static external access token. */
  | { kind: 'static'; token: string }
  /** An OIDC ID token the CI system put in a variable (GitLab CI `id_tokens`). */
  | { kind: 'id-token-variable'; variable: string; token: string }
  /** GitHub Actions' token endpoint, asked for a fresh ID token for `audience`. */
  | { kind: 'github-actions'; requestUrl: URL; requestToken: string };

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** Says how to give the CLI a credential, starting with the CI system it runs on. */
function noCredentialMessage(env: Env, variable: string, audience: string) {
  const github = `on GitHub Actions give the job \`permissions: { id-token: write }\``;
  const gitlab = `on GitLab CI declare \`id_tokens: { ${variable}: { aud: "${audience}" } }\` in the job`;
  let lead = '';
  if (value(env, 'GITHUB_ACTIONS') === 'true') {
    lead =
      'this GitHub Actions job has no ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN: give it `permissions: { id-token: write }` ' +
      '(pull requests from forks never get one), or give it a static token. ';
  } else if (value(env, 'GITLAB_CI') === 'true') {
    lead = `this GitLab CI job has no ${variable}: declare \`id_tokens: { ${variable}: { aud: "${audience}" } }\` in the job, or give it a static token. `;
  }
  return (
    `no credentials for the backend. ${lead}` +
    `Use trusted publishing (the CI system's OIDC ID token, no secret to store): ${github}; ${gitlab} ` +
    '(or name another variable with --id-token-env / HARDENING_ID_TOKEN_ENV). ' +
    'Or pass a static token with --token or HARDENING_TOKEN.'
  );
}

/**
 * Chooses the credential: a static token when one is given; else the OIDC ID token in the
 * variable `idTokenEnv` names (default {@link DEFAULT_ID_TOKEN_ENV}, as a GitLab job's
 * `id_tokens` sets it); else, on GitHub Actions with `id-token: write`, the token endpoint
 * (asked later, just before the upload). Throws a {@link CliError} saying both ways when
 * there is none.
 */
export function resolveCredentialSource(options: {
  token?: string;
  /** The variable named by `--id-token-env` / `HARDENING_ID_TOKEN_ENV`, if any. */
  idTokenEnv?: string;
  audience: string;
  env: Env;
}): CredentialSource {
  const { env, audience } = options;
  const token = options.token?.trim();
  if (token) return { kind: 'static', token };

  const named = options.idTokenEnv?.trim();
  const variable = named || DEFAULT_ID_TOKEN_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new CliError(
      `--id-token-env "${variable}" is not an environment variable name (e.g. ${DEFAULT_ID_TOKEN_ENV})`,
    );
  }
  const idToken = value(env, variable);
  if (idToken) {
    if (!COMPACT_JWT.test(idToken)) {
      throw new CliError(
        `${variable} does not hold a JWT (three base64url parts joined by dots): ` +
          'it should be the OIDC ID token the CI system issues (GitLab CI `id_tokens`); ' +
          'a static token goes in --token or HARDENING_TOKEN',
      );
    }
    return { kind: 'id-token-variable', variable, token: idToken };
  }
  if (named) {
    throw new CliError(
      `${variable} (named by --id-token-env / HARDENING_ID_TOKEN_ENV) is not set: ` +
        `on GitLab CI declare \`id_tokens: { ${variable}: { aud: "${audience}" } }\` in the job`,
    );
  }

  const requestUrl = value(env, 'ACTIONS_ID_TOKEN_REQUEST_URL');
  const requestToken = value(env, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN');
  if (requestUrl && requestToken) {
    return {
      kind: 'github-actions',
      requestUrl: idTokenRequestUrl(requestUrl, audience),
      requestToken,
    };
  }
  throw new CliError(noCredentialMessage(env, variable, audience));
}

/**
 * The bearer token to send: the static token or the ID token of the variable as they
 * are, or a fresh ID token from GitHub Actions, asked for now.
 */
export async function bearerToken(
  source: CredentialSource,
  options: { policy: RetryPolicy; userAgent: string },
  io: CliIo,
): Promise<string> {
  if (source.kind !== 'github-actions') return source.token;
  return requestGithubIdToken(
    {
      url: source.requestUrl,
      requestToken: source.requestToken,
      ...options,
    },
    io,
  );
}
