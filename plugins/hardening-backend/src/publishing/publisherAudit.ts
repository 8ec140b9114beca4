import { AuditorService } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { publisherAuditMeta } from './ciPublisher';
import { verifiedPublisherOf } from './trustedPublisherVerifier';

/**
 * The request as the auditor may see it: the same request without its credentials. The
 * auditor works out the actor by authenticating the request itself, and a CI token is no
 * Backstage credential: given as it is, the audit event would fail (and with it the
 * upload). Without credentials the event has no actor id, and names the CI job in its
 * meta instead (`ciPublisher`), so no other principal is ever recorded.
 */
function withoutCredentials(req: Request): Request {
  const headers = { ...req.headers };
  delete headers.authorization;
  delete headers.cookie;
  return Object.create(req, {
    headers: { value: headers, enumerable: true },
  }) as Request;
}

/**
 * The plugin's auditor: events of requests made with a CI OIDC token carry the verified
 * publisher (issuer, repository, ref, sha, run id and attempt, workflow) in their meta;
 * every other event is passed on unchanged.
 */
export function withPublisherAudit(auditor: AuditorService): AuditorService {
  return {
    async createEvent(options) {
      const publisher =
        options.request &&
        (await verifiedPublisherOf(options.request as Request));
      if (!publisher) return auditor.createEvent(options);
      return auditor.createEvent({
        ...options,
        request: withoutCredentials(options.request as Request),
        meta: { ...options.meta, ciPublisher: publisherAuditMeta(publisher) },
      });
    },
  };
}
