import { AuditChainLink } from './entry';
import {
  computeEntryHash,
  GENESIS_LINK,
  hashCanonicalContent,
  Sha256Hex,
} from './hashing';

/**
 * Why a chain is broken at an entry.
 *
 * - `hash-mismatch`: the entry's content does not hash to its `hash`: it was edited.
 * - `duplicate-entry`: the entry repeats an earlier one (same `hash`).
 * - `forked`: the entry claims the same predecessor as an earlier entry: two histories.
 * - `reordered`: the entry does not follow the one before it, but the entry that does
 *   comes later: entries were moved.
 * - `prev-hash-mismatch`: the entry does not follow the one before it and nothing later
 *   does either: an entry was removed (or the chain does not start where it should).
 * - `head-mismatch`: every link holds but the chain does not end at the expected head
 *   (entries were removed from its end, or appended without being recorded).
 *
 * @public
 */
export type AuditChainBreakReason =
  | 'hash-mismatch'
  | 'duplicate-entry'
  | 'forked'
  | 'reordered'
  | 'prev-hash-mismatch'
  | 'head-mismatch';

/**
 * Where and why a chain is broken. `index` is the 0-based position of the entry in
 * the input (line `index + 1` of a JSONL upload); `seq` its position in the chain.
 *
 * @public
 */
export type AuditChainBreak = {
  ok: false;
  index: number;
  seq: number;
  reason: AuditChainBreakReason;
  /** What the chain needed at this entry (a hash). */
  expected: string;
  /** What the entry has instead. */
  actual: string;
  /** The index of the other entry involved, for duplicates, forks and reorders. */
  relatedIndex?: number;
  message: string;
};

/**
 * An intact chain: `head` is its last entry (null for an empty chain).
 *
 * @public
 */
export type AuditChainIntact = {
  ok: true;
  length: number;
  head: AuditChainLink | null;
};

/** @public */
export type AuditChainVerification = AuditChainIntact | AuditChainBreak;

/** @public */
export type ChainVerifierOptions = {
  /**
   * The link the first entry continues from: genesis (seq -1, 64 zeros) by default,
   * or a stored entry when verifying a continuation.
   */
  start?: AuditChainLink;
  /** The head the chain must end at, e.g. the head recorded when it was stored. */
  expectedHead?: AuditChainLink;
  /**
   * How many recent entries are remembered, at least, to tell a duplicate, fork or
   * reorder from a plain broken link (default 4096; up to twice as many are kept).
   * Memory stays constant whatever the chain's length; a break involving an entry
   * further apart is still found, at the same entry, and reported as
   * `prev-hash-mismatch`.
   */
  historyWindow?: number;
};

/** The smallest part of an entry the verifier reads. */
type ChainEntryLike = { prevHash: string; hash: string };

type PendingBreak = {
  index: number;
  seq: number;
  expected: string;
  actual: string;
  lookaheadUntil: number;
};

const DEFAULT_HISTORY_WINDOW = 4096;

const short = (hash: string) => hash.slice(0, 12);

/**
 * Verifies a chain one entry at a time, in constant memory, and finds the first entry
 * where it breaks and why. Push entries oldest first, then call {@link finish}.
 *
 * Entries are checked against the hash rule of `computeEntryHash`. Because that rule
 * hashes canonical JSON, an entry that was re-serialised (other key order, spacing or
 * escapes) still verifies; an entry whose values changed does not.
 *
 * @public
 */
export class ChainVerifier {
  private readonly start: AuditChainLink;
  private readonly expectedHead?: AuditChainLink;
  private readonly window: number;
  /**
   * Hashes of recent entries, in two generations: when `recent` is full it becomes
   * `older` and the oldest generation is dropped, so between `window` and twice as
   * many entries are remembered, at no per-entry eviction cost. Only entries that
   * link to the one before are remembered, and they are the first ones pushed (the
   * first that does not link ends normal checking), so the entry at position `i` of a
   * generation has index `from + i`. The hashes are only searched once, at the entry
   * that does not link: a scan there costs less than a map kept up for every entry.
   */
  private recent: string[] = [];
  private recentFrom = 0;
  private older: string[] = [];
  private olderFrom = 0;
  private count = 0;
  private last: AuditChainLink;
  private pending?: PendingBreak;
  private broken?: AuditChainBreak;

