import { createHash, Hash } from 'node:crypto';
import { Request } from 'express';
import { PayloadTooLargeError } from './errors';
import { describeTooLarge, UploadLimit } from './uploadLimits';

/** Bytes first set aside for a body, whatever length it declares. */
const INITIAL_CAPACITY = 64 * 1024;

/**
 * The raw body of an upload, read as a stream with a size cap. The SHA-256 digest of
 * the bytes is computed on the way, for the report's identity.
 */
export class BoundedRequestBody {
  private readonly hash: Hash = createHash('sha256');
  private maxBytes: number;
  private bytes = 0;
  /** The body's iterator, shared by every read, so that reads continue each other. */
  private source: AsyncIterator<Buffer> | undefined;
  /** Chunks read ahead by `peek`, not yet handed out by `chunks`. */
  private readonly ahead: Buffer[] = [];

  /**
   * @param limit - larger bodies are refused with 413, whose message names the limit (its
   *   config key, or that it is fixed and for which uploads)
   */
  constructor(private readonly req: Request, private limit: UploadLimit) {
    this.maxBytes = limit.maxBytes;
    this.checkDeclaredLength();
  }

  /**
   * Applies another limit from now on (the one of the format chosen after `peek`): 413
   * at once when the declared length or what was read is already larger.
   */
  setLimit(limit: UploadLimit): void {
    this.limit = limit;
    this.maxBytes = limit.maxBytes;
    this.checkDeclaredLength();
    if (this.bytes > this.maxBytes) {
      throw this.tooLarge();
    }
  }

  private checkDeclaredLength(): void {
    const declared = Number(this.req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      throw this.tooLarge();
    }
  }

  /** The next chunk of the request, counted, capped and hashed; undefined at the end. */
  private async next(): Promise<Buffer | undefined> {
    // Stopping early (bad input, too large) must not destroy the request: its socket is
    // still needed to send the error answer and to audit the caller's address.
    this.source ??= (
      this.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>
    )[Symbol.asyncIterator]();
    const { done, value } = await this.source.next();
    if (done) return undefined;
    this.bytes += value.length;
    if (this.bytes > this.maxBytes) {
      throw this.tooLarge();
    }
    this.hash.update(value);
    return value;
  }

  /**
   * The first `bytes` bytes of the body (fewer when it is shorter), read ahead: `chunks`
   * still hands them out first.
   */
  async peek(bytes: number): Promise<Buffer> {
    let length = this.ahead.reduce((sum, chunk) => sum + chunk.length, 0);
    while (length < bytes) {
      const chunk = await this.next();
      if (chunk === undefined) break;
      this.ahead.push(chunk);
      length += chunk.length;
    }
    return Buffer.concat(this.ahead).subarray(0, bytes);
  }

  /** The rest of the body, chunk by chunk; a later call continues where this one stopped. */
  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const chunk = this.ahead.shift() ?? (await this.next());
      if (chunk === undefined) return;
      yield chunk;
    }
  }

  /** Reads what is left of the body, so that the digest covers all of it. */
  async drain(): Promise<void> {
    for await (const _chunk of this.chunks()) {
      // counted and hashed by next()
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
   * are copied, as they arrive, into one buffer, so that each chunk is garbage once
   * copied, and the bytes are decoded once: the returned string is then the only copy of
   * the body that is referenced, and the buffers' memory (outside the JS heap) goes at the
   * next collection. Decoding each chunk into a string and joining them would keep those
   * pieces in the JS heap through the parse, and `JSON.parse` copies a joined string again
   * to flatten it.
   *
   * The buffer starts at 64 KiB (less when the declared `Content-Length` or the limit is
   * smaller) and doubles as bytes arrive, never beyond the declared length (or the limit
   * without one): a declared length alone, which costs a client nothing to send, sets
   * aside no more than 64 KiB before the bytes come.
   */
  async text(): Promise<string> {
    const declared = Number(this.req.headers['content-length']);
    const cap =
      Number.isSafeInteger(declared) && declared >= 0
        ? Math.min(declared, this.maxBytes)
        : this.maxBytes;
    let bytes = Buffer.allocUnsafe(Math.min(INITIAL_CAPACITY, cap));
    let length = 0;
    for await (const chunk of this.chunks()) {
      if (length + chunk.length > bytes.length) {
        const grown = Buffer.allocUnsafe(
          Math.max(length + chunk.length, Math.min(bytes.length * 2, cap)),
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
    return new PayloadTooLargeError(describeTooLarge(this.limit));
  }
}
