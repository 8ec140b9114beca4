import { randomInt } from 'node:crypto';
import { ABSENT, IntMap } from './intMap';
import { NumberList } from './numberList';
import {
  ByteChunks,
  readString,
  stringEquals,
  stringRoom,
  writeString,
} from './spooledStrings';

/** `#byHash`'s value for a hash whose ids moved to `#overflow`. */
const OVERFLOWED = -1;
/**
 * Most ids one hash is shared by before they move to a string-keyed map: bounds what a
 * lookup compares, however many ids a hostile report gives one hash.
 */
const MAX_SHARED_HASH = 8;

/** Keeps hashes below 2^30, as {@link IntMap} keys must be. */
const HASH_BITS = 0x3fffffff;

/** Code units hashed from the start of a long string, and from its end. */
const HASHED_HEAD = 32;
const HASHED_TAIL = 64;

/**
 * A seeded FNV-1a hash of the UTF-16 code units of a string, mixed at the end: a cheap
 * number for an {@link IntMap} key. Collisions are expected and resolved by the table.
 * Of a string longer than {@link HASHED_HEAD} + {@link HASHED_TAIL} it hashes the
 * length, the start and the end only: ids that share a long prefix (a classname, a
 * suite path) differ at their end, and ids that differ in the middle only share a
 * hash, which costs at most what a string-keyed map would.
 */
export function seededStringHash(seed: number): (value: string) => number {
  return value => {
    const length = value.length;
    let hash = seed ^ length;
    const head = length > HASHED_HEAD + HASHED_TAIL ? HASHED_HEAD : length;
    for (let i = 0; i < head; i++) {
      hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
    }
    for (let i = Math.max(head, length - HASHED_TAIL); i < length; i++) {
      hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
    }
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    return (hash ^ (hash >>> 16)) & HASH_BITS;
  };
}

/** The hash of every table but those of tests; its seed is new in every process. */
const defaultHash = seededStringHash(randomInt(2 ** 32));

/**
 * The distinct testIds of one report, numbered 0, 1, … in the order they are added.
 * They are kept as bytes (a string for each would be one more object per test for
 * the garbage collector to copy and keep); `id` makes a new string each time.
 *
 * A `Map` keyed by the ids themselves costs several times more per lookup than an
 * {@link IntMap} keyed by numbers, so ids are found by a number hash of them, and an id is
 * only compared with the ids that share its hash. At most {@link MAX_SHARED_HASH} ids
 * share one hash: past that (a report made to collide) they are looked up in a map
 * keyed by the ids, as fast as any other string-keyed map.
 */
export class TestIdTable {
  readonly #hash: (value: string) => number;
  /** hash → the number of the latest id added with it, or {@link OVERFLOWED}. */
  readonly #byHash = new IntMap();
  /** The ids of the hashes that {@link OVERFLOWED}, by id. */
  readonly #overflow = new Map<string, number>();
  readonly #ids = new ByteChunks();
  /** Per id: its position in `#ids`. */
  readonly #positions = new NumberList(n => new Float64Array(n));
  /** Per id: the number of the id added before it with the same hash, or -1. */
  readonly #sameHash = new NumberList(n => new Int32Array(n));
  /** The last string `find` hashed, and its hash, which `add` then reuses. */
  #lastValue: string | undefined;
  #lastHash = 0;

  /** `hash` is for tests; the default's seed is new in every process. */
  constructor(hash: (value: string) => number = defaultHash) {
    this.#hash = hash;
  }

  get size(): number {
    return this.#positions.length;
  }

  /** The id numbered `n`, as a new string. */
  id(n: number): string {
    const position = this.#positions.at(n);
    return readString(
      this.#ids.chunkAt(position),
      this.#ids.offsetAt(position),
    );
  }

  #is(n: number, testId: string): boolean {
    const position = this.#positions.at(n);
    return stringEquals(
      this.#ids.chunkAt(position),
      this.#ids.offsetAt(position),
      testId,
    );
  }

  /** The number of `testId`, or -1 when the table does not hold it. */
  find(testId: string): number {
    const hash = this.#hashOf(testId);
    const head = this.#byHash.get(hash);
    if (head === ABSENT) return -1;
    if (head === OVERFLOWED) return this.#overflow.get(testId) ?? -1;
    for (let n = head; n >= 0; n = this.#sameHash.at(n)) {
      if (this.#is(n, testId)) return n;
    }
    return -1;
  }

  /** Adds `testId`, which the table must not hold yet; returns its number. */
  add(testId: string): number {
    const hash = this.#hashOf(testId);
    const n = this.#positions.length;
    const chunk = this.#ids.open(stringRoom(testId));
    const start = this.#ids.end;
    this.#positions.push(
      this.#ids.close(start, writeString(chunk, start, testId)),
    );
    // Holds no string cut from the input longer than needed.
    this.#lastValue = undefined;
    const head = this.#byHash.get(hash);
    if (head === OVERFLOWED) {
      this.#sameHash.push(-1);
      this.#overflow.set(this.id(n), n);
      return n;
    }
    this.#sameHash.push(head === ABSENT ? -1 : head);
    this.#byHash.set(hash, n);
    if (head !== ABSENT && this.#sharing(n) > MAX_SHARED_HASH) {
      for (let m = n; m >= 0; m = this.#sameHash.at(m)) {
        this.#overflow.set(this.id(m), m);
      }
      this.#byHash.set(hash, OVERFLOWED);
    }
    return n;
  }

  /** How many ids share the hash of id `n`, from it back. */
  #sharing(n: number): number {
    let count = 0;
    for (let m = n; m >= 0; m = this.#sameHash.at(m)) count += 1;
    return count;
  }

  #hashOf(value: string): number {
    if (value !== this.#lastValue) {
      this.#lastValue = value;
      this.#lastHash = this.#hash(value);
    }
    return this.#lastHash;
  }
}
