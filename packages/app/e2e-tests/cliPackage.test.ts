import { expect, test } from '@playwright/test';
import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The packed CLI, as an adopter's pipeline runs it: the `hardening` command from the CLI and
 * -common tarballs (`yarn pack`, no monorepo) with `npx`, from an empty folder, against the
 * e2e portal, with the variables the README's CI examples give a GitHub Actions job and the
 * static token scripts/lib/portal.sh configures (HARDENING_CI_TOKEN, bound to team-payments).
 * The tarballs are the ones `yarn test:packages` leaves in dist/packages (or
 * HARDENING_PACKAGES_DIR); missing ones are packed here with scripts/pack-packages.sh.
 */
const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
const repoRoot = resolve(__dirname, '../../..');
const packs =
  process.env.HARDENING_PACKAGES_DIR ?? join(repoRoot, 'dist', 'packages');

type Run = { code: number; stdout: string; stderr: string };

/** A GitHub Actions job's environment, without whatever CI runs this test. */
function jobEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(HARDENING_|GITHUB_|GITLAB_|CI_|ACTIONS_)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

function packedCli(folder: string) {
  const tarballs = join(folder, 'tarballs');
  const job = join(folder, 'job');
  mkdirSync(tarballs);
  mkdirSync(job);
  // A new path per run: npx keeps what it installed per package path.
  for (const name of ['common', 'cli']) {
    copyFileSync(join(packs, `${name}.tgz`), join(tarballs, `${name}.tgz`));
  }
  return {
    job,
    run(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
      const npxArgs = [
        '--yes',
        `--package=${join(tarballs, 'common.tgz')}`,
        `--package=${join(tarballs, 'cli.tgz')}`,
        '--',
        'hardening',
        ...args,
      ];
      return new Promise(done => {
        execFile(
          'npx',
          npxArgs,
          { cwd: job, env, timeout: 180_000 },
          (error, stdout, stderr) => {
            // A signal or a timeout (no exit code) is -1, never a passing 0.
            let code = 0;
            if (error) code = typeof error.code === 'number' ? error.code : -1;
            done({ code, stdout, stderr });
          },
        );
      });
    },
  };
}

test.describe('the packed CLI against the portal', () => {
  test.describe.configure({ timeout: 420_000 });

  let folder: string;
  test.beforeAll(() => {
    test.setTimeout(420_000);
    const missing = ['common', 'cli'].filter(
      name => !existsSync(join(packs, `${name}.tgz`)),
    );
    if (missing.length > 0) {
      const packed = spawnSync(
        'bash',
        ['scripts/pack-packages.sh', ...missing],
        {
          cwd: repoRoot,
          env: { ...process.env, HARDENING_PACKAGES_DIR: packs },
          encoding: 'utf8',
        },
      );
      expect(packed.status, `${packed.stdout}${packed.stderr}`).toBe(0);
    }
    folder = mkdtempSync(join(tmpdir(), 'hardening-cli-e2e-'));
  });
  test.afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('uploads with npx from an empty folder as the README shows (exit 0); a refused upload exits 3', async () => {
    const token = process.env.HARDENING_CI_TOKEN;
    expect(
      token,
      'HARDENING_CI_TOKEN is not set: start the portal and Playwright through scripts/test.sh',
    ).toBeTruthy();
    const cli = packedCli(folder);
    const runId = `${Date.now()}`;
    const sha = `${runId}${'c'.repeat(40)}`.slice(0, 40);
    const env = jobEnvironment({
      HARDENING_BACKEND_URL: backend,
      HARDENING_ENTITY: 'component:default/ledger-service',
      HARDENING_TOKEN: token!,
      GITHUB_ACTIONS: 'true',
      GITHUB_SHA: sha,
      GITHUB_REF_NAME: 'main',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'northwind-freight/ledger-service',
      GITHUB_WORKFLOW: 'ci',
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: '1',
    });

    mkdirSync(join(cli.job, 'reports'));
    writeFileSync(
      join(cli.job, 'reports', 'e2e.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="packed cli ${runId}">
    <testcase classname="checkout" name="pays an invoice" time="0.8"/>
    <testcase classname="checkout" name="shows the receipt" time="0.3"/>
  </testsuite>
</testsuites>`,
    );
    writeFileSync(
      join(cli.job, 'gates.json'),
      '{"gates":[{"name":"lint","status":"passed"},{"name":"build","status":"passed"}]}',
    );

    // $HARDENING upload test-report reports/e2e.xml --tag e2e:happy,e2e:security
    const upload = [
      'upload',
      'test-report',
      'reports/e2e.xml',
      '--tag',
      'e2e:happy,e2e:security',
      '--json',
    ];
    let uploaded = await cli.run(upload, env);
    // Right after start-up the catalog may not have read its locations yet (404).
    for (let i = 0; i < 30 && / \(404\)/.test(uploaded.stderr); i++) {
      await new Promise(r => setTimeout(r, 2_000));
      uploaded = await cli.run(upload, env);
    }
    expect(uploaded.code, uploaded.stderr).toBe(0);
    const answer = JSON.parse(uploaded.stdout);
    expect(answer.created).toBe(true);
    expect(answer.report.entityRef).toBe('component:default/ledger-service');
    expect(answer.report.context).toMatchObject({
      commit: sha,
      branch: 'main',
      runUrl: `https://github.com/northwind-freight/ledger-service/actions/runs/${runId}`,
      runId,
      runAttempt: 1,
      tags: ['e2e:happy', 'e2e:security'],
    });
    expect(answer.report.uploader).toEqual({
      type: 'service',
      subject: 'ci-evidence-upload',
    });
    expect(answer.report.summary.totals).toMatchObject({ tests: 2, passed: 2 });

    // $HARDENING upload ci-gates gates.json
    const gates = await cli.run(['upload', 'ci-gates', 'gates.json'], env);
    expect(gates.code, gates.stderr).toBe(0);
    expect(gates.stdout).toContain(
      'for component:default/ledger-service (201 created): 2 gates',
    );

    // Refused: another team's service, outside the token's binding.
    const otherTeam = await cli.run(upload, {
      ...env,
      HARDENING_ENTITY: 'component:default/shipment-tracker',
    });
    expect(otherTeam.code, otherTeam.stderr).toBe(3);
    expect(otherTeam.stderr).toContain('the backend refused the request (403)');
    expect(otherTeam.stderr).toContain(
      'Service subject ci-evidence-upload has no hardening.ingest.bindings entry for component:default/shipment-tracker',
    );

    // Refused: a token the portal does not know.
    const wrongToken = await cli.run(upload, {
      ...env,
      HARDENING_TOKEN: `${token}x`,
    });
    expect(wrongToken.code, wrongToken.stderr).toBe(3);
    expect(wrongToken.stderr).toContain(
      'the backend refused the request (401)',
    );
  });
});
