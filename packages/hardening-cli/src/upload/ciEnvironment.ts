/** The CI context fields a pipeline's environment can give. */
export type CiEnvironmentContext = {
  /** Which CI system the values came from, for messages. */
  system?: string;
  commit?: string;
  branch?: string;
  runUrl?: string;
  pipeline?: string;
  /** The CI system's id of the run (GitHub run id, GitLab pipeline id). */
  runId?: string;
  /** The attempt of a re-run run, as the variable gives it (GitHub's run attempt). */
  runAttempt?: string;
  /** When the run started, ISO 8601, where the CI system says (GitLab). */
  runAt?: string;
};

type Env = Readonly<Record<string, string | undefined>>;

/** A non-empty value, trimmed; undefined for unset or blank variables. */
function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

type CiSystem = {
  name: string;
  detect: (env: Env) => boolean;
  read: (env: Env) => Omit<CiEnvironmentContext, 'system'>;
};

/**
 * GitHub events that run with the base repository's ref while the job usually works on a
 * pull request's code (`pull_request_target`: GITHUB_HEAD_REF is the pull request's
 * branch, possibly a fork's; `workflow_run`: GITHUB_REF_NAME is the default branch). Their
 * OIDC token vouches for no branch of that code, so the backend stores none and none is
 * sent.
 */
const BASE_REF_EVENTS = new Set(['pull_request_target', 'workflow_run']);

function githubBranch(env: Env): string | undefined {
  if (BASE_REF_EVENTS.has(value(env, 'GITHUB_EVENT_NAME') ?? '')) {
    return undefined;
  }
  // On pull requests GITHUB_REF_NAME is "<number>/merge"; the head branch is the one meant.
  return value(env, 'GITHUB_HEAD_REF') ?? value(env, 'GITHUB_REF_NAME');
}

function githubRunUrl(env: Env): string | undefined {
  const server = value(env, 'GITHUB_SERVER_URL');
  const repository = value(env, 'GITHUB_REPOSITORY');
  const runId = value(env, 'GITHUB_RUN_ID');
  if (!server || !repository || !runId) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
}

/**
 * CI systems in the order they are looked for. Each is recognised by the variable it
 * always sets, so a GitLab job that happens to have a `GIT_COMMIT` is still read as GitLab.
 */
const SYSTEMS: readonly CiSystem[] = [
  {
    name: 'GitHub Actions',
    detect: env => value(env, 'GITHUB_ACTIONS') === 'true',
    read: env => ({
      commit: value(env, 'GITHUB_SHA'),
      branch: githubBranch(env),
      runUrl: githubRunUrl(env),
      pipeline: value(env, 'GITHUB_WORKFLOW'),
      runId: value(env, 'GITHUB_RUN_ID'),
      runAttempt: value(env, 'GITHUB_RUN_ATTEMPT'),
      // No variable gives the run's start; --run-at / HARDENING_RUN_AT can.
    }),
  },
  {
    name: 'GitLab CI',
    detect: env => value(env, 'GITLAB_CI') === 'true',
    read: env => ({
      commit: value(env, 'CI_COMMIT_SHA'),
      branch: value(env, 'CI_COMMIT_REF_NAME'),
      runUrl: value(env, 'CI_JOB_URL') ?? value(env, 'CI_PIPELINE_URL'),
      pipeline: value(env, 'CI_PIPELINE_ID'),
      // GitLab has no attempt number: a retried job is a new job, with its own CI_JOB_URL
      // (the run URL), so its report is a new report already.
      runId: value(env, 'CI_PIPELINE_ID'),
      runAt: value(env, 'CI_PIPELINE_CREATED_AT'),
    }),
  },
  {
    name: 'Buildkite',
    detect: env => value(env, 'BUILDKITE') === 'true',
    read: env => ({
      commit: value(env, 'BUILDKITE_COMMIT'),
      branch: value(env, 'BUILDKITE_BRANCH'),
      runUrl: value(env, 'BUILDKITE_BUILD_URL'),
      pipeline: value(env, 'BUILDKITE_PIPELINE_SLUG'),
    }),
  },
  {
    name: 'CircleCI',
    detect: env => value(env, 'CIRCLECI') === 'true',
    read: env => ({
      commit: value(env, 'CIRCLE_SHA1'),
      branch: value(env, 'CIRCLE_BRANCH'),
      runUrl: value(env, 'CIRCLE_BUILD_URL'),
      pipeline: value(env, 'CIRCLE_WORKFLOW_ID'),
    }),
  },
  {
    name: 'Jenkins',
    detect: env =>
      value(env, 'JENKINS_URL') !== undefined ||
      value(env, 'BUILD_URL') !== undefined,
    read: env => ({
      commit: value(env, 'GIT_COMMIT'),
      // Multibranch pipelines set BRANCH_NAME; the git plugin sets GIT_BRANCH as "origin/main".
      branch:
        value(env, 'BRANCH_NAME') ??
        value(env, 'GIT_BRANCH')?.replace(/^origin\//, ''),
      runUrl: value(env, 'BUILD_URL'),
      pipeline: value(env, 'JOB_NAME'),
    }),
  },
];

/**
 * The CI context of the current run, read from the variables the CI system sets:
 * GitHub Actions, GitLab CI, Buildkite, CircleCI or Jenkins. Empty outside CI.
 */
export function ciContextFromEnvironment(env: Env): CiEnvironmentContext {
  const system = SYSTEMS.find(s => s.detect(env));
  if (!system) return {};
  const read = system.read(env);
  const context: CiEnvironmentContext = { system: system.name };
  for (const key of [
    'commit',
    'branch',
    'runUrl',
    'pipeline',
    'runId',
    'runAttempt',
    'runAt',
  ] as const) {
    if (read[key] !== undefined) context[key] = read[key];
  }
  return context;
}
