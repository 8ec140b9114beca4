import { InputError } from '@backstage/errors';
import { mergeTriageRunContext } from './triageRunContext';

describe('mergeTriageRunContext', () => {
  it('completes the query context with the run block of the report', () => {
    expect(
      mergeTriageRunContext(
        { tags: ['nightly'], pipeline: 'integration' },
        {
          id: '42',
          commit: 'abc1234',
          branch: 'main',
          url: 'https://ci.example.com/runs/42',
        },
      ),
    ).toEqual({
      tags: ['nightly'],
      pipeline: 'integration',
      commit: 'abc1234',
      branch: 'main',
      runUrl: 'https://ci.example.com/runs/42',
      runId: '42',
    });
  });

  it('accepts the same value in both places and keeps the query one', () => {
    expect(
      mergeTriageRunContext(
        { tags: [], commit: 'ABC1234' },
        { commit: 'abc1234' },
      ),
    ).toEqual({ tags: [], commit: 'ABC1234' });
    expect(mergeTriageRunContext({ tags: [] }, undefined)).toEqual({
      tags: [],
    });
  });

  it('refuses a run block that contradicts the query string', () => {
    expect(() =>
      mergeTriageRunContext(
        { tags: [], branch: 'main' },
        { branch: 'release' },
      ),
    ).toThrow(InputError);
    expect(() =>
      mergeTriageRunContext(
        { tags: [], commit: 'abc1234' },
        { commit: 'def5678' },
      ),
    ).toThrow(/run.commit "def5678" disagrees with the commit query parameter/);
    expect(() =>
      mergeTriageRunContext({ tags: [], runId: '41' }, { id: '42' }),
    ).toThrow('run.id "42" disagrees with the runId query parameter "41"');
  });

  it('accepts the run id in both places when they are equal', () => {
    expect(
      mergeTriageRunContext({ tags: [], runId: '42' }, { id: '42' }),
    ).toEqual({ tags: [], runId: '42' });
  });
});
