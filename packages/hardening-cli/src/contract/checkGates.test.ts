import { parseContractDocument } from '@hardening/backstage-plugin-hardening-common';
import {
  createCheckout,
  SERVICE_FILES,
} from '../__testUtils__/checkoutFixture';
import { checkGates } from './checkGates';

function contract(gates: unknown[]) {
  const parsed = parseContractDocument({ gates });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.contract;
}

const gate = (fields: Record<string, unknown>) => ({
  description: 'a gate',
  status: 'active',
  ...fields,
});

describe('checkGates', () => {
  let checkout: Awaited<ReturnType<typeof createCheckout>>;
  beforeAll(async () => {
    checkout = await createCheckout(SERVICE_FILES);
  });
  afterAll(() => checkout.remove());

  const check = (gates: unknown[], runCommands = false) =>
    checkGates(contract(gates), {
      root: checkout.root,
      runCommands,
      commandTimeoutMs: 1000,
      runCommand: async command => ({
        exitCode: command === 'make check' ? 0 : 2,
        timedOut: false,
        outputTail: 'error TS2304: Cannot find name',
      }),
    });

  it('finds each file that lacks a required pattern, ignoring node_modules', async () => {
    const [auth] = await check([
      gate({
        id: 'auth',
        type: 'file_content',
        targets: ['**/routes/**/*.ts'],
        must_match: ['requireCaller\\(', 'safeParse'],
      }),
    ]);
    expect(auth.result).toEqual({
      gateId: 'auth',
      status: 'fail',
      matchedFiles: 2,
      violations: [
        {
          file: 'src/routes/refunds.ts',
          message: 'no match for /requireCaller\\(/',
        },
        { file: 'src/routes/refunds.ts', message: 'no match for /safeParse/' },
      ],
    });
  });

  it('names every line a forbidden pattern matches, dotfiles included, without quoting the match', async () => {
    const [secrets] = await check([
      gate({
        id: 'secrets',
        type: 'file_content',
        targets: ['src/**/*.ts', '.env*'],
        must_not_match: ['(password|api_?key)\\s*[:=]\\s*[\'"][^\'"]{8,}'],
      }),
    ]);
    expect(secrets.result.status).toBe('fail');
    expect(secrets.result.matchedFiles).toBe(4);
    expect(secrets.result.violations.map(v => `${v.file}:${v.line}`)).toEqual([
      '.env.example:1',
      'src/routes/refunds.ts:3',
      'src/routes/refunds.ts:4',
    ]);
    expect(JSON.stringify(secrets.result)).not.toContain('sk_live');
  });

  it('passes a gate whose files all comply', async () => {
    const [tenant] = await check([
      gate({
        id: 'tenant',
        type: 'file_content',
        targets: ['src/repositories/**/*.ts'],
        must_match: ['tenantId'],
      }),
    ]);
    expect(tenant.result).toEqual({
      gateId: 'tenant',
      status: 'pass',
      matchedFiles: 1,
      violations: [],
    });
  });

  it('fails a gate whose targets match no file', async () => {
    const [content, exists] = await check([
      gate({
        id: 'none',
        type: 'file_content',
        targets: ['lib/**/*.ts'],
        must_match: ['x'],
      }),
      gate({
        id: 'runbook',
        type: 'file_exists',
        targets: ['docs/runbook.md'],
        status: 'planned',
      }),
    ]);
    expect(content.result).toEqual({
      gateId: 'none',
      status: 'fail',
      matchedFiles: 0,
      violations: [{ message: 'the targets matched no file: lib/**/*.ts' }],
    });
    expect(exists.result.status).toBe('fail');
  });

  it('passes file_exists when a target matches', async () => {
    const [exists] = await check([
      gate({
        id: 'routes',
        type: 'file_exists',
        targets: ['src/routes/orders.ts'],
      }),
    ]);
    expect(exists.result).toMatchObject({ status: 'pass', matchedFiles: 1 });
  });

  it('does not look outside the checkout', async () => {
    const [escaping] = await check([
      gate({
        id: 'escape',
        type: 'file_exists',
        targets: ['../*', 'src/*.ts'],
      }),
    ]);
    expect(escaping.result.status).toBe('error');
    expect(escaping.note).toBe('targets must stay inside the checkout: ../*');
  });

  it('runs command gates only when asked', async () => {
    const gates = [
      gate({ id: 'ok', type: 'command', command: 'make check' }),
      gate({ id: 'tsc', type: 'command', command: 'tsc --noEmit' }),
    ];
    const [skippedOk] = await check(gates);
    expect(skippedOk.result.status).toBe('error');
    expect(skippedOk.note).toBe('command gates run only with --run-commands');

    const [ok, tsc] = await check(gates, true);
    expect(ok.result).toEqual({
      gateId: 'ok',
      status: 'pass',
      matchedFiles: 0,
      violations: [],
    });
    expect(tsc.result.status).toBe('fail');
    expect(tsc.result.violations).toEqual([
      {
        message: '`tsc --noEmit` exited with 2: error TS2304: Cannot find name',
      },
    ]);
  });
});
