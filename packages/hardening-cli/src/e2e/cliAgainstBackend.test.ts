import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  createCheckout,
  SERVICE_CONTRACT,
  SERVICE_FILES,
} from '../__testUtils__/checkoutFixture';
import { memoryIo } from '../__testUtils__/memoryIo';
import { EXIT } from '../CliError';
import { run } from '../program';
import { startHardeningBackend } from '../__testUtils__/startHardeningBackend';

const COMMIT = '9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6';
const GITHUB_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: COMMIT,
  GITHUB_REF_NAME: 'main',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'northwind/payments-api',
  GITHUB_RUN_ID: '311',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_WORKFLOW: 'ci',
};
const GITLAB_ENV = {
  GITLAB_CI: 'true',
  CI_COMMIT_SHA: COMMIT,
  CI_COMMIT_REF_NAME: 'main',
  CI_JOB_URL: 'https://gitlab.example.com/northwind/payments-api/-/jobs/9001',
  CI_PIPELINE_ID: '5150',
  CI_PIPELINE_CREATED_AT: '2026-11-20T10:58:12+01:00',
};

const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="checkout e2e" tests="2">
    <testcase classname="checkout" name="pays an invoice" time="1.2"/>
    <testcase classname="checkout" name="refuses another tenant's invoice" time="0.4"/>
  </testsuite>
