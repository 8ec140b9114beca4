import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { memoryIo } from '../__testUtils__/memoryIo';
import { useUploadScene } from '../__testUtils__/uploadScene';
import { hangUp, json } from '../__testUtils__/recordingServer';
import { EXIT } from '../CliError';
import { run } from '../program';

const JUNIT =
  '<?xml version="1.0"?><testsuite name="api"><testcase name="ok"/></testsuite>';
const STORED = {
  created: true,
  report: {
    id: '5b2f8a5e-8d47-4f55-b5e4-1f4ad2a5b0e1',
    kind: 'test-report',
    summary: {
      format: 'junit',
      totals: {
        tests: 1,
        passed: 1,
        failed: 0,
        errors: 0,
        skipped: 0,
        flaky: 0,
      },
    },
  },
};

const TOKEN_ENV = { HARDENING_TOKEN: 'ci-token' };
const GITHUB_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  GITHUB_REF_NAME: 'main',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'northwind/payments-api',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_WORKFLOW: 'ci',
};

describe('hardening upload', () => {
  const scene = useUploadScene({ 'junit.xml': JUNIT });
  const server = scene.server;

  function upload(
    url: string,
    extra: string[] = [],
    env: Record<string, string> = {},
  ) {
    const io = memoryIo({
      cwd: scene.dir,
      env: { ...TOKEN_ENV, ...env },
    });
    return {
      ...io,
      done: run(
        [
          'upload',
          'test-report',
          'junit.xml',
          '--entity',
          'component:default/payments-api',
          '--backend-url',
          url,
          ...extra,
        ],
        io.io,
      ),
    };
  }

  it('sends the file with its content type, the token and the CI context of the run', async () => {
    const backend = await server([json(201, STORED)]);
    const cli = upload(
      backend.url,
      ['--tag', 'e2e:happy', '--tag', 'smoke'],
      GITHUB_ENV,
    );

    expect(await cli.done).toBe(EXIT.OK);
    expect(backend.requests).toHaveLength(1);
    const [request] = backend.requests;
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe(
      '/api/hardening/entities/component/default/payments-api/test-reports',
    );
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      commit: GITHUB_ENV.GITHUB_SHA,
      branch: 'main',
      runUrl: 'https://github.com/northwind/payments-api/actions/runs/4242',
      pipeline: 'ci',
      runId: '4242',
      runAttempt: '2',
      tags: 'e2e:happy,smoke',
    });
    expect(request.headers['content-type']).toBe('application/xml');
    expect(request.headers.authorization).toBe('Bearer ci-token');
    expect(request.headers['content-length']).toBe(String(JUNIT.length));
    expect(request.body.toString()).toBe(JUNIT);
    expect(cli.stdout()).toBe(
      `stored test-report ${STORED.report.id} for component:default/payments-api (201 created): 1 tests, 0 failed, 0 flaky\n`,
    );
  });

  it('lets flags override the CI variables and prints the answer as JSON on request', async () => {
    const backend = await server([json(200, { ...STORED, created: false })]);
    const cli = upload(
      `${backend.url}/`,
      ['--commit', 'abcdef1', '--branch', 'release/1.4', '--json'],
      GITHUB_ENV,
    );

    expect(await cli.done).toBe(EXIT.OK);
    const query = backend.requests[0].url.searchParams;
    expect(query.get('commit')).toBe('abcdef1');
    expect(query.get('branch')).toBe('release/1.4');
    expect(JSON.parse(cli.stdout())).toEqual({ ...STORED, created: false });
  });

  it('takes the run from --run-*, then HARDENING_RUN_*, then the CI system, normalising the run time to UTC', async () => {
    const backend = await server([json(201, STORED)]);
    const fromEnv = upload(backend.url, [], {
      ...GITHUB_ENV,
      HARDENING_RUN_ID: 'nightly:2026-11-20',
      HARDENING_RUN_ATTEMPT: '3',
      HARDENING_RUN_AT: '2026-11-20T11:58:12+02:00',
    });
    expect(await fromEnv.done).toBe(EXIT.OK);
    const fromFlags = upload(
      backend.url,
      [
        '--run-id',
        'r-7',
        '--run-attempt',
        '4',
        '--run-at',
        '2026-11-21T08:00:00Z',
      ],
      {
        ...GITHUB_ENV,
        HARDENING_RUN_ID: 'ignored',
        HARDENING_RUN_ATTEMPT: '3',
      },
    );
    expect(await fromFlags.done).toBe(EXIT.OK);

    const runOf = (i: number) => {
      const query = backend.requests[i].url.searchParams;
      return [query.get('runId'), query.get('runAttempt'), query.get('runAt')];
    };
    expect(runOf(0)).toEqual([
      'nightly:2026-11-20',
      '3',
      '2026-11-20T09:58:12.000Z',
    ]);
    expect(runOf(1)).toEqual(['r-7', '4', '2026-11-21T08:00:00.000Z']);
  });

  it('refuses a bad run id, attempt or time before sending anything', async () => {
    const backend = await server([json(201, STORED)]);
    const badId = upload(backend.url, ['--run-id', 'run 7']);
    const badTime = upload(backend.url, ['--run-at', '2026-11-20 10:00']);
    const badAttempt = upload(backend.url, [], {
      ...GITHUB_ENV,
      GITHUB_RUN_ATTEMPT: 'two',
    });
    const zeroAttempt = upload(backend.url, ['--run-attempt', '0']);

    expect(await badId.done).toBe(EXIT.USAGE);
    expect(badId.stderr()).toContain(
      'invalid CI context: runId: runId is letters, digits and . _ : - (e.g. the GitHub run id)',
    );
    expect(await badTime.done).toBe(EXIT.USAGE);
    expect(badTime.stderr()).toContain(
      'invalid CI context: runAt: Invalid ISO datetime (expected ISO 8601 with a time zone, e.g. 2026-11-20T09:58:12Z)',
    );
    expect(await badAttempt.done).toBe(EXIT.USAGE);
    expect(badAttempt.stderr()).toContain(
      'invalid CI context (read from GitHub Actions): runAttempt: Invalid input: expected number, received string (expected a whole number from 1)',
    );
    expect(await zeroAttempt.done).toBe(EXIT.USAGE);
    expect(zeroAttempt.stderr()).toContain(
      "option '--run-attempt <n>' argument '0' is invalid. expected 1 to 10000, got 0",
    );
    expect(backend.requests).toHaveLength(0);
  });

  it('retries a 503 after the time Retry-After asks for', async () => {
    const backend = await server([
      json(
        503,
        { error: { name: 'ServiceUnavailableError', message: 'starting' } },
        { 'retry-after': '7' },
      ),
      json(201, STORED),
    ]);
    const cli = upload(backend.url);

    expect(await cli.done).toBe(EXIT.OK);
    expect(backend.requests).toHaveLength(2);
    expect(backend.requests[1].body.toString()).toBe(JUNIT);
    expect(cli.sleeps).toEqual([7000]);
    expect(cli.stderr()).toContain(
      'the backend answered 503 (ServiceUnavailableError: starting); retrying in 7.0 s as Retry-After asks (attempt 2 of 5)',
    );
  });

  it('backs off exponentially on 5xx and gives up after the last retry with exit code 4', async () => {
    const backend = await server([
      json(500, { error: { name: 'Error', message: 'database is down' } }),
    ]);
    const cli = upload(backend.url, ['--retries', '3']);

    expect(await cli.done).toBe(EXIT.UNAVAILABLE);
    expect(backend.requests).toHaveLength(4);
    // 1 s, 2 s, 4 s, each scaled by the jitter factor (0.5 with random() = 0).
    expect(cli.sleeps).toEqual([500, 1000, 2000]);
    expect(cli.stderr()).toContain(
      'hardening: the backend answered 500 4 time(s), giving up: database is down',
    );
  });

  it('gives up at once when Retry-After asks for longer than it waits', async () => {
    const backend = await server([
      json(
        503,
        { error: { message: 'maintenance' } },
        { 'retry-after': '3600' },
      ),
    ]);
    const cli = upload(backend.url);

    expect(await cli.done).toBe(EXIT.UNAVAILABLE);
    expect(backend.requests).toHaveLength(1);
    expect(cli.stderr()).toContain('asks to retry after 3600 s');
  });

  it('retries a dropped connection', async () => {
    const backend = await server([hangUp, json(201, STORED)]);
    const cli = upload(backend.url);

    expect(await cli.done).toBe(EXIT.OK);
    expect(backend.requests).toHaveLength(2);
    expect(cli.sleeps).toEqual([500]);
    expect(cli.stderr()).toMatch(/ECONNRESET|socket hang up/);
  });

  it('exits 4 when the backend cannot be reached', async () => {
    const closed = await new Promise<number>(resolve => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const cli = upload(`http://127.0.0.1:${closed}`, ['--retries', '1']);

    expect(await cli.done).toBe(EXIT.UNAVAILABLE);
    expect(cli.sleeps).toEqual([500]);
    expect(cli.stderr()).toContain(
      'failed after 2 attempt(s): connect ECONNREFUSED',
    );
  });

  it("does not retry a 4xx and exits 3 with the server's message", async () => {
    const backend = await server([
      json(400, {
        error: {
          name: 'InputError',
          message: 'Invalid JUnit XML at line 1, column 9: unclosed tag',
        },
      }),
    ]);
    const cli = upload(backend.url);

    expect(await cli.done).toBe(EXIT.REJECTED);
    expect(backend.requests).toHaveLength(1);
    expect(cli.sleeps).toEqual([]);
    expect(cli.stderr()).toBe(
      'hardening: the backend refused the request (400): InputError: Invalid JUnit XML at line 1, column 9: unclosed tag\n',
    );
  });

  it('reports a refusal sent before the body was read (413) instead of the broken write', async () => {
    await writeFile(
      join(scene.dir, 'junit.xml'),
      Buffer.alloc(8 * 1024 * 1024, 0x20),
    );
    const backend = await server(
      [
        json(413, {
          error: {
            name: 'PayloadTooLargeError',
            message: 'Upload exceeds the limit of 1024 bytes',
          },
        }),
      ],
      { early: true },
    );
    const cli = upload(backend.url);

    expect(await cli.done).toBe(EXIT.REJECTED);
    expect(backend.requests).toHaveLength(1);
    expect(cli.stderr()).toContain(
      '(413): PayloadTooLargeError: Upload exceeds the limit of 1024 bytes',
    );
  });

  it('shows progress on stderr with --progress', async () => {
    await writeFile(
      join(scene.dir, 'junit.xml'),
      Buffer.alloc(3 * 1024 * 1024, 0x20),
    );
    const backend = await server([json(201, STORED)]);
    const cli = upload(backend.url, ['--progress']);

    expect(await cli.done).toBe(EXIT.OK);
    expect(cli.stderr()).toContain('junit.xml: 100% (3.0 of 3.0 MiB)\n');
  });

  it('shows no progress for small files unless asked', async () => {
    const backend = await server([json(201, STORED)]);
    const cli = upload(backend.url);

    expect(await cli.done).toBe(EXIT.OK);
    expect(cli.stderr()).toBe('');
  });

  it('refuses a bad tag before sending anything', async () => {
    const backend = await server([json(201, STORED)]);
    const cli = upload(backend.url, ['--tag', 'E2E Happy']);

    expect(await cli.done).toBe(EXIT.USAGE);
    expect(backend.requests).toHaveLength(0);
    expect(cli.stderr()).toContain(
      'invalid CI context: tags.0: tags are lower-case words',
    );
  });

  it('sends k6 parameters of a stress run and refuses them for other kinds', async () => {
    await writeFile(join(scene.dir, 'k6.json'), '{"metrics":{}}');
    const backend = await server([
      json(201, { created: true, report: { id: 'r' } }),
    ]);
    const io = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });
    const base = ['--entity', 'payments-api', '--backend-url', backend.url];

    expect(
      await run(
        [
          'upload',
          'stress-run',
          'k6.json',
          '--format',
          'k6',
          '--scenario',
          'share-pack',
          '--p95-ms',
          '400',
          ...base,
        ],
        io.io,
      ),
    ).toBe(EXIT.OK);
    expect(Object.fromEntries(backend.requests[0].url.searchParams)).toEqual({
      format: 'k6',
      scenario: 'share-pack',
      p95Ms: '400',
    });

    const other = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });
    expect(
      await run(
        ['upload', 'test-report', 'junit.xml', '--scenario', 'x', ...base],
        other.io,
      ),
    ).toBe(EXIT.USAGE);
    expect(other.stderr()).toContain(
      '--scenario do not apply to test-report uploads',
    );
  });

  it('puts a contract as YAML without CI context', async () => {
    await writeFile(join(scene.dir, 'contract.yml'), 'gates: []\n');
    const backend = await server([
      json(201, {
        created: true,
        contract: { digest: 'ab'.repeat(32), gateCount: 3 },
      }),
    ]);
    const io = memoryIo({
      cwd: scene.dir,
      env: { ...TOKEN_ENV, ...GITHUB_ENV },
    });

    expect(
      await run(
        [
          'upload',
          'contract',
          'contract.yml',
          '--entity',
          'payments-api',
          '--backend-url',
          backend.url,
        ],
        io.io,
      ),
    ).toBe(EXIT.OK);
    const [request] = backend.requests;
    expect(request.method).toBe('PUT');
    expect(request.url.pathname).toBe(
      '/api/hardening/entities/component/default/payments-api/contract',
    );
    expect(request.url.search).toBe('');
    expect(request.headers['content-type']).toBe('application/yaml');
    expect(io.stdout()).toContain(
      'stored contract abababababab… for component:default/payments-api (201 created): 3 gates',
    );
  });

  it('puts a runbook as Markdown under the id of its file name, or --id', async () => {
    await writeFile(join(scene.dir, 'Triage.md'), '# Triage\n');
    const backend = await server([
      json(201, {
        created: true,
        changed: true,
        runbook: { id: 'triage', title: 'Triage' },
      }),
      json(200, {
        created: false,
        changed: false,
        runbook: { id: 'on-call', title: 'Triage' },
      }),
    ]);
    const base = ['--entity', 'payments-api', '--backend-url', backend.url];
    const first = memoryIo({
      cwd: scene.dir,
      env: { ...TOKEN_ENV, ...GITHUB_ENV },
    });
    expect(
      await run(['upload', 'runbook', 'Triage.md', ...base], first.io),
    ).toBe(EXIT.OK);
    const second = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });
    expect(
      await run(
        ['upload', 'runbook', 'Triage.md', '--id', 'on-call', ...base],
        second.io,
      ),
    ).toBe(EXIT.OK);

    expect(
      backend.requests.map(r => [
        r.method,
        r.url.pathname,
        r.url.search,
        r.headers['content-type'],
      ]),
    ).toEqual([
      [
        'PUT',
        '/api/hardening/entities/component/default/payments-api/runbooks/triage',
        '',
        'text/markdown',
      ],
      [
        'PUT',
        '/api/hardening/entities/component/default/payments-api/runbooks/on-call',
        '',
        'text/markdown',
      ],
    ]);
    expect(first.stdout()).toBe(
      'stored runbook triage for component:default/payments-api (201 created): Triage\n',
    );
    expect(second.stdout()).toContain('(200 unchanged)');

    const bad = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });
    expect(
      await run(
        ['upload', 'runbook', 'Triage.md', '--id', '../x', ...base],
        bad.io,
      ),
    ).toBe(EXIT.USAGE);
    expect(bad.stderr()).toContain('runbook id "../x" is not valid');
    const misplaced = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });
    expect(
      await run(
        ['upload', 'test-report', 'junit.xml', '--id', 'x', ...base],
        misplaced.io,
      ),
    ).toBe(EXIT.USAGE);
    expect(misplaced.stderr()).toContain(
      '--id does not apply to test-report uploads',
    );
  });

  it('sends SARIF as application/sarif+json', async () => {
    await writeFile(
      join(scene.dir, 'gates.sarif'),
      '{"version":"2.1.0","runs":[]}',
    );
    const backend = await server([
      json(201, { created: true, report: { id: 'r' } }),
    ]);
    const io = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });

    expect(
      await run(
        [
          'upload',
          'contract-results',
          'gates.sarif',
          '--entity',
          'payments-api',
          '--backend-url',
          backend.url,
        ],
        io.io,
      ),
    ).toBe(EXIT.OK);
    expect(backend.requests[0].headers['content-type']).toBe(
      'application/sarif+json',
    );
  });

  it('exits 2 for an unknown kind or a missing file', async () => {
    const unknown = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });
    expect(
      await run(
        [
          'upload',
          'runbooks',
          'x.md',
          '--entity',
          'a',
          '--backend-url',
          'http://localhost',
        ],
        unknown.io,
      ),
    ).toBe(EXIT.USAGE);
    expect(unknown.stderr()).toContain(
      'unknown evidence kind "runbooks"; one of: test-report, ci-gates',
    );

    const missing = memoryIo({ cwd: scene.dir, env: TOKEN_ENV });
    expect(
      await run(
        [
          'upload',
          'test-report',
          'nope.xml',
          '--entity',
          'a',
          '--backend-url',
          'http://localhost',
        ],
        missing.io,
      ),
    ).toBe(EXIT.USAGE);
    expect(missing.stderr()).toBe('hardening: cannot read nope.xml: ENOENT\n');
  });
});
