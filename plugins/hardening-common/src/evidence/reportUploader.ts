import { z } from 'zod';
import { PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS } from '../auditChain/portalWritten';
import { principalName } from '../principal';

/**
 * Longest principal name (service subject, user entity ref) an uploader records.
 *
 * @public
 */
export const MAX_UPLOADER_NAME_LENGTH = 255;

const principalSchema = z.string().min(1).max(MAX_UPLOADER_NAME_LENGTH);

/**
 * What the portal itself writes as a report: an entry of a portal-written action in the
 * release chain (a `freeze`), or the reports of the demo seed.
 *
 * @public
 */
export const PORTAL_UPLOAD_ACTIONS = [
  ...(Object.keys(
    PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS,
  ) as (keyof typeof PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS)[]),
  'seed',
] as const;

/**
 * Who stored a report: the principal the upload's access check admitted. Recorded beside
 * the report, never part of its identity. Names and claims only, never a credential.
 *
 * - `ci-token`: a CI job with its CI system's verified OIDC ID token (trusted publishing):
 *   the issuer, repository and ref the token names, and the workflow (GitHub
 *   `workflow_ref`, GitLab `ci_config_ref_uri`) and event (GitHub `event_name`, GitLab
 *   `pipeline_source`) when it names them.
 * - `service`: a Backstage service principal (a static or JWKS external access token, or
 *   another plugin), by its subject.
 * - `user`: a signed-in user, by user entity ref.
 * - `portal`: the backend itself: an entry it appends to the release chain (`freeze`, for
 *   `requestedBy`, the principal who asked), or the demo seed (`seed`).
 *
 * @public
 */
export const reportUploaderSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ci-token'),
    issuer: z.string().min(1).max(2048),
    repository: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+$/),
    ref: z.string().min(1).max(2048),
    workflow: z.string().min(1).max(1024).optional(),
    event: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/)
      .optional(),
  }),
  z.strictObject({ type: z.literal('service'), subject: principalSchema }),
  z.strictObject({ type: z.literal('user'), userEntityRef: principalSchema }),
  z.strictObject({
    type: z.literal('portal'),
    action: z.enum(PORTAL_UPLOAD_ACTIONS),
    requestedBy: principalSchema.optional(),
  }),
]);

/** @public */
export type ReportUploader = z.infer<typeof reportUploaderSchema>;

/**
 * The file name of a CI workflow reference: `ci.yml` of GitHub's
 * `owner/repo/.github/workflows/ci.yml@refs/heads/main`, `.gitlab-ci.yml` of GitLab's
 * `gitlab.com/group/project//.gitlab-ci.yml@refs/heads/main`.
 *
 * @public
 */
export function workflowFileName(workflow: string): string {
  const path = workflow.replace(/@[^@]*$/, '');
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

/**
 * A short label of who uploaded a report, e.g. `by CI northwind-freight/payments-api
 * (ci.yml, push)`, `by service ci-evidence-upload`, `by ana`, `by the portal (freeze
 * requested by ana)`, `by the portal (demo seed)`.
 *
 * @public
 */
export function describeReportUploader(uploader: ReportUploader): string {
  switch (uploader.type) {
    case 'ci-token': {
      const details = [
        uploader.workflow && workflowFileName(uploader.workflow),
        uploader.event,
      ].filter(Boolean);
      return `by CI ${uploader.repository}${
        details.length ? ` (${details.join(', ')})` : ''
      }`;
    }
    case 'service':
      return `by service ${uploader.subject}`;
    case 'user':
      return `by ${principalName(uploader.userEntityRef)}`;
    case 'portal':
      if (uploader.action === 'seed') return 'by the portal (demo seed)';
      return `by the portal (${uploader.action}${
        uploader.requestedBy
          ? ` requested by ${principalName(uploader.requestedBy)}`
          : ''
      })`;
    default:
      return 'by an unknown uploader';
  }
}
