import { contractResultsDocumentSchema } from './gateResults';

describe('contractResultsDocumentSchema', () => {
  const result = {
    gateId: 'security.auth_check_existence',
    status: 'fail',
    matchedFiles: 12,
    violations: [
      {
        file: 'apps/web/src/app/api/claims/route.ts',
        line: 3,
        message: 'no session check',
      },
    ],
  };

  it('accepts results with and without a contract digest', () => {
    expect(
      contractResultsDocumentSchema.safeParse({ results: [result] }).success,
    ).toBe(true);
    expect(
      contractResultsDocumentSchema.safeParse({
        contractDigest: 'a'.repeat(64),
        results: [
          result,
          {
            gateId: 'build.lint',
            status: 'pass',
            matchedFiles: 0,
            violations: [],
          },
        ],
      }).success,
    ).toBe(true);
  });

  it.each([
    ['a gate reported twice', { results: [result, result] }],
    ['a negative file count', { results: [{ ...result, matchedFiles: -1 }] }],
    [
      'line 0',
      {
        results: [
          { ...result, violations: [{ file: 'a', line: 0, message: 'x' }] },
        ],
      },
    ],
    ['an unknown status', { results: [{ ...result, status: 'passed' }] }],
    [
      'more than 10 000 violations for one gate',
      {
        results: [
          {
            ...result,
            violations: Array.from({ length: 10_001 }, () => ({
              file: 'a.ts',
              message: 'x',
            })),
          },
        ],
      },
    ],
  ])('refuses %s', (_name, body) => {
    expect(contractResultsDocumentSchema.safeParse(body).success).toBe(false);
  });
});
