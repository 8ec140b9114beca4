import {
  evaluateStressRun,
  parseContractDocument,
  stressRunSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  DryRunResult,
  generatedFile,
  loadTemplate,
  startScaffolderBackend,
} from './__testUtils__/startScaffolderBackend';

const TEMPLATES = resolve(__dirname, '../../../examples/templates');

const STRESS_VALUES = {
  component: 'component:default/payments-api',
  feature: 'share-pack',
  path: '/api/share-packs',
  happyRequests: 12,
  readRequests: 30,
  negativeRequests: 5,
  concurrency: 4,
  p95Ms: 400,
  maxErrorRate: 0.02,
};

/** A tiny API for the generated script: creates share packs, reads them with the right token only. */
async function startShareApi() {
  const packs = new Set<string>();
  const server = createServer((req, res) => {
    const auth = req.headers.authorization;
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (!auth) return reply(401, { error: 'no token' });
      if (auth === 'Bearer other-tenant')
        return reply(404, { error: 'not found' });
      if (auth !== 'Bearer good') return reply(401, { error: 'bad token' });
      if (req.method === 'POST' && req.url === '/api/share-packs') {
        const id = `pack-${packs.size + 1}`;
        packs.add(id);
        return reply(201, { id });
      }
      const id = req.url?.replace('/api/share-packs/', '') ?? '';
      return packs.has(id)
        ? reply(200, { id })
        : reply(404, { error: 'not found' });
    });
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(done => server.close(done)),
  };
}

