import { BEYOND_LATIN1 } from './detachedString';

/**
 * Positions are `chunk index * CHUNK_BYTES + offset`: small integers. A record too
 * large for a chunk gets a chunk of its own, at offset 0.
 */
const CHUNK_BYTES = 256 * 1024;

/** Each string: u32 of (length << 1 | two-byte flag), then its code units. */
export const STRING_HEADER_BYTES = 4;

/**
 * Strings up to this length are written and compared code unit by code unit, which
 * for short strings costs less than a call into `Buffer` (and finds out on the way
 * whether they fit in Latin-1).
 */
const SHORT_STRING = 128;

/** The most bytes {@link writeString} may take for `value`. */
export function stringRoom(value: string): number {
  return STRING_HEADER_BYTES + 2 * value.length;
}

/**
 * Records packed one after the other into large buffers instead of an object (and a
 * few strings) each, addressed by a number. Nothing in them is seen by the garbage
 * collector.
 */
export class ByteChunks {
  readonly #chunks: Buffer[] = [];
  #used = CHUNK_BYTES;

  /**
   * The chunk to write a record of at most `size` bytes into, from `this.end`; then
   * `close` it.
   */
  open(size: number): Buffer {
    const current = this.#chunks[this.#chunks.length - 1];
    // A record may only start within the first CHUNK_BYTES of a chunk (positions).
    if (
      current &&
      this.#used < CHUNK_BYTES &&
      this.#used + size <= current.length
    ) {
      return current;
    }
    const chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, size));
    this.#chunks.push(chunk);
    this.#used = 0;
    return chunk;
  }

  /** Where the record being written starts in its chunk. */
  get end(): number {
    return this.#used;
  }

  /** Ends the record opened at `start`, written up to `end`; returns its position. */
  close(start: number, end: number): number {
    this.#used = end;
    return (this.#chunks.length - 1) * CHUNK_BYTES + start;
  }

  /** The chunk of the record at `position`. */
  chunkAt(position: number): Buffer {
    return this.#chunks[Math.floor(position / CHUNK_BYTES)];
  }

  /** Where in its chunk the record at `position` starts. */
  offsetAt(position: number): number {
    return position % CHUNK_BYTES;
  }
}

/**
 * Writes `value` at `at`, as Latin-1 when it fits, else as UTF-16, so that it reads
 * back exactly as it was; returns where the next field starts.
 */
export function writeString(chunk: Buffer, at: number, value: string): number {
  const length = value.length;
  const start = at + STRING_HEADER_BYTES;
  let latin1: boolean;
  if (length <= SHORT_STRING) {
    let i = 0;
    while (i < length) {
      const code = value.charCodeAt(i);
      if (code > 0xff) break;
      chunk[start + i] = code;
      i += 1;
    }
    if (i === length) {
      chunk.writeUInt32LE(length * 2, at);
      return start + length;
    }
    latin1 = false;
  } else {
    latin1 = !BEYOND_LATIN1.test(value);
  }
  chunk.writeUInt32LE(length * 2 + (latin1 ? 0 : 1), at);
  return start + chunk.write(value, start, latin1 ? 'latin1' : 'utf16le');
}

/** Where the string written at `at` ends. */
export function stringEnd(chunk: Buffer, at: number): number {
  const header = chunk.readUInt32LE(at);
  const bytes = header & 1 ? header - 1 : header >>> 1;
  return at + STRING_HEADER_BYTES + bytes;
}

/** The string written at `at`, as a new string. */
export function readString(chunk: Buffer, at: number): string {
  const start = at + STRING_HEADER_BYTES;
  return chunk.toString(
    chunk.readUInt32LE(at) & 1 ? 'utf16le' : 'latin1',
    start,
    stringEnd(chunk, at),
  );
}

/** Whether the string written at `at` is `value`. */
export function stringEquals(
  chunk: Buffer,
  at: number,
  value: string,
): boolean {
  const header = chunk.readUInt32LE(at);
  if (header >>> 1 !== value.length) return false;
  if (header & 1 || value.length > SHORT_STRING) {
    return readString(chunk, at) === value;
  }
  const start = at + STRING_HEADER_BYTES;
  for (let i = 0; i < value.length; i++) {
    if (chunk[start + i] !== value.charCodeAt(i)) return false;
  }
  return true;
}
