import {
  contractDocumentSchema,
  formatIssuePath,
  parseContractDocument,
} from './contractDocument';

const authGate = {
  id: 'security.auth_check_existence',
  description: 'Every API route checks the session',
  type: 'file_content',
  targets: ['apps/web/src/app/api/**/route.ts'],
  must_match: ['auth\\.api\\.getSession', 'tenantId'],
  status: 'active',
};

function issuesOf(value: unknown) {
  const parsed = parseContractDocument(value);
  if (parsed.success) {
    throw new Error('expected the contract to be refused');
  }
  return parsed.issues.map(i => `${formatIssuePath(i.path)}: ${i.message}`);
}

describe('parseContractDocument', () => {
  it('accepts a gates mapping and a bare list of gates as the same contract', () => {
    const mapping = parseContractDocument({ version: 1, gates: [authGate] });
    const bare = parseContractDocument([authGate]);
    expect(mapping).toEqual({
      success: true,
      contract: { version: 1, gates: [authGate] },
    });
    expect(bare).toEqual({ success: true, contract: { gates: [authGate] } });
  });

  it('names the gate and the pattern of a regular expression that does not compile', () => {
    expect(
      issuesOf({
        gates: [
          authGate,
          {
            ...authGate,
            id: 'tenant.scoped',
            must_match: ['ok', 'where\\((tenantId'],
          },
        ],
      }),
    ).toEqual([
      expect.stringMatching(
        /^gates\[1\]\.must_match\[1\]: invalid regular expression "where\\\\\(\(tenantId" in gate "tenant\.scoped": /,
      ),
    ]);
  });

  it('checks must_not_match patterns too', () => {
    expect(issuesOf([{ ...authGate, must_not_match: ['[unclosed'] }])).toEqual([
      expect.stringMatching(
        /^gates\[0\]\.must_not_match\[0\]: invalid regular expression/,
      ),
    ]);
  });

  it('refuses a gate id used twice', () => {
    expect(issuesOf([authGate, { ...authGate }])).toEqual([
      'gates[1].id: duplicate gate id "security.auth_check_existence" (already used by gates[0])',
    ]);
  });

  it('lists the allowed gate types for an unknown one', () => {
    expect(issuesOf([{ ...authGate, type: 'regex' }])).toEqual([
      'gates[0].type: must be one of file_content, file_exists, command',
    ]);
  });

  it('needs targets for file gates and patterns for file_content gates', () => {
    const { targets: _t, ...noTargets } = authGate;
    expect(issuesOf([noTargets])).toEqual([
      'gates[0].targets: file_content gate "security.auth_check_existence" needs at least one target glob',
    ]);
    const { must_match: _m, ...noPatterns } = authGate;
    expect(issuesOf([noPatterns])).toEqual([
      'gates[0].must_match: file_content gate "security.auth_check_existence" needs must_match or must_not_match patterns',
    ]);
  });

  it('refuses patterns on gates that do not read file content', () => {
    expect(
      issuesOf([{ ...authGate, id: 'docs.runbook', type: 'file_exists' }]),
    ).toEqual([
      'gates[0].must_match: patterns apply to file_content gates only, not to file_exists gate "docs.runbook"',
    ]);
  });

  it('accepts a command gate without targets', () => {
    const gate = {
      id: 'build.lint',
      description: 'Lint is clean',
      type: 'command',
      command: 'pnpm lint',
      status: 'planned',
      severity: 'warning',
      milestone: 'M3.3.1',
    };
    expect(parseContractDocument([gate])).toEqual({
      success: true,
      contract: { gates: [gate] },
    });
  });

  it('refuses unknown fields, so a misspelt rule is not silently dropped', () => {
    expect(issuesOf([{ ...authGate, must_matches: ['x'] }])).toEqual([
      'gates[0]: unknown field(s): must_matches',
    ]);
  });

  it('refuses an empty contract, a scalar and a bad status', () => {
    expect(issuesOf([])).toEqual(['gates: a contract needs at least one gate']);
    expect(issuesOf('gates')).toEqual([
      '(root): a contract is a mapping with a "gates" list, or a list of gates',
    ]);
    expect(issuesOf([{ ...authGate, status: 'enabled' }])).toEqual([
      'gates[0].status: must be active or planned',
    ]);
    expect(
      contractDocumentSchema.safeParse({
        gates: [{ ...authGate, id: 'Bad Id' }],
      }).success,
    ).toBe(false);
  });
});