describe('the Hardening templates through the dry-run API', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolderBackend>>;
  beforeAll(async () => {
    scaffolder = await startScaffolderBackend();
  }, 60_000);
  afterAll(() => scaffolder?.stop());

  const logOf = (result: DryRunResult) =>
    result.log.map(l => l.body.message).join('\n');

  describe('Add a stress test', () => {
    let template: Awaited<ReturnType<typeof loadTemplate>>;
    beforeAll(async () => {
      template = await loadTemplate(join(TEMPLATES, 'add-stress-test'));
    });

    it('writes a three-phase stress script and a workflow that uploads its results', async () => {
      const { status, body } = await scaffolder.dryRun(template, {
        ...STRESS_VALUES,
        createMilestone: true,
        milestoneId: 'M3.3',
        milestoneTitle: 'Share packs hardened',
        target: 'local',
      });
      expect(status).toBe(200);
      const result = body as DryRunResult;
      expect(result.directoryContents.map(f => f.path).sort()).toEqual([
        '.github/workflows/hardening-stress-share-pack.yml',
        'scripts/stress-share-pack.mjs',
      ]);

      const script = generatedFile(result, 'scripts/stress-share-pack.mjs');
      expect(script).toContain(
        [
          "  scenario: 'share-pack',",
          "  path: '/api/share-packs',",
          '  happyRequests: 12,',
          '  readRequests: 30,',
          '  negativeRequests: 5,',
          '  concurrency: 4,',
          '  thresholds: {',
          '    maxErrorRate: 0.02,',
          '    p95Ms: 400,',
        ].join('\n'),
      );
      expect(script).toContain(
        "  output: process.env.STRESS_OUTPUT ?? 'stress-results/share-pack.json',",
      );

      const workflow = parse(
        generatedFile(
          result,
          '.github/workflows/hardening-stress-share-pack.yml',
        ),
      );
      expect(workflow.name).toBe('Stress test (share-pack)');
      const [, , run, upload] = workflow.jobs.stress.steps;
      expect(run.run).toBe(
        'node scripts/stress-share-pack.mjs "$STRESS_BASE_URL" "$STRESS_TOKEN" "$STRESS_OTHER_TENANT_TOKEN"',
      );
      expect(run.env.STRESS_TOKEN).toBe('${{ secrets.STRESS_TOKEN }}');
      expect(upload).toEqual({
        name: 'Upload the results to Hardening',
        if: "always() && hashFiles('stress-results/share-pack.json') != ''",
        run: 'npx --yes @hardening/hardening-cli upload stress-run stress-results/share-pack.json --entity component:default/payments-api --tag stress',
        env: {
          HARDENING_BACKEND_URL: '${{ vars.HARDENING_BACKEND_URL }}',
          HARDENING_TOKEN: '${{ secrets.HARDENING_TOKEN }}',
        },
      });

      const log = logOf(result);
      expect(log).toContain(
        'Dry run: would put milestone M3.3 on component:default/payments-api: {"title":"Share packs hardened","stage":"hardening-slice","thresholds":{"p95LimitMs":400,"errorRateLimit":0.02}}',
      );
      expect(log).toContain('Dry run: would write 2 file(s) to ');
      expect(log).toContain(
        'Skipping step pull-request because its if condition was false',
      );
      const texts = result.output.text ?? [];
      expect(texts.find(t => t.title === 'Milestone')?.content).toContain(
        'its freeze expects the git tag `milestone/m3.3-hardened`',
      );
      expect(texts.find(t => t.title === 'Files written')?.content).toMatch(
        /^The files are in `.*stress-share-pack-[^`]+` on the Backstage host\.$/,
      );
    });

    it('writes a script that runs the three phases and produces a stress run Hardening accepts', async () => {
      const { body } = await scaffolder.dryRun(template, {
        ...STRESS_VALUES,
        target: 'local',
      });
      const dir = await mkdtemp(join(tmpdir(), 'hardening-stress-script-'));
      const api = await startShareApi();
      try {
        const script = join(dir, 'stress.mjs');
        await writeFile(
          script,
          generatedFile(body, 'scripts/stress-share-pack.mjs'),
        );
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [script, api.url, 'good', 'other-tenant'],
          { cwd: dir },
        );
        expect(stdout).toContain('all thresholds met');

        const run = stressRunSchema.parse(
          JSON.parse(
            await readFile(join(dir, 'stress-results/share-pack.json'), 'utf8'),
          ),
        );
        expect(
          run.phases.map(p => [p.name, p.kind, p.requests, p.failures]),
        ).toEqual([
          ['happy: create', 'happy', 12, 0],
          ['read: fetch created', 'read', 30, 0],
          ['negative: no token', 'negative', 5, 0],
          ['negative: forged token', 'negative', 5, 0],
          ['negative: cross-tenant read', 'negative', 5, 0],
        ]);
        expect(run.phases[2].statusCounts).toEqual({ '401': 5 });
        expect(run.phases[4].statusCounts).toEqual({ '404': 5 });
        expect(run.thresholds).toEqual({
          maxErrorRate: 0.02,
          p95Ms: 400,
          happyPathZeroErrors: true,
          negativePassRate: 1,
        });
        expect(evaluateStressRun(run).passing).toBe(true);
      } finally {
        await api.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('opens a pull request instead when asked', async () => {
      const { status, body } = await scaffolder.dryRun(template, {
        ...STRESS_VALUES,
        target: 'pull-request',
        repoUrl: 'github.com?owner=northwind&repo=payments-api',
      });
      expect(status).toBe(200);
      const log = logOf(body);
      expect(log).toContain(
        'Running publish:github:pull-request in dry-run mode with inputs (secrets redacted): {\n  "repoUrl": "github.com?owner=northwind&repo=payments-api",\n  "branchName": "hardening/stress-share-pack",\n  "title": "Add a stress test for share-pack"',
      );
      expect(log).toContain('Performing dry run of creating pull request');
      expect(log).toContain(
        'Skipping step local because its if condition was false',
      );
      expect(log).not.toContain('would put milestone');
    });

    it('refuses a feature name that cannot name a script', async () => {
      const { status, body } = await scaffolder.dryRun(template, {
        ...STRESS_VALUES,
        feature: 'Share Pack',
        target: 'local',
      });
      expect(status).toBe(400);
      expect(JSON.stringify(body.errors)).toContain('feature');
    });
  });

  describe('Add a delivery contract', () => {
    it('seeds the security-default gates and a workflow that checks and uploads them', async () => {
      const template = await loadTemplate(
        join(TEMPLATES, 'add-delivery-contract'),
      );
      const { status, body } = await scaffolder.dryRun(template, {
        component: 'component:default/payments-api',
        contractPath: 'docs/delivery-contract.yml',
        milestone: 'M3.3',
        routes: ['services/payments/src/handlers/**/*.ts'],
        dataAccess: ['services/payments/src/store/**/*.ts'],
        sources: ['services/payments/src/**/*.ts'],
        authPattern: 'auth\\.api\\.getSession\\(',
        validationPattern: 'Schema\\.safeParse\\(',
        tenantIsolation: true,
        target: 'local',
      });
      expect(status).toBe(200);
      const result = body as DryRunResult;
      expect(result.directoryContents.map(f => f.path).sort()).toEqual([
        '.github/workflows/hardening-contract.yml',
        'docs/delivery-contract.yml',
      ]);

      const text = generatedFile(result, 'docs/delivery-contract.yml');
      expect(text).toMatch(/^# Delivery contract: rules that must stay true/);
      const parsed = parseContractDocument(parse(text));
      if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
      const { contract } = parsed;
      expect(contract.milestone).toBe('M3.3');
      expect(
        contract.gates.map(g => [
          g.id,
          g.status,
          g.targets,
          g.must_match ?? g.must_not_match,
        ]),
      ).toEqual([
        [
          'security.auth-before-data',
          'active',
          ['services/payments/src/handlers/**/*.ts'],
          ['auth\\.api\\.getSession\\('],
        ],
        [
          'security.input-validation',
          'active',
          ['services/payments/src/handlers/**/*.ts'],
          ['Schema\\.safeParse\\('],
        ],
        [
          'security.fail-safe-errors',
          'active',
          ['services/payments/src/handlers/**/*.ts'],
          ['\\.(status|sendStatus)\\(\\s*500\\s*\\)'],
        ],
        [
          'security.no-hardcoded-secrets',
          'active',
          ['services/payments/src/**/*.ts'],
          [expect.stringContaining('password|Password')],
        ],
        [
          'tenant.scoped-queries',
          'active',
          ['services/payments/src/store/**/*.ts'],
          ['tenantId'],
        ],
        [
          'audit.critical-actions',
          'planned',
          expect.any(Array),
          expect.any(Array),
        ],
        ['ops.incident-runbook', 'planned', ['docs/runbooks/*.md'], undefined],
      ]);

      const workflow = parse(
        generatedFile(result, '.github/workflows/hardening-contract.yml'),
      );
      const job = workflow.jobs.contract;
      expect(job.env).toEqual({
        HARDENING_ENTITY: 'component:default/payments-api',
        HARDENING_BACKEND_URL: '${{ vars.HARDENING_BACKEND_URL }}',
        HARDENING_TOKEN: '${{ secrets.HARDENING_TOKEN }}',
        HARDENING_MANAGE_TOKEN: '${{ secrets.HARDENING_MANAGE_TOKEN }}',
      });
      expect(
        job.steps
          .map((s: { name?: string; run?: string }) => s.run)
          .filter(Boolean),
      ).toEqual([
        'npx --yes @hardening/hardening-cli upload contract docs/delivery-contract.yml --token "$HARDENING_MANAGE_TOKEN"',
        'npx --yes @hardening/hardening-cli contract check docs/delivery-contract.yml --sarif delivery-contract.sarif --upload --tag contract',
      ]);
      expect(logOf(result)).toContain(
        'Wrote docs/delivery-contract.yml with 7 gates: security.auth-before-data (active)',
      );
    });
  });
});
