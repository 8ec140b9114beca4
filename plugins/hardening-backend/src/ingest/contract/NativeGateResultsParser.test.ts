import { InputError } from '@backstage/errors';
import { parseNativeGateResults } from './NativeGateResultsParser';

describe('parseNativeGateResults', () => {
  it('returns valid results as they are', () => {
    const body = {
      contractDigest: 'f'.repeat(64),
      results: [
        {
          gateId: 'security.session_guard',
          status: 'fail',
          matchedFiles: 14,
          violations: [
            {
              file: 'src/routes/export.ts',
              line: 3,
              message: 'no session check',
            },
          ],
        },
        {
          gateId: 'build.typecheck',
          status: 'pass',
          matchedFiles: 0,
          violations: [],
        },
      ],
    };
    expect(parseNativeGateResults(body)).toEqual(body);
  });

  it('names the path of every problem', () => {
    const body = {
      results: [
        {
          gateId: 'Bad Id',
          status: 'ok',
          matchedFiles: 1,
          violations: [],
          extra: 1,
        },
      ],
    };
    expect(() => parseNativeGateResults(body)).toThrow(InputError);
    expect(() => parseNativeGateResults(body)).toThrow(
      'Invalid contract results: results[0].gateId: gate ids are lower-case words joined by ".", "_" or "-", e.g. security.auth_check; results[0].status: must be pass, fail or error; results[0]: unknown field(s): extra',
    );
  });
});
