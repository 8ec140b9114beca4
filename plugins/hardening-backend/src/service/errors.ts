import { CustomErrorBase } from '@backstage/errors';
import { RepositoryReadRule } from '@hardening/backstage-plugin-hardening-common';
import { refusalStatus } from '../repositoryReads/readRefusal';

/** The upload is larger than the limit that applies to it (HTTP 413); see `describeTooLarge`. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
}

/** The upload's Content-Type is not one the route accepts (HTTP 415). */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  statusCode = 415;
}

/**
 * A file of the entity's repository a `hardening.repositoryReads` rule refused to read:
 * 413, 403 or 422 by rule (see `refusalStatus`); the body's error carries the `rule`.
 */
export class RepositoryReadRefusedError extends CustomErrorBase {
  name = 'RepositoryReadRefusedError' as const;
  readonly statusCode: number;

  constructor(readonly rule: RepositoryReadRule, message: string) {
    super(message);
    this.statusCode = refusalStatus(rule);
  }
}