  constructor(
    private readonly sha256Hex: Sha256Hex,
    options: ChainVerifierOptions = {},
  ) {
    this.start = options.start ?? GENESIS_LINK;
    this.expectedHead = options.expectedHead;
    this.window = Math.max(1, options.historyWindow ?? DEFAULT_HISTORY_WINDOW);
    this.last = this.start;
  }

  /** True once the first break is known for certain: later entries change nothing. */
  get done(): boolean {
    return this.broken !== undefined;
  }

  /**
   * Checks the next entry. `seq` labels it when the caller knows its stored position
   * (default: one after the previous entry).
   */
  push(entry: ChainEntryLike, seq?: number): void {
    this.check(entry, seq);
  }

  /**
   * Checks the next entry given as its links and its canonical content (the entry
   * without `hash` as RFC 8785 JSON, as the backend stores it): the content is hashed
   * as it is, without parsing or re-serialising it, so content that is not canonical
   * does not verify.
   */
  pushCanonical(link: ChainEntryLike, content: string, seq?: number): void {
    this.check(link, seq, content);
  }

  /** `content`: the canonical content when given, else computed from `entry`. */
  private check(
    entry: ChainEntryLike,
    seq: number | undefined,
    content?: string,
  ): void {
    if (this.broken) return;
    const index = this.count++;
    if (this.pending) {
      this.lookAhead(entry, index, seq);
      return;
    }
    const at = seq ?? this.last.seq + 1;

    const computed =
      content === undefined
        ? computeEntryHash(entry, this.sha256Hex)
        : hashCanonicalContent(entry.prevHash, content, this.sha256Hex);
    if (computed !== entry.hash) {
      this.broken = {
        ok: false,
        index,
        seq: at,
        reason: 'hash-mismatch',
        expected: computed,
        actual: entry.hash,
        message: `its content hashes to ${short(
          computed,
        )}…, not to its hash ${short(
          entry.hash,
        )}…: the entry was changed after it was written`,
      };
      return;
    }

    if (entry.prevHash !== this.last.hash) {
      // Only an entry that does not link can repeat an earlier one: the hash covers
      // the prevHash, so a repeat continues from the same entry as the original, and
      // that entry is not the last one (the original came after it). Barring a
      // SHA-256 collision, an entry that links to the last one is new.
      const copyOf = this.indexOf(entry.hash);
      if (copyOf !== undefined) {
        this.broken = {
          ok: false,
          index,
          seq: at,
          reason: 'duplicate-entry',
          expected: this.last.hash,
          actual: entry.prevHash,
          relatedIndex: copyOf,
          message: `it repeats the entry at seq ${this.seqAt(
            copyOf,
          )} (same hash ${short(entry.hash)}…)`,
        };
        return;
      }
      const sibling = this.siblingOf(entry.prevHash, index);
      if (sibling !== undefined) {
        this.broken = {
          ok: false,
          index,
          seq: at,
          reason: 'forked',
          expected: this.last.hash,
          actual: entry.prevHash,
          relatedIndex: sibling,
          message: `it continues from the same entry as seq ${this.seqAt(
            sibling,
          )} (prevHash ${short(
            entry.prevHash,
          )}…): the chain forks into two histories`,
        };
        return;
      }
      this.pending = {
        index,
        seq: at,
        expected: this.last.hash,
        actual: entry.prevHash,
        lookaheadUntil: index + this.window,
      };
      return;
    }

    this.remember(entry.hash, index);
    this.last = { seq: at, hash: entry.hash };
  }

