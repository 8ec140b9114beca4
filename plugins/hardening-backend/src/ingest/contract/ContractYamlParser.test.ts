import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contractDigest, parseContractYaml } from './ContractYamlParser';

/** The third key is indented one space less than its siblings (line 4). */
const badIndentYaml = [
  'gates:',
  '  - id: security.session_guard',
  '    description: Route handlers resolve the caller session',
  '   type: file_content',
  "    targets: ['src/**/*.ts']",
  '    status: active',
].join('\n');

function fixture(name: string): string {
  return readFileSync(
    resolve(__dirname, '../__fixtures__/contract', name),
    'utf8',
  );
}

function refusal(text: string): string {
  try {
    parseContractYaml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the contract to be refused');
}

describe('parseContractYaml', () => {
  it('reads a bare list of gates', () => {
    const { contract, digest } = parseContractYaml(
      fixture('delivery-contract.yml'),
    );
    expect(contract.gates.map(g => [g.id, g.type, g.status])).toEqual([
      ['security.session_guard', 'file_content', 'active'],
      ['security.no_raw_sql', 'file_content', 'active'],
      ['docs.incident_runbook', 'file_exists', 'planned'],
    ]);
    expect(contract.gates[0].must_match).toEqual([
      'requireSession\\(',
      'tenantId',
    ]);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a gates mapping with anchors, and gives the same digest whatever the layout', () => {
    const { contract, digest } = parseContractYaml(
      fixture('delivery-contract-mapping.yml'),
    );
    expect(contract).toMatchObject({ version: 2, milestone: 'M3.3.1' });
    expect(contract.gates[1].targets).toEqual([
      'services/claims/src/routes/**/*.ts',
    ]);
    expect(contract.gates[2]).toEqual({
      id: 'build.typecheck',
      description: 'The service type-checks without errors',
      type: 'command',
      command: 'pnpm --filter claims tsc --noEmit',
      status: 'active',
    });

    const reordered = parseContractYaml(
      JSON.stringify({
        gates: contract.gates,
        milestone: 'M3.3.1',
        version: 2,
      }),
    );
    expect(reordered.digest).toBe(digest);
    expect(contractDigest(contract)).toBe(digest);
  });

  it('gives the line and column of a syntax error', () => {
    expect(refusal(badIndentYaml)).toMatch(
      /^Invalid contract YAML at line 4, column 1: Sequence item without - indicator$/,
    );
  });

  it('refuses alias expansion bombs', () => {
    expect(refusal(fixture('billion-laughs.yml'))).toBe(
      'Invalid contract YAML: too many alias expansions (more than 100)',
    );
  });

  it.each([
    [
      'a language tag',
      fixture('custom-tag.yml'),
      /line 3, column 18: Unresolved tag: tag:yaml.org,2002:js\/function/,
    ],
    [
      'a binary tag',
      'gates: !!binary aGVsbG8=\n',
      /line 1, column 17\): custom tag tag:yaml.org,2002:binary is not allowed/,
    ],
    [
      'a local tag',
      'gates:\n  - !gate {id: a}\n',
      /line 2, column 5: Unresolved tag: !gate/,
    ],
    [
      'a duplicate key',
      'gates: []\ngates: []\n',
      /line 2, column 1: Map keys must be unique/,
    ],
    [
      'two documents',
      'gates: []\n---\ngates: []\n',
      /line 2, column 1: Source contains multiple documents/,
    ],
    ['an unknown alias', 'gates: *nope\n', /Unresolved alias/],
    [
      'a complex key',
      '? [a, b]\n: 1\n',
      /line 1, column 3\): mapping keys must be plain strings/,
    ],
    ['an empty document', '# nothing here\n', /the document is empty/],
    ['deep nesting', '['.repeat(100_000), /^Invalid contract YAML at line 1/],
  ])('refuses %s', (_name, text, message) => {
    expect(refusal(text)).toMatch(message);
  });

  it('ignores a merge key instead of merging it, so it is an unknown field', () => {
    expect(
      refusal(
        [
          'base: &base {type: file_exists, status: active}',
          'gates:',
          '  - <<: *base',
          '    id: docs.readme',
          '    description: has a readme',
          '    targets: [README.md]',
        ].join('\n'),
      ),
    ).toMatch(/unknown field\(s\): base/);
  });

  it('names the path, the gate, the pattern and the line of an invalid regular expression', () => {
    const text = [
      'gates:',
      '  - id: security.session_guard',
      '    description: sessions',
      '    type: file_content',
      "    targets: ['src/**/*.ts']",
      "    must_match: ['requireSession\\(', 'tenant(Id']",
      '    status: active',
    ].join('\n');
    expect(refusal(text)).toBe(
      'Invalid contract: gates[0].must_match[1]: invalid regular expression "tenant(Id" in gate "security.session_guard": Invalid regular expression: /tenant(Id/: Unterminated group (line 6, column 38)',
    );
  });

  it('finds the line of an issue in a bare list too', () => {
    const text = [
      '- id: docs.readme',
      '  description: has a readme',
      '  type: file_exists',
      '  targets: [README.md]',
      '  status: active',
      '- id: docs.readme',
      '  description: again',
      '  type: file_exists',
      '  targets: [README.md]',
      '  status: active',
    ].join('\n');
    expect(refusal(text)).toBe(
      'Invalid contract: gates[1].id: duplicate gate id "docs.readme" (already used by gates[0]) (line 6, column 7)',
    );
    expect(refusal(text.replace(/active$/, 'enabled'))).toBe(
      'Invalid contract: gates[1].status: must be active or planned (line 10, column 11)',
    );
  });
});
