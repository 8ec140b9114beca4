import { createHash, Hash } from 'node:crypto';
import { Request } from 'express';
import { PayloadTooLargeError } from './errors';

/** Bytes first set aside for a body of undeclared length. */
const INITIAL_CAPACITY = 64 * 1024;

/**
 * The raw body of an upload, read as a stream with a size cap. The SHA-256 digest of
 * the bytes is computed on the way, for the report's identity.
 */
export class BoundedRequestBody {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  /**
   * @param maxBytes - larger bodies are refused with 413
   * @param setting - the config key that sets `maxBytes`, named in the 413's message
   */
  constructor(
    private readonly req: Request,
    private readonly maxBytes: number,
    private readonly setting = 'hardening.ingest.maxUploadBytes',
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

  /**
   * The body as UTF-8 text (invalid sequences become U+FFFD), for `JSON.parse`. The chunks
   * are copied, as they arrive, into one buffer of the declared `Content-Length` (grown by
   * doubling when there is none), so that each chunk is garbage once copied, and the bytes
   * are decoded once: the returned string is then the only copy of the body that is
   * referenced, and the buffer's memory (outside the JS heap) goes at the next collection.
   * Decoding each chunk into a string and joining them would keep those pieces in the JS
   * heap through the parse, and `JSON.parse` copies a joined string again to flatten it.
   */
  async text(): Promise<string> {
    const declared = Number(this.req.headers['content-length']);
    let bytes = Buffer.allocUnsafe(
      Number.isSafeInteger(declared) && declared >= 0
        ? declared
        : Math.min(INITIAL_CAPACITY, this.maxBytes),
    );
    let length = 0;
    for await (const chunk of this.chunks()) {
      if (length + chunk.length > bytes.length) {
        const grown = Buffer.allocUnsafe(
          Math.max(
            length + chunk.length,
            Math.min(bytes.length * 2, this.maxBytes),
          ),
        );
        bytes.copy(grown, 0, 0, length);
        bytes = grown;
      }
      chunk.copy(bytes, length);
      length += chunk.length;
    }
    return bytes.toString('utf8', 0, length);
  }

  /** Hex SHA-256 of everything read; call after the body has been consumed. */
  digest(): string {
    return this.hash.digest('hex');
  }

  private tooLarge() {
    return new PayloadTooLargeError(
      `Upload exceeds the limit of ${this.maxBytes} bytes (${this.setting})`,
    );
  }
}
