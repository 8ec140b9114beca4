import { ContractDocument } from './contractDocument';
import { evaluateContract } from './evaluateContract';
import { ContractGateResult } from './gateResults';
import { summarizeContractResults } from './summarizeContractResults';

const contract: ContractDocument = {
  gates: [
    {
      id: 'security.auth',
      description: 'routes check the session',
      type: 'file_content',
      targets: ['src/api/**/route.ts'],
      must_match: ['getSession'],
      status: 'active',
    },
    {
      id: 'tenant.scoped',
      description: 'queries are tenant scoped',
      type: 'file_content',
      targets: ['src/db/**/*.ts'],
      must_match: ['tenantId'],
      status: 'active',
    },
    {
      id: 'docs.runbook',
      description: 'a runbook exists',
      type: 'file_exists',
      targets: ['docs/RUNBOOK.md'],
      status: 'planned',
    },
    {
      id: 'build.lint',
      description: 'lint is clean',
      type: 'command',
      command: 'pnpm lint',
      status: 'active',
    },
  ],
};

function pass(gateId: string, matchedFiles: number): ContractGateResult {
  return { gateId, status: 'pass', matchedFiles, violations: [] };
}

describe('evaluateContract', () => {
  it('passes when every active gate passed on at least one file', () => {
    const evaluation = evaluateContract(contract, [
      pass('security.auth', 12),
      pass('tenant.scoped', 4),
      pass('build.lint', 0),
    ]);
    expect(evaluation).toMatchObject({
      status: 'evaluated',
      passing: true,
      reason: '3 of 3 active gates passing',
      counts: { active: 3, activePassing: 3, planned: 1 },
      warnings: [],
    });
    expect(evaluation.gates.find(g => g.gateId === 'build.lint')).toEqual({
      gateId: 'build.lint',
      gateStatus: 'active',
      result: 'pass',
      passing: true,
      blocking: false,
      reason: 'passed',
    });
  });

  it('does not count a pass whose targets matched no file', () => {
    const evaluation = evaluateContract(contract, [
      pass('security.auth', 0),
      pass('tenant.scoped', 4),
      pass('build.lint', 0),
    ]);
    expect(evaluation.passing).toBe(false);
    expect(evaluation.gates[0]).toEqual({
      gateId: 'security.auth',
      gateStatus: 'active',
      result: 'pass',
      passing: false,
      blocking: true,
      reason:
        'the gate targets matched no file, and a gate that checked nothing is not a pass',
    });
  });

  it('fails an active gate without a result, and one that failed or errored', () => {
    const evaluation = evaluateContract(contract, [
      {
        gateId: 'security.auth',
        status: 'fail',
        matchedFiles: 12,
        violations: [
          { file: 'src/api/a/route.ts', message: 'no getSession' },
          { file: 'src/api/b/route.ts', message: 'no getSession' },
        ],
      },
      {
        gateId: 'build.lint',
        status: 'error',
        matchedFiles: 0,
        violations: [],
      },
    ]);
    expect(
      evaluation.gates.map(g => [g.gateId, g.result, g.blocking, g.reason]),
    ).toEqual([
      ['security.auth', 'fail', true, 'failed with 2 violations'],
      [
        'tenant.scoped',
        'missing',
        true,
        'the run reported no result for this gate',
      ],
      [
        'docs.runbook',
        'missing',
        false,
        'planned, does not block: the run reported no result for this gate',
      ],
      ['build.lint', 'error', true, 'the checker could not evaluate this gate'],
    ]);
    expect(evaluation.passing).toBe(false);
    expect(evaluation.reason).toBe('0 of 3 active gates passing');
  });

  it('judges planned gates without letting them block', () => {
    const evaluation = evaluateContract(contract, [
      pass('security.auth', 1),
      pass('tenant.scoped', 1),
      pass('build.lint', 0),
      pass('docs.runbook', 1),
    ]);
    expect(evaluation.passing).toBe(true);
    expect(evaluation.gates[2]).toMatchObject({
      gateStatus: 'planned',
      passing: true,
      blocking: false,
      reason: 'planned, does not block: passed on 1 file',
    });
  });

  it('warns about results for gates the contract does not have and about another contract', () => {
    const evaluation = evaluateContract(
      contract,
      [pass('security.auth', 1), pass('perf.p95', 3)],
      { contract: 'a'.repeat(64), reported: 'b'.repeat(64) },
    );
    expect(evaluation.warnings).toEqual([
      {
        kind: 'contract-mismatch',
        message: `the results were produced with contract ${'b'.repeat(
          64,
        )}, not with the current contract ${'a'.repeat(64)}`,
      },
      {
        kind: 'unknown-gate',
        gateId: 'perf.p95',
        message:
          'the run reported gate "perf.p95", which the contract does not have',
      },
    ]);
  });

  it('says there is no contract when there is none', () => {
    expect(evaluateContract(undefined, [pass('security.auth', 1)])).toEqual({
      status: 'no-contract',
      passing: false,
      reason:
        'no contract: the entity had no delivery contract when these results were uploaded',
      counts: { active: 0, activePassing: 0, planned: 0 },
      gates: [],
      warnings: [],
    });
  });
});

describe('summarizeContractResults', () => {
  it('counts violations per gate and keeps both contract digests', () => {
    const summary = summarizeContractResults(
      'sarif',
      {
        contractDigest: 'b'.repeat(64),
        results: [
          {
            gateId: 'security.auth',
            status: 'fail',
            matchedFiles: 3,
            violations: [{ file: 'src/api/a/route.ts', message: 'x' }],
          },
        ],
      },
      { digest: 'a'.repeat(64), contract },
    );
    expect(summary).toMatchObject({
      format: 'sarif',
      contractDigest: 'a'.repeat(64),
      reportedContractDigest: 'b'.repeat(64),
      gates: [
        {
          gateId: 'security.auth',
          status: 'fail',
          matchedFiles: 3,
          violationCount: 1,
        },
      ],
      evaluation: { status: 'evaluated', passing: false },
    });
    expect(summary.evaluation.warnings[0].kind).toBe('contract-mismatch');
  });

  it('records results without a contract as not evaluated', () => {
    const summary = summarizeContractResults('native', {
      results: [pass('security.auth', 1)],
    });
    expect(summary.contractDigest).toBeNull();
    expect(summary).not.toHaveProperty('reportedContractDigest');
    expect(summary.evaluation.status).toBe('no-contract');
  });
});
