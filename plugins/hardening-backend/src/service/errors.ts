import { CustomErrorBase } from '@backstage/errors';

/** The upload is larger than `hardening.ingest.maxUploadBytes` (HTTP 413). */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
}

/** The upload's Content-Type is not one the route accepts (HTTP 415). */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  statusCode = 415;
}
