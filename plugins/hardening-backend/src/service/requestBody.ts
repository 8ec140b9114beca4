import { createHash, Hash } from 'node:crypto';
import { Request } from 'express';
import { PayloadTooLargeError } from './errors';

/**
 * The raw body of an upload, read as a stream with a size cap. The SHA-256 digest of
 * the bytes is computed on the way, for idempotent re-uploads.
 */
export class BoundedRequestBody {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(
    private readonly req: Request,
    private readonly maxBytes: number,
  ) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw this.tooLarge();
    }
  }

  async *chunks(): AsyncGenerator<Buffer> {
    // Stopping early (bad input, too large) must not destroy the request: its socket is
    // still needed to send the error answer and to audit the caller's address.
    const body = this.req.iterator({
      destroyOnReturn: false,
    }) as AsyncIterable<Buffer>;
    for await (const chunk of body) {
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) {
        throw this.tooLarge();
      }
      this.hash.update(chunk);
      yield chunk;
    }
  }

  async buffer(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks()) {
      parts.push(chunk);
    }
    return Buffer.concat(parts);
  }

  /** Hex SHA-256 of everything read; call after the body has been consumed. */
  digest(): string {
    return this.hash.digest('hex');
  }

  private tooLarge() {
    return new PayloadTooLargeError(
      `Upload exceeds the limit of ${this.maxBytes} bytes (hardening.ingest.maxUploadBytes)`,
    );
  }
}
