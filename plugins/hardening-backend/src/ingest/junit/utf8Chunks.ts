import { InputError } from '@backstage/errors';

/**
 * Length of the UTF-8 sequence a lead byte starts, or 0 when the byte cannot
 * start one.
 */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Allowed range of the second byte of a sequence (WHATWG / RFC 3629). */
function secondByteOk(lead: number, byte: number): boolean {
  if (lead === 0xe0) return byte >= 0xa0 && byte <= 0xbf;
  if (lead === 0xed) return byte >= 0x80 && byte <= 0x9f;
  if (lead === 0xf0) return byte >= 0x90 && byte <= 0xbf;
  if (lead === 0xf4) return byte >= 0x80 && byte <= 0x8f;
  return byte >= 0x80 && byte <= 0xbf;
}

/**
 * Index of the first byte of the first invalid sequence in `bytes`, or -1 when
 * every sequence is valid (an incomplete sequence at the very end counts as valid).
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const length = sequenceLength(lead);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return -1;
      const byte = bytes[i + k];
      const ok =
        k === 1 ? secondByteOk(lead, byte) : byte >= 0x80 && byte <= 0xbf;
      if (!ok) return i;
    }
    i += length;
  }
  return -1;
}

/**
 * Streaming, strict UTF-8 decoding that reports where the input goes wrong.
 * Keeps at most 3 bytes of its own (the tail of a sequence split across chunks).
 */
export class Utf8ChunkDecoder {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  readonly #what: string;
  /** Bytes received before the current chunk. */
  #offset = 0;
  /** The incomplete sequence the decoder holds from earlier chunks. */
  #pending: Uint8Array = new Uint8Array(0);

  constructor(what: string) {
    this.#what = what;
  }

  decode(chunk: Uint8Array): string {
    let text: string;
    try {
      text = this.#decoder.decode(chunk, { stream: true });
    } catch {
      const joined = concat(this.#pending, chunk);
      const index = findInvalidUtf8(joined);
      const offset =
        this.#offset - this.#pending.length + (index < 0 ? 0 : index);
      throw new InputError(
        `Invalid UTF-8 in ${this.#what} at byte offset ${offset}.`,
      );
    }
    this.#pending = incompleteTail(this.#pending, chunk);
    this.#offset += chunk.length;
    return text;
  }

  /** Text that arrived already decoded. */
  acceptString(chunk: string): string {
    if (this.#pending.length > 0) {
      throw this.#truncated();
    }
    this.#offset += Buffer.byteLength(chunk, 'utf8');
    return chunk;
  }

  /** Ends the input; an incomplete final sequence is an error. */
  end(): string {
    try {
      return this.#decoder.decode();
    } catch {
      throw this.#truncated();
    }
  }

  #truncated(): InputError {
    const offset = this.#offset - this.#pending.length;
    return new InputError(
      `Invalid UTF-8 in ${
        this.#what
      } at byte offset ${offset}: incomplete multi-byte sequence.`,
    );
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/**
 * The trailing bytes of `pending + chunk` that form a not yet complete sequence.
 * Only called on input the decoder accepted, so the last lead byte is within the
 * last 4 bytes.
 */
function incompleteTail(pending: Uint8Array, chunk: Uint8Array): Uint8Array {
  const tail = concat(
    pending,
    chunk.length > 4 ? chunk.subarray(chunk.length - 4) : chunk,
  ).slice(-4);
  for (let back = 1; back <= tail.length; back++) {
    const byte = tail[tail.length - back];
    if ((byte & 0xc0) !== 0x80) {
      const length = sequenceLength(byte);
      return length > back ? tail.slice(tail.length - back) : new Uint8Array(0);
    }
  }
  return new Uint8Array(0);
}