  /** The verdict on everything pushed so far. */
  finish(): AuditChainVerification {
    if (this.broken) return this.broken;
    if (this.pending) {
      const { lookaheadUntil: _unused, ...at } = this.pending;
      const after =
        at.index === 0
          ? `the chain's start (${short(at.expected)}…)`
          : `seq ${at.seq - 1} (hash ${short(at.expected)}…)`;
      return {
        ok: false,
        ...at,
        reason: 'prev-hash-mismatch',
        message: `its prevHash ${short(
          at.actual,
        )}… does not link to ${after} and no later entry does: an entry before it was removed, or the one before it was rewritten`,
      };
    }
    const head = this.count > 0 ? this.last : null;
    const expected = this.expectedHead;
    if (
      expected &&
      (head?.seq !== expected.seq || head?.hash !== expected.hash)
    ) {
      return {
        ok: false,
        index: Math.max(0, this.count - 1),
        seq: head?.seq ?? this.start.seq,
        reason: 'head-mismatch',
        expected: expected.hash,
        actual: head?.hash ?? this.start.hash,
        message: head
          ? `the chain ends at seq ${head.seq} (hash ${short(
              head.hash,
            )}…) but its recorded head is seq ${expected.seq} (hash ${short(
              expected.hash,
            )}…)`
          : `the chain is empty but its recorded head is seq ${expected.seq}`,
      };
    }
    return { ok: true, length: this.count, head };
  }

  /** After a broken link: is the entry that should have come next further on? */
  private lookAhead(entry: ChainEntryLike, index: number, seq?: number) {
    const pending = this.pending!;
    if (entry.prevHash === pending.expected) {
      const { lookaheadUntil: _unused, ...at } = pending;
      this.broken = {
        ok: false,
        ...at,
        reason: 'reordered',
        relatedIndex: index,
        message: `it does not follow the entry before it (prevHash ${short(
          at.actual,
        )}…, expected ${short(at.expected)}…); the entry that does is ${
          index - at.index
        } position(s) later${
          seq === undefined ? '' : ` (stored as seq ${seq})`
        }: entries are out of order`,
      };
    } else if (index >= pending.lookaheadUntil) {
      this.broken = this.finish() as AuditChainBreak;
    }
  }

  /** The index of an earlier entry that already continues from `prevHash`. */
  private siblingOf(prevHash: string, index: number): number | undefined {
    if (index > 0 && prevHash === this.start.hash) return 0;
    const predecessor = this.indexOf(prevHash);
    return predecessor === undefined ? undefined : predecessor + 1;
  }

  private seqAt(index: number): number {
    return this.start.seq + 1 + index;
  }

  /** The index of the latest remembered entry with this hash. */
  private indexOf(hash: string): number | undefined {
    const { recent, older } = this;
    for (let i = recent.length - 1; i >= 0; i--) {
      if (recent[i] === hash) return this.recentFrom + i;
    }
    for (let i = older.length - 1; i >= 0; i--) {
      if (older[i] === hash) return this.olderFrom + i;
    }
    return undefined;
  }

  private remember(hash: string, index: number) {
    if (this.recent.length >= this.window) {
      this.older = this.recent;
      this.olderFrom = this.recentFrom;
      this.recent = [];
      this.recentFrom = index;
    }
    this.recent.push(hash);
  }
}

/**
 * Verifies a whole chain held in memory; every earlier entry is remembered, so a
 * duplicate, fork or reorder is named as such wherever it is. See {@link ChainVerifier}.
 *
 * @public
 */
export function verifyChain(
  entries: readonly ChainEntryLike[],
  sha256Hex: Sha256Hex,
  options: Omit<ChainVerifierOptions, 'historyWindow'> = {},
): AuditChainVerification {
  const verifier = new ChainVerifier(sha256Hex, {
    ...options,
    historyWindow: Math.max(1, entries.length),
  });
  for (const entry of entries) {
    verifier.push(entry);
    if (verifier.done) break;
  }
  return verifier.finish();
}
