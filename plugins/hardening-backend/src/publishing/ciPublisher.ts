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
  /** GitLab `project_id`. */
  projectId?: string;
  /** The full ref, e.g. `refs/heads/main`, `refs/tags/v1.2.0`, `refs/pull/7/merge`. */
  ref: string;
  /** Whether the CI system says the ref is protected; undefined when it does not say. */
  refProtected?: boolean;
  sha: string;
  /** The branch or tag name as the CLI reads it from the job's environment. */
  branch: string;
  /** The run's page, as stored; `runUrls` lists every page of the run a query may name. */
  runUrl: string;
  runUrls: string[];
  /** GitHub `run_id`, GitLab `pipeline_id`. */
  runId: string;
  /** GitHub `run_attempt`. */
  runAttempt?: number;
  /** GitHub `workflow_ref`, GitLab `ci_config_ref_uri`. */
  workflow?: string;
  /** e.g. `github:northwind-freight/payments-api`, for messages and audit events. */
  subject: string;
};

const textClaim = z.string().min(1).max(1024);
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
    return {
      issuer: issuer.issuer,
      type: 'github',
      repository: c.repository,
      owner: c.repository_owner.toLocaleLowerCase('en-US'),
      ref: c.ref,
      refProtected: c.ref_protected,
      sha: c.sha,
      branch: c.head_ref || shortRefName(c.ref),
      runUrl,
      runUrls: [runUrl],
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
    projectId: c.project_id,
    ref:
      c.ref_path ??
      `${c.ref_type === 'tag' ? 'refs/tags/' : 'refs/heads/'}${c.ref}`,
    refProtected: c.ref_protected,
    sha: c.sha,
    branch: c.ref,
    runUrl: jobUrl,
    runUrls: [jobUrl, `${project}/pipelines/${c.pipeline_id}`],
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
    ...(publisher.runAttempt ? { runAttempt: publisher.runAttempt } : {}),
    ...(publisher.workflow ? { workflow: publisher.workflow } : {}),
  };
}
