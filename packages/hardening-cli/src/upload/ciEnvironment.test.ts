import { ciContextFromEnvironment } from './ciEnvironment';

describe('ciContextFromEnvironment', () => {
  it('reads GitHub Actions, preferring the head branch of a pull request', () => {
    expect(
      ciContextFromEnvironment({
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: 'a1b2c3d',
        GITHUB_REF_NAME: '17/merge',
        GITHUB_HEAD_REF: 'feature/refunds',
        GITHUB_SERVER_URL: 'https://github.example.com/',
        GITHUB_REPOSITORY: 'northwind/payments-api',
        GITHUB_RUN_ID: '99',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_WORKFLOW: 'ci',
      }),
    ).toEqual({
      system: 'GitHub Actions',
      commit: 'a1b2c3d',
      branch: 'feature/refunds',
      runUrl:
        'https://github.example.com/northwind/payments-api/actions/runs/99',
      pipeline: 'ci',
      runId: '99',
      runAttempt: '2',
    });
  });

  it('sends no branch from pull_request_target and workflow_run runs, whose ref is the base branch and whose code is usually a pull request’s', () => {
    for (const event of ['pull_request_target', 'workflow_run']) {
      const context = ciContextFromEnvironment({
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: event,
        GITHUB_SHA: 'a1b2c3d',
        GITHUB_REF_NAME: 'main',
        GITHUB_HEAD_REF: 'main',
      });
      expect(context).toEqual({ system: 'GitHub Actions', commit: 'a1b2c3d' });
    }
    expect(
      ciContextFromEnvironment({
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF_NAME: 'main',
      }).branch,
    ).toBe('main');
  });

  it('reads GitLab CI, the pipeline as the run and its creation as the run time', () => {
    expect(
      ciContextFromEnvironment({
        GITLAB_CI: 'true',
        CI_COMMIT_SHA: 'b2c3d4e',
        CI_COMMIT_REF_NAME: 'main',
        CI_JOB_URL: 'https://gitlab.example.com/northwind/api/-/jobs/7',
        CI_PIPELINE_ID: '1234',
        CI_PIPELINE_CREATED_AT: '2026-11-20T09:58:12Z',
        CI_JOB_ID: '7',
        GIT_COMMIT: 'ffffff0',
      }),
    ).toEqual({
      system: 'GitLab CI',
      commit: 'b2c3d4e',
      branch: 'main',
      runUrl: 'https://gitlab.example.com/northwind/api/-/jobs/7',
      pipeline: '1234',
      runId: '1234',
      runAt: '2026-11-20T09:58:12Z',
    });
  });

  it('reads Jenkins, from BRANCH_NAME or GIT_BRANCH without its remote', () => {
    const jenkins = {
      JENKINS_URL: 'https://ci.example.com/',
      GIT_COMMIT: 'c3d4e5f',
      BUILD_URL: 'https://ci.example.com/job/api/12/',
      JOB_NAME: 'api',
    };
    expect(
      ciContextFromEnvironment({ ...jenkins, BRANCH_NAME: 'main' }),
    ).toEqual({
      system: 'Jenkins',
      commit: 'c3d4e5f',
      branch: 'main',
      runUrl: 'https://ci.example.com/job/api/12/',
      pipeline: 'api',
    });
    expect(
      ciContextFromEnvironment({ ...jenkins, GIT_BRANCH: 'origin/release' })
        .branch,
    ).toBe('release');
  });

  it('reads Buildkite and CircleCI', () => {
    expect(
      ciContextFromEnvironment({
        BUILDKITE: 'true',
        BUILDKITE_COMMIT: 'd4e5f60',
        BUILDKITE_BRANCH: 'main',
        BUILDKITE_BUILD_URL: 'https://buildkite.com/northwind/api/builds/3',
        BUILDKITE_PIPELINE_SLUG: 'api',
      }),
    ).toEqual({
      system: 'Buildkite',
      commit: 'd4e5f60',
      branch: 'main',
      runUrl: 'https://buildkite.com/northwind/api/builds/3',
      pipeline: 'api',
    });
    expect(
      ciContextFromEnvironment({
        CIRCLECI: 'true',
        CIRCLE_SHA1: 'e5f6071',
        CIRCLE_BRANCH: 'main',
        CIRCLE_BUILD_URL: 'https://circleci.com/gh/northwind/api/5',
        CIRCLE_WORKFLOW_ID: 'wf-1',
      }),
    ).toEqual({
      system: 'CircleCI',
      commit: 'e5f6071',
      branch: 'main',
      runUrl: 'https://circleci.com/gh/northwind/api/5',
      pipeline: 'wf-1',
    });
  });

  it('gives nothing outside CI and skips blank variables', () => {
    expect(ciContextFromEnvironment({ GIT_COMMIT: 'abcdef0' })).toEqual({});
    expect(
      ciContextFromEnvironment({ GITLAB_CI: 'true', CI_COMMIT_SHA: '  ' }),
    ).toEqual({ system: 'GitLab CI' });
  });
});
