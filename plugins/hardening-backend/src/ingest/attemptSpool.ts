import type { TestCaseStatus } from '@hardening/backstage-plugin-hardening-common';
import { BEYOND_LATIN1 } from './detachedString';
import type { TestAttempt } from './foldAttempts';
import { SuitePaths } from './suitePaths';

/**
 * A spooled appearance of a test: all of it but its testId, which the caller keeps.
 * Its suite path is a new array on each read.
 */
export type SpooledAttempt = Omit<TestAttempt, 'testId' | 'suitePath'> & {
  suitePath: string[];
};

/** What folding and counting need of a spooled appearance; no strings. */
export type SpooledOutcome = Pick<
  TestAttempt,
  'status' | 'durationMs' | 'attempts' | 'flaky'
>;

const STATUSES: readonly TestCaseStatus[] = [
  'passed',
  'failed',
  'error',
  'skipped',
];
const STATUS_CODES: ReadonlyMap<TestCaseStatus, number> = new Map(
  STATUSES.map((status, code) => [status, code]),
);

const STATUS_BITS = 0b11;
const FLAKY = 1 << 2;
const HAS_DURATION = 1 << 3;
const HAS_CLASSNAME = 1 << 4;
const HAS_FILE = 1 << 5;
const HAS_MESSAGE = 1 << 6;

/** flags (1 byte), attempts (f64), duration (f64), suite path index (u32). */
const HEADER_BYTES = 21;
const ATTEMPTS_AT = 1;
const DURATION_AT = 9;
const SUITE_PATH_AT = 17;
/** Each string: u32 of (length << 1 | two-byte flag), then its code units. */
const STRING_HEADER_BYTES = 4;
/**
 * Positions are `chunk index * CHUNK_BYTES + offset`: small integers. A record too
 * large for a chunk gets a chunk of its own, at offset 0.
 */
const CHUNK_BYTES = 256 * 1024;

/**
 * Appearances of tests packed into binary chunks instead of one object (and a few
 * strings) per test: about 70 bytes for a typical test case instead of several
 * hundred. Strings are stored as Latin-1 when they fit, else as UTF-16, so that
 * every string reads back exactly as it was written.
 */
export class AttemptSpool {
  readonly #chunks: Buffer[] = [];
  #used = CHUNK_BYTES;
  readonly #suitePaths = new SuitePaths();

