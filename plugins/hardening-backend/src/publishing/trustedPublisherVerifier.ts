import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { Request } from 'express';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { CiPublisher, publisherFromClaims } from './ciPublisher';
import { IssuerKeys, KeySet } from './issuerKeys';
import {
  IssuerSettings,
  TrustedPublishingSettings,
} from './publishingSettings';

/** Largest CI token looked at; GitHub's and GitLab's are 1–2 KiB. */
export const MAX_TOKEN_BYTES = 8 * 1024;

type Issuer = { settings: IssuerSettings; keys: IssuerKeys };

/** Verified publishers by request, so the router's gate and the route verify once. */
const publishers = new WeakMap<Request, Promise<CiPublisher | undefined>>();

/** The publisher a request was verified as, if it was (no verification here). */
export async function verifiedPublisherOf(
  req: Request,
): Promise<CiPublisher | undefined> {
  try {
    return await publishers.get(req);
  } catch {
    return undefined;
  }
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^Bearer[ ]+(\S+)$/i.exec(header)?.[1];
}

/** Why jose refused a token, as a sentence that says what to change. */
function describeRefusal(error: unknown, issuer: IssuerSettings): string {
  if (error instanceof errors.JWTExpired) {
    return 'it has expired: request a new token in the job';
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      return `its audience is not ${issuer.audiences.join(
        ' or ',
      )}: request the token with that audience`;
    }
    if (error.claim === 'nbf') {
      return 'it is not valid yet (its nbf is in the future)';
    }
    return `its "${error.claim}" claim is refused (${error.reason})`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return `it is not signed with one of ${issuer.algorithms.join(', ')}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return `it is signed with a key the issuer's JWKS (${issuer.jwksUrl}) does not list`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "its signature does not verify with the issuer's keys";
  }
  return `it is not a valid signed JWT (${(error as Error).message})`;
}

/**
 * Trusted publishing: recognises a bearer token that is a JWT whose `iss` is one of
 * `hardening.ingest.trustedPublishing.issuers`, and verifies it against that issuer's
 * JWKS with jose: signature (asymmetric algorithms only), issuer, audience, `exp`
 * (required) and `nbf`, with a small clock tolerance. Any other token is not its business
 * (Backstage's own authentication handles it).
 */
export class TrustedPublisherVerifier {
  readonly #issuers = new Map<string, Issuer>();
  private readonly now: () => number;
  private readonly logger?: LoggerService;

  constructor(
    readonly settings: TrustedPublishingSettings,
    options: {
      cache: CacheService;
      logger?: LoggerService;
      now?: () => number;
      fetch?: typeof fetch;
    },
  ) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.logger = options.logger;
    for (const issuer of settings.issuers) {
      this.#issuers.set(issuer.issuer, {
        settings: issuer,
        keys: new IssuerKeys({
          issuer: issuer.issuer,
          jwksUrl: issuer.jwksUrl,
          cache: options.cache,
          now,
          logger: options.logger,
          fetch: options.fetch,
        }),
      });
    }
  }

  /** The configured issuers. */
  get issuers(): IssuerSettings[] {
    return this.settings.issuers;
  }

  /**
   * The verified publisher of the request, or undefined when its bearer token is not a
   * JWT of a trusted issuer. A token that claims a trusted issuer but does not verify is a
   * 401 (it never falls back to another kind of authentication); one from an owner the
   * issuer does not accept is a 403. The answer is remembered for the request.
   */
  publisherOf(req: Request): Promise<CiPublisher | undefined> {
    let publisher = publishers.get(req);
    if (!publisher) {
      publisher = this.identify(req);
      publishers.set(req, publisher);
    }
    return publisher;
  }

  private async identify(req: Request): Promise<CiPublisher | undefined> {
    const token = bearerToken(req);
    if (!token) return undefined;
    const issuer = this.issuerOf(token);
    if (!issuer) return undefined;
    const { settings } = issuer;
    if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) {
      throw new AuthenticationError(
        `The CI token from ${settings.issuer} is larger than ${MAX_TOKEN_BYTES} bytes`,
      );
    }
    const payload = await this.verify(token, issuer);
    const publisher = publisherFromClaims(payload, settings);
    if (
      settings.allowedOwners &&
      !settings.allowedOwners.includes(publisher.owner)
    ) {
      // The refusal does not list the owners that are accepted: that is configuration.
      this.logger?.debug(
        `Trusted publishing: refused a token of ${publisher.repository} from ${settings.issuer}: owner ${publisher.owner} is not in its allowedOwners`,
      );
      throw new NotAllowedError(
        `Tokens of ${settings.issuer} are not accepted from ${publisher.owner}, the owner of ${publisher.repository}: hardening.ingest.trustedPublishing allowedOwners does not list it; ask the portal's administrators to add it if its repositories should upload evidence`,
      );
    }
    return publisher;
  }

  /** The trusted issuer the token claims, read without verifying; undefined for any other token. */
  private issuerOf(token: string): Issuer | undefined {
    if (token.split('.').length !== 3) return undefined;
    try {
      const { iss } = decodeJwt(token);
      return typeof iss === 'string' ? this.#issuers.get(iss) : undefined;
    } catch {
      return undefined;
    }
  }

  private async verify(token: string, issuer: Issuer) {
    const { settings, keys } = issuer;
    const attempt = (keySet: KeySet) =>
      jwtVerify(token, keySet, {
        issuer: settings.issuer,
        audience: settings.audiences,
        algorithms: settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp'],
        currentDate: new Date(this.now()),
      });
    try {
      try {
        return (await attempt(await keys.current())).payload;
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        // A key the cached JWKS lacks: the issuer may have rotated its keys.
        const refreshed = await keys.refreshed();
        if (!refreshed) throw error;
        return (await attempt(refreshed)).payload;
      }
    } catch (error) {
      if (!(error instanceof errors.JOSEError)) throw error;
      let kid = '';
      try {
        kid = decodeProtectedHeader(token).kid ?? '';
      } catch {
        // described below
      }
      // The kid is the caller's text: named only when it looks like a key id.
      if (!/^[\w.:-]{1,100}$/.test(kid)) kid = '';
      throw new AuthenticationError(
        `The CI token from ${settings.issuer}${
          kid ? ` (key ${kid})` : ''
        } was refused: ${describeRefusal(error, settings)}`,
      );
    }
  }
}