</testsuites>
`;

const OTHER_EVIDENCE: Record<string, [string, unknown]> = {
  'ci-gates': [
    'gates.json',
    {
      gates: [
        { name: 'lint', status: 'passed' },
        { name: 'build', status: 'passed' },
      ],
    },
  ],
  'stress-run': [
    'stress.json',
    {
      scenario: 'share-pack',
      startedAt: '2026-11-20T09:00:00Z',
      finishedAt: '2026-11-20T09:05:00Z',
      phases: [
        {
          name: 'create share packs',
          kind: 'happy',
          requests: 200,
          failures: 0,
          latencyMs: { p50: 40, p95: 120, max: 240 },
        },
        {
          name: 'open share packs',
          kind: 'read',
          requests: 400,
          failures: 1,
          latencyMs: { p95: 90 },
        },
        {
          name: 'forged and cross-tenant tokens',
          kind: 'negative',
          requests: 100,
          failures: 0,
          statusCounts: { '401': 60, '403': 40 },
        },
      ],
      thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
    },
  ],
  validation: [
    'validation.json',
    {
      environment: 'production',
      release: '1.4.0',
      checkedAt: '2026-11-20T11:00:00Z',
      metrics: [
        'tenant-isolation',
        'rbac',
        'feature-flags',
        'immutable-audit',
        'determinism',
        'rollback',
      ].map(id => ({ id, status: 'pass' })),
    },
  ],
  triage: [
    'triage.json',
    {
      failures: [
        {
          scenarioId: 'BID-001',
          invariantId: 'TENANT-001',
          title: 'cross-tenant read',
        },
      ],
    },
  ],
  'git-tags': [
    'tags.json',
    { tags: [{ name: 'milestone/m1-hardened', commit: COMMIT }] },
  ],
};

describe('the CLI against a running backend', () => {
  let backend: Awaited<ReturnType<typeof startHardeningBackend>>;
  let checkout: Awaited<ReturnType<typeof createCheckout>>;

  beforeAll(async () => {
    backend = await startHardeningBackend();
    checkout = await createCheckout({
      ...SERVICE_FILES,
      'docs/delivery-contract.yml': SERVICE_CONTRACT,
      'reports/junit.xml': JUNIT,
      'reports/broken.xml': '<testsuite><testcase name="a"></testsuite>\n',
    });
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    await checkout?.remove();
  });

  async function cli(args: string[], env: Record<string, string> = {}) {
    const io = memoryIo({
      cwd: checkout.root,
      env: {
        HARDENING_BACKEND_URL: backend.origin,
        HARDENING_TOKEN: backend.token,
        HARDENING_ENTITY: 'component:default/payments-api',
        ...env,
      },
    });
    const code = await run(args, io.io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  it('uploads a JUnit report with the CI context, and the same file again', async () => {
    const upload = [
      'upload',
      'test-report',
      'reports/junit.xml',
      '--tag',
      'e2e:happy,e2e:security',
    ];
    const first = await cli(upload, GITHUB_ENV);
    expect(first).toMatchObject({ code: EXIT.OK, stderr: '' });
    expect(first.stdout).toMatch(
      /^stored test-report [0-9a-f-]{36} for component:default\/payments-api \(201 created\): 2 tests, 0 failed, 0 flaky\n$/,
    );

    const again = await cli(upload, GITHUB_ENV);
    expect(again.stdout).toContain('(200 already stored)');

    const { items } = await backend.get('test-reports');
    expect(items).toHaveLength(1);
    expect(items[0].context).toEqual({
      commit: COMMIT,
      branch: 'main',
      runUrl: 'https://github.com/northwind/payments-api/actions/runs/311',
      pipeline: 'ci',
      runId: '311',
      runAttempt: 2,
      tags: ['e2e:happy', 'e2e:security'],
    });
    expect(items[0].summary.totals).toMatchObject({ tests: 2, passed: 2 });
  });

  it('records the pipeline of a GitLab job as the run, started when the pipeline was created', async () => {
    await writeFile(
      join(checkout.root, 'reports/gitlab.xml'),
      '<testsuite name="gitlab"><testcase classname="api" name="lists orders"/></testsuite>\n',
    );
    const uploaded = await cli(
      ['upload', 'test-report', 'reports/gitlab.xml'],
      GITLAB_ENV,
    );
    expect(uploaded).toMatchObject({ code: EXIT.OK, stderr: '' });

    const { items } = await backend.get('test-reports');
    expect(items.find((r: any) => r.context.runId === '5150')?.context).toEqual(
      {
        commit: COMMIT,
        branch: 'main',
        runUrl: 'https://gitlab.example.com/northwind/payments-api/-/jobs/9001',
        pipeline: '5150',
        runId: '5150',
        runAt: '2026-11-20T09:58:12.000Z',
        tags: [],
      },
    );
  });

  it('stores the contract, then the SARIF and native results of contract check judged against it', async () => {
    const put = await cli(['upload', 'contract', 'docs/delivery-contract.yml']);
    expect(put.code).toBe(EXIT.OK);
    const stored = await backend.get('contract');

    const check = [
      'contract',
      'check',
      'docs/delivery-contract.yml',
      '--sarif',
      'out/contract.sarif',
      '--json',
      'out/contract.json',
    ];
    // out/ does not exist yet: the command says so.
    expect((await cli(check, GITHUB_ENV)).code).toBe(EXIT.USAGE);
    await mkdir(join(checkout.root, 'out'));
    const checked = await cli([...check, '--upload'], GITHUB_ENV);
    expect(checked.code).toBe(EXIT.CHECK_FAILED);
    expect(checked.stdout).toContain(`digest ${stored.digest.slice(0, 12)}…`);
    expect(checked.stdout).toContain('stored contract-results');

    const sarif = await cli(
      ['upload', 'contract-results', 'out/contract.sarif'],
      GITHUB_ENV,
    );
    expect(sarif.code).toBe(EXIT.OK);

    const { items } = await backend.get('contract-results');
    expect(items.map((r: any) => r.summary.format)).toEqual([
      'sarif',
      'native',
    ]);
    for (const report of items) {
      expect(report.summary).toMatchObject({
        contractDigest: stored.digest,
        reportedContractDigest: stored.digest,
        gates: [
          {
            gateId: 'security.auth-before-data',
            status: 'fail',
            matchedFiles: 2,
            violationCount: 1,
          },
          {
            gateId: 'security.no-hardcoded-secrets',
            status: 'fail',
            matchedFiles: 4,
            violationCount: 3,
          },
          {
            gateId: 'tenant.scoped-queries',
            status: 'pass',
            matchedFiles: 1,
            violationCount: 0,
          },
          {
            gateId: 'ops.incident-runbook',
            status: 'fail',
            matchedFiles: 0,
            violationCount: 1,
          },
        ],
      });
      expect(report.summary.evaluation).toMatchObject({
        status: 'evaluated',
        passing: false,
        counts: { active: 3, activePassing: 1, planned: 1 },
        warnings: [],
      });
    }
    const violations = await backend.get(
      `contract-results/${items[0].id}/violations?gateId=security.no-hardcoded-secrets`,
    );
    expect(violations.items.map((v: any) => `${v.file}:${v.line}`)).toEqual([
      '.env.example:1',
      'src/routes/refunds.ts:3',
      'src/routes/refunds.ts:4',
    ]);
  });

  it('uploads a chain kept with chain append, then its continuation', async () => {
    const append = (action: string) =>
      cli([
        'chain',
        'append',
        '--file',
        'release.jsonl',
        '--action',
        action,
        '--actor',
        'release-bot',
      ]);
    for (const action of ['verify', 'build', 'canary']) {
      expect((await append(action)).code).toBe(EXIT.OK);
    }
    const first = await cli([
      'upload',
      'audit-chain',
      'release.jsonl',
      '--tag',
      'release',
    ]);
    expect(first.stdout).toContain(
      '(201 created): 3 entries appended, chain length 3',
    );

    expect((await append('promote')).code).toBe(EXIT.OK);
    const second = await cli(['upload', 'audit-chain', 'release.jsonl']);
    expect(second.stdout).toContain(
      '(201 created): 1 entries appended, chain length 4',
    );

    const verified = await backend.get('audit-chain/verify');
    expect(verified).toMatchObject({ ok: true, length: 4, head: { seq: 3 } });
    expect((await cli(['chain', 'verify', 'release.jsonl'])).stdout).toContain(
      `head seq 3 hash ${verified.head.hash}`,
    );
  });

  it.each(Object.entries(OTHER_EVIDENCE))(
    'uploads %s evidence',
    async (kind, [file, body]) => {
      await writeFile(join(checkout.root, file), JSON.stringify(body));
      const uploaded = await cli(['upload', kind, file], GITHUB_ENV);
      expect(uploaded).toMatchObject({ code: EXIT.OK, stderr: '' });
      expect(uploaded.stdout).toContain('(201 created)');
      const summary = await backend.get('summary');
      expect(JSON.stringify(summary)).toContain(COMMIT);
    },
  );

  it('uploads a runbook and replaces it', async () => {
    await writeFile(
      join(checkout.root, 'triage.md'),
      '# Triage\n\n## Cross-tenant reads\n\nCheck the tenant filter.\n',
    );
    const first = await cli(['upload', 'runbook', 'triage.md']);
    expect(first).toEqual({
      code: EXIT.OK,
      stdout:
        'stored runbook triage for component:default/payments-api (201 created): Triage\n',
      stderr: '',
    });
    await writeFile(
      join(checkout.root, 'triage.md'),
      '# Triage\n\n## Cross-tenant reads\n\nCheck the tenant filter first.\n',
    );
    expect((await cli(['upload', 'runbook', 'triage.md'])).stdout).toContain(
      '(200 replaced)',
    );
    const runbook = await backend.get('runbooks/triage');
    expect(runbook.markdown).toContain('Check the tenant filter first.');
  });

  it("exits 3 with the backend's message for a refused upload", async () => {
    const broken = await cli(['upload', 'test-report', 'reports/broken.xml']);
    expect(broken.code).toBe(EXIT.REJECTED);
    expect(broken.stderr).toMatch(
      /^hardening: the backend refused the request \(400\): InputError: .*line 1/,
    );

    const unknown = await cli([
      'upload',
      'test-report',
      'reports/junit.xml',
      '--entity',
      'component:default/no-such-service',
    ]);
    expect(unknown.code).toBe(EXIT.REJECTED);
    expect(unknown.stderr).toContain('(404)');

    const wrongToken = await cli([
      'upload',
      'test-report',
      'reports/junit.xml',
      '--token',
      'not-the-token',
    ]);
    expect(wrongToken.code).toBe(EXIT.REJECTED);
    expect(wrongToken.stderr).toContain('(401)');
  });

  it('runs as a program: bin/hardening exits 3 for a refused upload', async () => {
    const bin = resolve(__dirname, '../../bin/hardening');
    const result = await promisify(execFile)(
      process.execPath,
      [
        bin,
        'upload',
        'test-report',
        'reports/broken.xml',
        '--entity',
        'payments-api',
        '--backend-url',
        backend.origin,
        '--token',
        backend.token,
      ],
      { cwd: checkout.root },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(EXIT.REJECTED);
    expect(result.stderr).toContain('the backend refused the request (400)');
  }, 60_000);
});
