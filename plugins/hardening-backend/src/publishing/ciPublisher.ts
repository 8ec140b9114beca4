import { AuthenticationError } from '@backstage/errors';
import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { IssuerSettings } from './publishingSettings';

/**
 * A CI job that proved who it is with its CI system's OIDC ID token: what the verified
 * claims say about the run. Only these values are trusted; the upload's query string may
 * repeat them but not contradict them.
 */
export type CiPublisher = {
  issuer: string;
  type: 'github' | 'gitlab';
  /** `owner/name` (GitHub `repository`) or `group/…/project` (GitLab `project_path`). */
  repository: string;
  /** Lower-cased owner (GitHub) or top-level group (GitLab). */
  owner: string;
  /** The repository's immutable id: GitHub `repository_id`, GitLab `project_id`. */
  repositoryId?: string;
  /**
   * What started the run: GitHub `event_name` (`push`, `pull_request`,
   * `pull_request_target`, `workflow_run`, …), GitLab `pipeline_source` (`push`,
   * `merge_request_event`, `schedule`, …).
   */
  event?: string;
  /** The full ref, e.g. `refs/heads/main`, `refs/tags/v1.2.0`, `refs/pull/7/merge`. */
  ref: string;
  /** Whether the CI system says the ref is protected; undefined when it does not say. */
  refProtected?: boolean;
  sha: string;
  /**
   * The branch or tag whose code the token vouches for, as the CLI reads it from the job's
   * environment; none for {@link BASE_REF_EVENTS}, whose ref is not the code that ran.
   */
  branch?: string;
  /** The run's page, as stored; `runPages` lists every page of the run a query may name. */
  runUrl: string;
  runPages: RunPage[];
  /** GitHub `run_id`, GitLab `pipeline_id`. */
  runId: string;
  /** GitHub `run_attempt`. */
  runAttempt?: number;
  /** GitHub `workflow_ref`, GitLab `ci_config_ref_uri`. */
  workflow?: string;
  /** e.g. `github:northwind-freight/payments-api`, for messages and audit events. */
  subject: string;
};

/** A page of the run: its URL, and the pages below it a query's runUrl may name. */
export type RunPage = { url: string; subpages?: RegExp };

/**
 * GitHub events whose token carries the base repository's ref (`ref` is the default or
 * base branch, e.g. `refs/heads/main`, often protected) while the job typically builds
 * and tests a pull request's code, from a fork as often as not: `pull_request_target`
 * (its `head_ref` is the pull request's branch, in whatever repository it lives) and
 * `workflow_run` (run after another workflow, usually on its artifacts). The token names
 * no branch of the code that ran, so none is stored.
 */
export const BASE_REF_EVENTS: readonly string[] = [
  'pull_request_target',
  'workflow_run',
];

const textClaim = z.string().min(1).max(1024);
const eventClaim = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'is not an event name');
const numericClaim = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform(String)
  .pipe(z.string().regex(/^\d{1,20}$/, 'is not a number'));
const boolClaim = z
  .union([z.enum(['true', 'false']), z.boolean()])
  .transform(v => v === true || v === 'true');
const shaClaim = z
  .string()
  .regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/i, 'is not a git commit SHA')
  .transform(v => v.toLocaleLowerCase('en-US'));
const pathClaim = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+$/, 'is not a repository path');

const githubClaims = z.object({
  repository: pathClaim,
  repository_owner: textClaim,
  repository_id: numericClaim.optional(),
  event_name: eventClaim.optional(),
  ref: textClaim.regex(/^refs\//, 'is not a full ref'),
  ref_protected: boolClaim.optional(),
  head_ref: z.string().max(1024).optional(),
  sha: shaClaim,
  run_id: numericClaim,
  run_attempt: numericClaim.optional(),
  workflow_ref: textClaim.optional(),
});

const gitlabClaims = z.object({
  project_path: pathClaim,
  project_id: numericClaim.optional(),
  pipeline_source: eventClaim.optional(),
  ref: textClaim,
  ref_type: z.enum(['branch', 'tag']),
  ref_path: textClaim.regex(/^refs\//, 'is not a full ref').optional(),
  ref_protected: boolClaim.optional(),
  sha: shaClaim,
  pipeline_id: numericClaim,
  job_id: numericClaim,
  ci_config_ref_uri: textClaim.optional(),
});

/** What GitHub's GITHUB_REF_NAME holds for a ref: the name without refs/heads/ etc. */
function shortRefName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags|pull)\//, '');
}

