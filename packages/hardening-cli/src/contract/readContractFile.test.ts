import { CliError } from '../CliError';
import { parseContractText } from './readContractFile';

const GATE = `  - id: security.auth
    description: Routes check the caller
    type: file_content
    targets: ['src/routes/**/*.ts']
    must_match: ['requireCaller\\(']
    status: active
`;

describe('parseContractText', () => {
  it('gives the same digest whatever the layout, comments and key order', () => {
    const a = parseContractText(`version: 1\ngates:\n${GATE}`, 'a.yml');
    const b = parseContractText(
      `# reordered\ngates:\n  - status: active\n    must_match: ["requireCaller\\\\("]\n    targets:\n      - src/routes/**/*.ts\n    type: file_content\n    description: Routes check the caller\n    id: security.auth\nversion: 1\n`,
      'b.yml',
    );
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.digest).toBe(a.digest);
    expect(
      parseContractText(`version: 2\ngates:\n${GATE}`, 'c.yml').digest,
    ).not.toBe(a.digest);
  });

  it('names the line and column of a YAML error', () => {
    expect(() =>
      parseContractText('gates:\n  - id: a\n    id: b\n', 'contract.yml'),
    ).toThrow(/^contract\.yml:3:5: invalid YAML: Map keys must be unique/);
  });

  it('names the path of an invalid gate', () => {
    let error: unknown;
    try {
      parseContractText(
        `gates:\n${GATE.replace('must_match', 'must_macth')}`,
        'contract.yml',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toContain(
      'contract.yml is not a valid delivery contract:\n  gates[0]: unknown field(s): must_macth',
    );
  });

  it('refuses custom tags like the backend does', () => {
    expect(() =>
      parseContractText('gates: !!binary aGVsbG8=\n', 'contract.yml'),
    ).toThrow(/invalid YAML/);
  });
});
