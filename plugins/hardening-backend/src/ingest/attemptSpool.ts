import type { TestCaseStatus } from '@hardening/backstage-plugin-hardening-common';
import type { TestAttempt } from './foldAttempts';
import {
  ByteChunks,
  readString,
  STRING_HEADER_BYTES,
  stringEnd,
  stringRoom,
  writeString,
} from './spooledStrings';
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
/**
 * Appearances of tests packed into binary chunks instead of one object (and a few
 * strings) per test: about 70 bytes for a typical test case instead of several
 * hundred. Strings are stored as Latin-1 when they fit, else as UTF-16, so that
 * every string reads back exactly as it was written.
 */
export class AttemptSpool {
  readonly #chunks = new ByteChunks();
  readonly #suitePaths = new SuitePaths();

  /** Stores an appearance; returns the position to read it back from. */
  append(attempt: TestAttempt): number {
    const { name, classname, file, message } = attempt;
    let size = HEADER_BYTES + stringRoom(name);
    let flags = STATUS_CODES.get(attempt.status) ?? 0;
    if (attempt.flaky) flags |= FLAKY;
    if (attempt.durationMs !== undefined) flags |= HAS_DURATION;
    if (classname !== undefined) {
      flags |= HAS_CLASSNAME;
      size += stringRoom(classname);
    }
    if (file !== undefined) {
      flags |= HAS_FILE;
      size += stringRoom(file);
    }
    if (message !== undefined) {
      flags |= HAS_MESSAGE;
      size += stringRoom(message);
    }
    const chunk = this.#chunks.open(size);
    const start = this.#chunks.end;
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
    return this.#chunks.close(start, at);
  }

  /**
   * The bytes (`textBytes`) of the name, classname, file and message of the appearance
   * at `position`, all added up: what their strings take in the spool.
   */
  stringBytesAt(position: number): number {
    const chunk = this.#chunks.chunkAt(position);
    const start = this.#chunks.offsetAt(position);
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
    const chunk = this.#chunks.chunkAt(position);
    const start = this.#chunks.offsetAt(position);
    return outcomeAt(chunk, start);
  }

  /** The whole appearance at `position`, with fresh strings. */
  read(position: number): SpooledAttempt {
    const chunk = this.#chunks.chunkAt(position);
    const start = this.#chunks.offsetAt(position);
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