function parseClaims<T extends z.ZodType>(
  schema: T,
  payload: JWTPayload,
  issuer: string,
): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map(i => `${i.path.join('.') || 'payload'} ${i.message}`)
      .join('; ');
    throw new AuthenticationError(
      `The CI token from ${issuer} lacks the claims an upload needs: ${detail}`,
    );
  }
  return parsed.data;
}

/** The publisher the verified claims of a token of `issuer` describe; 401 when claims are missing. */
export function publisherFromClaims(
  payload: JWTPayload,
  issuer: IssuerSettings,
): CiPublisher {
  const base = issuer.runUrlBase;
  if (issuer.type === 'github') {
    const c = parseClaims(githubClaims, payload, issuer.issuer);
    const runUrl = `${base}/${c.repository}/actions/runs/${c.run_id}`;
    const baseRef = c.event_name && BASE_REF_EVENTS.includes(c.event_name);
    return {
      issuer: issuer.issuer,
      type: 'github',
      repository: c.repository,
      owner: c.repository_owner.toLocaleLowerCase('en-US'),
      repositoryId: c.repository_id,
      event: c.event_name,
      ref: c.ref,
      refProtected: c.ref_protected,
      sha: c.sha,
      branch: baseRef ? undefined : c.head_ref || shortRefName(c.ref),
      runUrl,
      // A job's page (`/job/<id>`) or an attempt's (`/attempts/<n>`).
      runPages: [{ url: runUrl, subpages: /^\/(job|attempts)\/\d{1,20}$/ }],
      runId: c.run_id,
      runAttempt: c.run_attempt ? Number(c.run_attempt) : undefined,
      workflow: c.workflow_ref,
      subject: `github:${c.repository}`,
    };
  }
  const c = parseClaims(gitlabClaims, payload, issuer.issuer);
  const project = `${base}/${c.project_path}/-`;
  const jobUrl = `${project}/jobs/${c.job_id}`;
  return {
    issuer: issuer.issuer,
    type: 'gitlab',
    repository: c.project_path,
    owner: c.project_path.split('/')[0].toLocaleLowerCase('en-US'),
    repositoryId: c.project_id,
    event: c.pipeline_source,
    ref:
      c.ref_path ??
      `${c.ref_type === 'tag' ? 'refs/tags/' : 'refs/heads/'}${c.ref}`,
    refProtected: c.ref_protected,
    sha: c.sha,
    branch: c.ref,
    runUrl: jobUrl,
    runPages: [
      { url: jobUrl },
      {
        url: `${project}/pipelines/${c.pipeline_id}`,
        // The pipeline page's tabs.
        subpages:
          /^\/(builds|failures|test_report|dag|security|licenses|codequality_report)$/,
      },
    ],
    runId: c.pipeline_id,
    workflow: c.ci_config_ref_uri,
    subject: `gitlab:${c.project_path}`,
  };
}

/** The publisher as audit events record it. */
export function publisherAuditMeta(publisher: CiPublisher) {
  return {
    issuer: publisher.issuer,
    subject: publisher.subject,
    repository: publisher.repository,
    ref: publisher.ref,
    sha: publisher.sha,
    runId: publisher.runId,
    ...(publisher.repositoryId ? { repositoryId: publisher.repositoryId } : {}),
    ...(publisher.event ? { event: publisher.event } : {}),
    ...(publisher.runAttempt ? { runAttempt: publisher.runAttempt } : {}),
    ...(publisher.workflow ? { workflow: publisher.workflow } : {}),
  };
}
