import { HttpAuthService } from '@backstage/backend-plugin-api';
import { RequestHandler } from 'express';
import { TrustedPublisherVerifier } from './trustedPublisherVerifier';

/** The one route open without credentials. */
const HEALTH_PATH = /^\/health\/?$/i;

/**
 * The first middleware of the plugin's router when trusted publishing is on.
 *
 * The upload routes are then registered with the HTTP router as `unauthenticated`, so that
 * Backstage's credentials barrier lets a CI OIDC token (which Backstage cannot verify)
 * reach the plugin. The barrier matches path prefixes, so that also opens every path below
 * an upload path (e.g. `…/test-reports/{id}/cases`) and every method on them. This gate
 * closes them again: a request with a token of a trusted issuer must verify here (401 when
 * it does not), and any other request must carry Backstage user or service credentials,
 * exactly as the barrier demands elsewhere. What a verified CI token may do is decided by
 * the entity access check: uploads only.
 */
export function createPublishingGate(options: {
  httpAuth: HttpAuthService;
  publishers: TrustedPublisherVerifier;
}): RequestHandler {
  const { httpAuth, publishers } = options;
  return (req, _res, next) => {
    if (HEALTH_PATH.test(req.path)) {
      next();
      return;
    }
    publishers
      .publisherOf(req)
      .then(async publisher => {
        if (!publisher) {
          await httpAuth.credentials(req, { allow: ['user', 'service'] });
        }
      })
      .then(() => next(), next);
  };
}
