import { memoryIo } from '../__testUtils__/memoryIo';
import { useUploadScene } from '../__testUtils__/uploadScene';
import { json, Responder } from '../__testUtils__/recordingServer';
import { EXIT } from '../CliError';
import { run } from '../program';
import { resolveUploadSettings } from './connectionOptions';

const JUNIT = '<testsuite name="api"><testcase name="ok"/></testsuite>';
const STORED = { created: true, report: { id: 'r1' } };
const JWT_1 = 'eyJhbGciOiJSUzI1NiJ9.eyJydW5faWQiOiIxIn0.c2lnLTE';
const JWT_2 = 'eyJhbGciOiJSUzI1NiJ9.eyJydW5faWQiOiIyIn0.c2lnLTI';

/** Answers with a redirect to `location`. */
function redirect(status: number, location: string): Responder {
  return (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };
}

describe('hardening upload: credentials and transport', () => {
  const scene = useUploadScene({ 'junit.xml': JUNIT });
  const server = scene.server;

  async function upload(
    backendUrl: string,
    env: Record<string, string>,
    extra: string[] = [],
  ) {
    const io = memoryIo({ cwd: scene.dir, env });
    const code = await run(
      [
        'upload',
        'test-report',
        'junit.xml',
        '--entity',
        'payments-api',
        '--backend-url',
        backendUrl,
        '--retries',
        '1',
        ...extra,
      ],
      io.io,
    );
    return {
      code,
      stdout: io.stdout(),
      stderr: io.stderr(),
      sleeps: io.sleeps,
    };
  }

  /** A fake GitHub Actions token endpoint and the variables a job with `id-token: write` has. */
  async function githubTokenEndpoint(...responders: Responder[]) {
    const endpoint = await server(responders);
    return {
      endpoint,
      env: {
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: `${endpoint.url}/_apis/distributedtask/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
      },
    };
  }

  describe('trusted publishing', () => {
    it('on GitHub Actions, asks the token endpoint for a fresh ID token for the backend origin on every run and sends it', async () => {
      const backend = await server([json(201, STORED)]);
      const github = await githubTokenEndpoint(
        json(200, { count: 1, value: JWT_1 }),
        json(200, { count: 1, value: JWT_2 }),
      );

      expect((await upload(backend.url, github.env)).code).toBe(EXIT.OK);
      expect((await upload(backend.url, github.env)).code).toBe(EXIT.OK);

      expect(github.endpoint.requests).toHaveLength(2);
      const [asked] = github.endpoint.requests;
      expect(asked.method).toBe('GET');
      expect(asked.url.pathname).toBe('/_apis/distributedtask/idtoken');
      expect(Object.fromEntries(asked.url.searchParams)).toEqual({
        'api-version': '2.0',
        audience: backend.url,
      });
      expect(asked.headers.authorization).toBe('bearer request-token');
      expect(backend.requests.map(r => r.headers.authorization)).toEqual([
        `Bearer ${JWT_1}`,
        `Bearer ${JWT_2}`,
      ]);
    });

    it('asks for the audience given by --audience or HARDENING_OIDC_AUDIENCE', async () => {
      const backend = await server([json(201, STORED)]);
      const github = await githubTokenEndpoint(json(200, { value: JWT_1 }));

      await upload(backend.url, {
        ...github.env,
        HARDENING_OIDC_AUDIENCE: 'hardening-from-env',
      });
      await upload(
        backend.url,
        { ...github.env, HARDENING_OIDC_AUDIENCE: 'hardening-from-env' },
        ['--audience', 'https://portal.example.com'],
      );

      expect(
        github.endpoint.requests.map(r => r.url.searchParams.get('audience')),
      ).toEqual(['hardening-from-env', 'https://portal.example.com']);
    });

    it("on GitLab CI, sends the ID token of the job's id_tokens variable", async () => {
      const backend = await server([json(201, STORED)]);

      const standard = await upload(backend.url, {
        GITLAB_CI: 'true',
        HARDENING_ID_TOKEN: JWT_1,
      });
      const named = await upload(
        backend.url,
        { GITLAB_CI: 'true', PORTAL_ID_TOKEN: JWT_2 },
        ['--id-token-env', 'PORTAL_ID_TOKEN'],
      );
      const namedByEnv = await upload(backend.url, {
        GITLAB_CI: 'true',
        HARDENING_ID_TOKEN_ENV: 'PORTAL_ID_TOKEN',
        PORTAL_ID_TOKEN: JWT_2,
      });

      expect([standard.code, named.code, namedByEnv.code]).toEqual([
        EXIT.OK,
        EXIT.OK,
        EXIT.OK,
      ]);
      expect(backend.requests.map(r => r.headers.authorization)).toEqual([
        `Bearer ${JWT_1}`,
        `Bearer ${JWT_2}`,
        `Bearer ${JWT_2}`,
      ]);
    });

    it('sends a static token when one is given, without asking for an ID token', async () => {
      const backend = await server([json(201, STORED)]);
      const github = await githubTokenEndpoint(json(200, { value: JWT_1 }));

      const result = await upload(backend.url, {
        ...github.env,
        HARDENING_TOKEN: 'static-token',
      });

      expect(result.code).toBe(EXIT.OK);
      expect(github.endpoint.requests).toHaveLength(0);
      expect(backend.requests[0].headers.authorization).toBe(
        'Bearer static-token',
      );
    });

    it('with no token anywhere, exits 2 saying both ways and sends nothing', async () => {
      const backend = await server([json(201, STORED)]);

      const result = await upload(backend.url, { GITHUB_ACTIONS: 'true' });

      expect(result.code).toBe(EXIT.USAGE);
      expect(backend.requests).toHaveLength(0);
      expect(result.stderr).toContain(
        'hardening: no credentials for the backend. this GitHub Actions job has no ACTIONS_ID_TOKEN_REQUEST_URL',
      );
      expect(result.stderr).toContain('`permissions: { id-token: write }`');
      expect(result.stderr).toContain(
        `\`id_tokens: { HARDENING_ID_TOKEN: { aud: "${backend.url}" } }\``,
      );
      expect(result.stderr).toContain(
        'Or pass a static token with --token or HARDENING_TOKEN.',
      );
    });

    it('retries the token endpoint after a 5xx and reports its refusals, oversized and empty answers', async () => {
      const backend = await server([json(201, STORED)]);
      const flaky = await githubTokenEndpoint(
        json(503, { message: 'busy' }),
        json(200, { value: JWT_1 }),
      );
      const retried = await upload(backend.url, flaky.env);
      expect(retried.code).toBe(EXIT.OK);
      expect(retried.stderr).toContain(
        'the GitHub Actions ID token endpoint answered 503',
      );
      expect(backend.requests).toHaveLength(1);

      const refusing = await githubTokenEndpoint(
        json(401, { message: 'Bad credentials' }),
      );
      const refused = await upload(backend.url, refusing.env);
      expect(refused.code).toBe(EXIT.REJECTED);
      expect(refused.stderr).toBe(
        'hardening: the GitHub Actions ID token endpoint refused the request (401): {"message":"Bad credentials"}\n',
      );

      const huge = await githubTokenEndpoint((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"value":"${'a'.repeat(200 * 1024)}"}`);
      });
      const oversized = await upload(backend.url, huge.env);
      expect(oversized.code).toBe(EXIT.UNAVAILABLE);
      expect(oversized.stderr).toContain('answered with more than 64 KiB');

      const empty = await githubTokenEndpoint(json(200, { value: '' }));
      const noToken = await upload(backend.url, empty.env);
      expect(noToken.code).toBe(EXIT.UNAVAILABLE);
      expect(noToken.stderr).toContain(
        'answered 200 without an ID token ({"value": "<jwt>"} expected)',
      );
      expect(backend.requests).toHaveLength(1);
    });
  });

  describe('redirects', () => {
    it('refuses any 3xx from the backend without following it, and says what to change', async () => {
      const elsewhere = await server([json(201, STORED)]);
      const backend = await server([
        redirect(301, 'https://127.0.0.1/api/hardening/x'),
        redirect(302, `${elsewhere.url}/login?state=secret-state`),
        redirect(307, '/somewhere-else'),
        (_req, res) => {
          res.writeHead(308);
          res.end();
        },
      ]);
      const env = { HARDENING_TOKEN: 'static-token' };

      const toHttps = await upload(backend.url, env);
      const toLogin = await upload(backend.url, env);
      const samePlace = await upload(backend.url, env);
      const noLocation = await upload(backend.url, env);

      for (const result of [toHttps, toLogin, samePlace, noLocation]) {
        expect(result.code).toBe(EXIT.REJECTED);
      }
      expect(toHttps.stderr).toBe(
        'hardening: the backend answered 301 redirecting to https://127.0.0.1/api/hardening/x; ' +
          'redirects are not followed (the token would go along): the server wants https: pass --backend-url https://127.0.0.1\n',
      );
      expect(toLogin.stderr).toBe(
        `hardening: the backend answered 302 redirecting to ${elsewhere.url}/login; ` +
          `redirects are not followed (the token would go along): it points at another server (${elsewhere.url}), ` +
          "a login proxy or the frontend's address perhaps: pass the Backstage backend's own URL as --backend-url, one that CI reaches without a login\n",
      );
      expect(samePlace.stderr).toContain(
        '307 redirecting to ' +
          `${backend.url}/somewhere-else; redirects are not followed (the token would go along): ` +
          "--backend-url should be the Backstage backend's base URL",
      );
      expect(noLocation.stderr).toContain('308 redirecting without a Location');
      expect(backend.requests).toHaveLength(4);
      expect(elsewhere.requests).toHaveLength(0);
    });

    it('refuses a redirect from the GitHub token endpoint', async () => {
      const backend = await server([json(201, STORED)]);
      const github = await githubTokenEndpoint(
        redirect(302, 'https://token.example.com/'),
      );

      const result = await upload(backend.url, github.env);

      expect(result.code).toBe(EXIT.REJECTED);
      expect(result.stderr).toBe(
        'hardening: the GitHub Actions ID token endpoint answered 302 redirecting to https://token.example.com/; redirects are not followed (the token would go along)\n',
      );
      expect(backend.requests).toHaveLength(0);
    });
  });

  describe('plain http', () => {
    it('refuses to send any token over http:// to another machine before connecting', async () => {
      const github = await githubTokenEndpoint(json(200, { value: JWT_1 }));
      for (const env of [
        { HARDENING_TOKEN: 'static-token' } as Record<string, string>,
        { HARDENING_ID_TOKEN: JWT_1 },
        github.env,
      ]) {
        const result = await upload('http://portal.example.com:7007', env);
        expect(result.code).toBe(EXIT.USAGE);
        expect(result.stderr).toBe(
          'hardening: refusing to send the token over plain http:// to portal.example.com:7007, where anyone on the way can read it: ' +
            'make --backend-url an https:// URL, or pass --allow-insecure if the network is trusted (localhost, 127.0.0.0/8 and ::1 are always allowed)\n',
        );
      }
      expect(github.endpoint.requests).toHaveLength(0);
    });

    it('sends it with --allow-insecure', () => {
      const flags = {
        entity: 'payments-api',
        backendUrl: 'http://portal.example.com:7007',
        retries: 0,
        timeout: 5,
      };
      const { io } = memoryIo({ env: { HARDENING_TOKEN: 'static-token' } });

      expect(() => resolveUploadSettings(flags, io)).toThrow('refusing');
      const settings = resolveUploadSettings(
        { ...flags, allowInsecure: true },
        io,
      );
      expect(settings.target.entityUrl.toString()).toBe(
        'http://portal.example.com:7007/api/hardening/entities/component/default/payments-api',
      );
      expect(settings.credential).toEqual({
        kind: 'static',
        token: 'static-token',
      });
    });

    it('refuses to send the GitHub request token over http:// to another machine', async () => {
      const backend = await server([json(201, STORED)]);
      const result = await upload(backend.url, {
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL:
          'http://pipelines.example.com/idtoken?api-version=2.0',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
      });

      expect(result.code).toBe(EXIT.USAGE);
      expect(result.stderr).toContain(
        'refusing to send the ID token request token over plain http:// to pipelines.example.com',
      );
      expect(backend.requests).toHaveLength(0);
    });
  });
});
