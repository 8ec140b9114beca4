import { contractResultsDocumentSchema } from '@hardening/backstage-plugin-hardening-common';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createCheckout,
  SERVICE_CONTRACT,
  SERVICE_FILES,
} from '../__testUtils__/checkoutFixture';
import { memoryIo } from '../__testUtils__/memoryIo';
import { json, startRecordingServer } from '../__testUtils__/recordingServer';
import { EXIT } from '../CliError';
import { run } from '../program';

describe('hardening contract check', () => {
  let checkout: Awaited<ReturnType<typeof createCheckout>>;
  beforeEach(async () => {
    checkout = await createCheckout({
      ...SERVICE_FILES,
      'docs/delivery-contract.yml': SERVICE_CONTRACT,
    });
  });
  afterEach(() => checkout.remove());

  const check = (args: string[], env: Record<string, string> = {}) => {
    const io = memoryIo({ cwd: checkout.root, env });
    return {
      ...io,
      done: run(
        ['contract', 'check', 'docs/delivery-contract.yml', ...args],
        io.io,
      ),
    };
  };

  it('prints a table, writes native JSON and SARIF, and exits 1 on failing active gates', async () => {
    const cli = check(['--json', 'results.json', '--sarif', 'results.sarif']);
    expect(await cli.done).toBe(EXIT.CHECK_FAILED);

    const out = cli.stdout();
    expect(out).toMatch(
      /^Contract docs\/delivery-contract\.yml \(4 gates, digest [0-9a-f]{12}…\) checked against \.\n/,
    );
    expect(out).toContain(
      [
        'GATE                           STATUS   RESULT  FILES  VIOLATIONS  VERDICT',
        'security.auth-before-data      active   fail    2      1           FAIL',
        'security.no-hardcoded-secrets  active   fail    4      3           FAIL',
        'tenant.scoped-queries          active   pass    1      0           pass',
        'ops.incident-runbook           planned  fail    0      1           fail (planned, not blocking)',
      ].join('\n'),
    );
    expect(out).toContain(
      'security.auth-before-data: failed with 1 violation\n  src/routes/refunds.ts: no match for /requireCaller\\(/',
    );
    expect(out).toContain(
      '1 of 3 active gates passing; 1 planned gate(s) not passing yet (not blocking): the contract FAILS\n',
    );

    const native = contractResultsDocumentSchema.parse(
      JSON.parse(await readFile(join(checkout.root, 'results.json'), 'utf8')),
    );
    expect(native.contractDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(
      native.results.map(r => [r.gateId, r.status, r.matchedFiles]),
    ).toEqual([
      ['security.auth-before-data', 'fail', 2],
      ['security.no-hardcoded-secrets', 'fail', 4],
      ['tenant.scoped-queries', 'pass', 1],
      ['ops.incident-runbook', 'fail', 0],
    ]);

    const sarif = JSON.parse(
      await readFile(join(checkout.root, 'results.sarif'), 'utf8'),
    );
    expect(sarif.version).toBe('2.1.0');
    const [sarifRun] = sarif.runs;
    expect(sarifRun.properties.contractDigest).toBe(native.contractDigest);
    expect(
      sarifRun.tool.driver.rules.map((r: any) => [
        r.id,
        r.properties.matchedFiles,
        r.defaultConfiguration.level,
      ]),
    ).toEqual([
      ['security.auth-before-data', 2, 'error'],
      ['security.no-hardcoded-secrets', 4, 'error'],
      ['tenant.scoped-queries', 1, 'error'],
      ['ops.incident-runbook', 0, 'note'],
    ]);
    expect(
      sarifRun.results.map((r: any) => [
        r.ruleId,
        r.kind,
        r.locations?.[0].physicalLocation.artifactLocation.uri,
        r.locations?.[0].physicalLocation.region?.startLine,
      ]),
    ).toEqual([
      ['security.auth-before-data', 'fail', 'src/routes/refunds.ts', undefined],
      ['security.no-hardcoded-secrets', 'fail', '.env.example', 1],
      ['security.no-hardcoded-secrets', 'fail', 'src/routes/refunds.ts', 3],
      ['security.no-hardcoded-secrets', 'fail', 'src/routes/refunds.ts', 4],
      ['tenant.scoped-queries', 'pass', undefined, undefined],
      ['ops.incident-runbook', 'fail', undefined, undefined],
    ]);
  });

  it('exits 0 when only planned gates fail', async () => {
    await writeFile(
      join(checkout.root, 'src/routes/refunds.ts'),
      'export const refund = async req => { await requireCaller(req); };\n',
    );
    await writeFile(join(checkout.root, '.env.example'), 'password=\n');
    const cli = check([]);

    expect(await cli.done).toBe(EXIT.OK);
    expect(cli.stdout()).toContain(
      '3 of 3 active gates passing; 1 planned gate(s) not passing yet (not blocking): the contract passes\n',
    );
  });

  it('uploads the native results with the CI context and still exits 1 for failing gates', async () => {
    const backend = await startRecordingServer([
      json(201, {
        created: true,
        report: {
          id: 'r1',
          summary: {
            evaluation: {
              passing: false,
              reason: '1 of 3 active gates passing',
            },
          },
        },
      }),
    ]);
    try {
      const cli = check(
        [
          '--upload',
          '--entity',
          'payments-api',
          '--backend-url',
          backend.url,
          '--tag',
          'contract',
        ],
        {
          HARDENING_TOKEN: 't',
          GITLAB_CI: 'true',
          CI_COMMIT_SHA: 'abcdef123',
          CI_COMMIT_REF_NAME: 'main',
        },
      );
      expect(await cli.done).toBe(EXIT.CHECK_FAILED);
      const [request] = backend.requests;
      expect(request.url.pathname).toBe(
        '/api/hardening/entities/component/default/payments-api/contract-results',
      );
      expect(Object.fromEntries(request.url.searchParams)).toEqual({
        commit: 'abcdef123',
        branch: 'main',
        tags: 'contract',
      });
      expect(request.headers['content-type']).toBe('application/json');
      expect(
        contractResultsDocumentSchema.parse(JSON.parse(request.body.toString()))
          .results,
      ).toHaveLength(4);
      expect(cli.stdout()).toContain(
        'stored contract-results r1 for component:default/payments-api (201 created): NOT passing: 1 of 3 active gates passing',
      );
    } finally {
      await backend.close();
    }
  });

  it('fails before scanning when --upload lacks a backend URL', async () => {
    const cli = check(['--upload', '--entity', 'payments-api']);
    expect(await cli.done).toBe(EXIT.USAGE);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toContain('no backend URL');
  });

  it('exits 2 with the line of a YAML error', async () => {
    await writeFile(
      join(checkout.root, 'docs/delivery-contract.yml'),
      'gates:\n  - id: [\n',
    );
    const cli = check([]);
    expect(await cli.done).toBe(EXIT.USAGE);
    expect(cli.stderr()).toMatch(
      /^hardening: docs\/delivery-contract\.yml:\d+:\d+: invalid YAML/,
    );
  });
});