  /** Stores an appearance; returns the position to read it back from. */
  append(attempt: TestAttempt): number {
    const { name, classname, file, message } = attempt;
    let size = HEADER_BYTES + STRING_HEADER_BYTES + 2 * name.length;
    let flags = STATUS_CODES.get(attempt.status) ?? 0;
    if (attempt.flaky) flags |= FLAKY;
    if (attempt.durationMs !== undefined) flags |= HAS_DURATION;
    if (classname !== undefined) {
      flags |= HAS_CLASSNAME;
      size += STRING_HEADER_BYTES + 2 * classname.length;
    }
    if (file !== undefined) {
      flags |= HAS_FILE;
      size += STRING_HEADER_BYTES + 2 * file.length;
    }
    if (message !== undefined) {
      flags |= HAS_MESSAGE;
      size += STRING_HEADER_BYTES + 2 * message.length;
    }
    const chunk = this.#room(size);
    const start = this.#used;
    chunk[start] = flags;
    chunk.writeDoubleLE(attempt.attempts, start + ATTEMPTS_AT);
    chunk.writeDoubleLE(attempt.durationMs ?? 0, start + DURATION_AT);
    chunk.writeUInt32LE(
      this.#suitePaths.nodeOf(attempt.suitePath),
      start + SUITE_PATH_AT,
    );
    let at = writeString(chunk, start + HEADER_BYTES, name);
    if (classname !== undefined) at = writeString(chunk, at, classname);
    if (file !== undefined) at = writeString(chunk, at, file);
    if (message !== undefined) at = writeString(chunk, at, message);
    this.#used = at;
    return (this.#chunks.length - 1) * CHUNK_BYTES + start;
  }

  /**
   * The bytes (`textBytes`) of the name, classname, file and message of the appearance
   * at `position`, all added up: what their strings take in the spool.
   */
  stringBytesAt(position: number): number {
    const { chunk, start } = this.#locate(position);
    const flags = chunk[start];
    let at = start + HEADER_BYTES;
    let strings = 1;
    if (flags & HAS_CLASSNAME) strings += 1;
    if (flags & HAS_FILE) strings += 1;
    if (flags & HAS_MESSAGE) strings += 1;
    for (let i = 0; i < strings; i++) {
      at = stringEnd(chunk, at);
    }
    return at - start - HEADER_BYTES - strings * STRING_HEADER_BYTES;
  }

  /** The bytes of the names of `suitePath` (`textBytes`), all added up, kept per distinct path. */
  suitePathBytes(suitePath: readonly string[]): number {
    return this.#suitePaths.bytesOf(suitePath);
  }

  /** The fixed part of the appearance at `position`. */
  readOutcome(position: number): SpooledOutcome {
    const { chunk, start } = this.#locate(position);
    return outcomeAt(chunk, start);
  }

  /** The whole appearance at `position`, with fresh strings. */
  read(position: number): SpooledAttempt {
    const { chunk, start } = this.#locate(position);
    const flags = chunk[start];
    let at = start + HEADER_BYTES;
    const name = readString(chunk, at);
    at = stringEnd(chunk, at);
    let classname: string | undefined;
    if (flags & HAS_CLASSNAME) {
      classname = readString(chunk, at);
      at = stringEnd(chunk, at);
    }
    let file: string | undefined;
    if (flags & HAS_FILE) {
      file = readString(chunk, at);
      at = stringEnd(chunk, at);
    }
    return {
      status: STATUSES[flags & STATUS_BITS],
      durationMs:
        flags & HAS_DURATION
          ? chunk.readDoubleLE(start + DURATION_AT)
          : undefined,
      attempts: chunk.readDoubleLE(start + ATTEMPTS_AT),
      flaky: (flags & FLAKY) !== 0,
      name,
      classname,
      suitePath: this.#suitePaths.path(
        chunk.readUInt32LE(start + SUITE_PATH_AT),
      ),
      file,
      message: flags & HAS_MESSAGE ? readString(chunk, at) : undefined,
    };
  }

  /** The current chunk when `size` more bytes fit in it, else a new one. */
  #room(size: number): Buffer {
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

  #locate(position: number): { chunk: Buffer; start: number } {
    const index = Math.floor(position / CHUNK_BYTES);
    return {
      chunk: this.#chunks[index],
      start: position - index * CHUNK_BYTES,
    };
  }
}

function outcomeAt(chunk: Buffer, start: number): SpooledOutcome {
  const flags = chunk[start];
  return {
    status: STATUSES[flags & STATUS_BITS],
    durationMs:
      flags & HAS_DURATION
        ? chunk.readDoubleLE(start + DURATION_AT)
        : undefined,
    attempts: chunk.readDoubleLE(start + ATTEMPTS_AT),
    flaky: (flags & FLAKY) !== 0,
  };
}

/**
 * Strings up to this length are written code unit by code unit, which for short
 * strings costs less than the call into `Buffer.write` (and finds out on the way
 * whether they fit in Latin-1).
 */
const SHORT_STRING = 128;

/** Writes `value` at `at`; returns where the next field starts. */
function writeString(chunk: Buffer, at: number, value: string): number {
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
function stringEnd(chunk: Buffer, at: number): number {
  const header = chunk.readUInt32LE(at);
  const bytes = header & 1 ? header - 1 : header >>> 1;
  return at + STRING_HEADER_BYTES + bytes;
}

function readString(chunk: Buffer, at: number): string {
  const start = at + STRING_HEADER_BYTES;
  return chunk.toString(
    chunk.readUInt32LE(at) & 1 ? 'utf16le' : 'latin1',
    start,
    stringEnd(chunk, at),
  );
}
