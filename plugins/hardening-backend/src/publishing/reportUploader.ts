import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  MAX_UPLOADER_NAME_LENGTH,
  PortalWrittenAuditChainAction,
  ReportUploader,
} from '@hardening/backstage-plugin-hardening-common';
import { CiPublisher } from './ciPublisher';

/** A principal's name cut to what a stored uploader holds, marked with `…` when cut. */
function bounded(name: string): string {
  return name.length <= MAX_UPLOADER_NAME_LENGTH
    ? name
    : `${name.slice(0, MAX_UPLOADER_NAME_LENGTH - 1)}…`;
}

/**
 * Who uploads, from what the upload's access check admitted (`EntityAccess`): the CI
 * job of a verified OIDC token (its claims: issuer, repository, ref, workflow, event),
 * else the Backstage principal: a service by subject, a user by entity ref. Names only;
 * credentials and tokens are never part of it.
 */
export function uploaderOf(access: {
  credentials: BackstageCredentials;
  publisher?: CiPublisher;
}): ReportUploader {
  const { publisher } = access;
  if (publisher) {
    return {
      type: 'ci-token',
      issuer: publisher.issuer,
      repository: publisher.repository,
      ref: publisher.ref,
      ...(publisher.workflow ? { workflow: publisher.workflow } : {}),
      ...(publisher.event ? { event: publisher.event } : {}),
    };
  }
  const principal = access.credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return { type: 'user', userEntityRef: bounded(principal.userEntityRef) };
  }
  if (principal.type === 'service' && principal.subject) {
    return { type: 'service', subject: bounded(principal.subject) };
  }
  throw new AuthenticationError(
    'Uploading evidence needs a user, a service token or a CI OIDC token',
  );
}

/** The portal as the uploader of an entry it appends to a release chain on a request. */
export function portalUploader(
  action: PortalWrittenAuditChainAction,
  requestedBy: string,
): ReportUploader {
  return { type: 'portal', action, requestedBy: bounded(requestedBy) };
}

/** The uploader of every report the demo seed stores. */
export const SEED_UPLOADER: ReportUploader = { type: 'portal', action: 'seed' };
