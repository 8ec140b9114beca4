import { sha256 as nobleSha256 } from '@noble/hashes/sha2';
import { concatBytes, equalBytes, utf8 } from './bytes';

/**
 * The Merkle tree of a release transparency log, as RFC 6962 / RFC 9162 define it:
 *
 * ```
 * empty tree  = SHA-256("")
 * leaf hash   = SHA-256(0x00 || leaf bytes)
 * node hash   = SHA-256(0x01 || left || right)
 * MTH(D[n])   = node hash of MTH(D[0:k]) and MTH(D[k:n]), k the largest power of two < n
 * ```
 *
 * A leaf of an entity's log is one stored audit chain entry; its bytes are the UTF-8
 * of the entry's canonical content (`canonicalEntryContent`: RFC 8785 JSON of every
 * field but `hash`), the same bytes its chain hash covers.
 *
 * Everything here is plain computation on bytes and runs in Node and in the browser.
 */

/** SHA-256 of some bytes. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** The SHA-256 that runs everywhere (`@noble/hashes`); the backend passes Node's. */
export const defaultSha256: Sha256 = data => nobleSha256(data);

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** The hash functions of a tree. */
export type MerkleHasher = {
  emptyRoot(): Uint8Array;
  leafHash(leaf: Uint8Array): Uint8Array;
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
};

/** The RFC 6962 hasher on a SHA-256 implementation. */
export function merkleHasher(sha256: Sha256 = defaultSha256): MerkleHasher {
  return {
    emptyRoot: () => sha256(new Uint8Array(0)),
    leafHash: leaf => sha256(concatBytes(LEAF_PREFIX, leaf)),
    nodeHash: (left, right) => sha256(concatBytes(NODE_PREFIX, left, right)),
  };
}

/** The leaf hash of an audit chain entry's canonical content. */
export function entryLeafHash(
  hasher: MerkleHasher,
  canonicalContent: string,
): Uint8Array {
  return hasher.leafHash(utf8(canonicalContent));
}

/** A run of leaves `[begin, end)` whose subtree hash is one proof element. */
export type LeafRange = { begin: number; end: number };

/** A stored perfect subtree: `2^level` leaves starting at `index * 2^level`. */
export type TreeNode = { level: number; index: number };

/** The largest power of two strictly below `n` (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isInt = (n: number) => Number.isSafeInteger(n);

/** Every hash of the tree is a SHA-256 output. */
const HASH_BYTES = 32;
const isHash = (hash: Uint8Array) => hash.length === HASH_BYTES;

/**
 * The leaf ranges of the RFC 9162 inclusion proof of leaf `index` in the tree of the
 * first `size` leaves, in proof order (the sibling nearest the leaf first). The
 * caller checks `0 <= index < size`.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let begin = 0;
  let end = size;
  let at = index;
  // Walk from the root down to the leaf; each step adds the other half.
  while (end - begin > 1) {
    const k = splitPoint(end - begin);
    if (at < k) {
      ranges.push({ begin: begin + k, end });
      end = begin + k;
    } else {
      ranges.push({ begin, end: begin + k });
      begin += k;
      at -= k;
    }
  }
  return ranges.reverse();
}

/**
 * The leaf ranges of the RFC 9162 consistency proof from the tree of `from` leaves to
 * the tree of `to` leaves, in proof order. Empty when `from === to`; the caller checks
 * `1 <= from <= to`.
 */
export function consistencyProofRanges(from: number, to: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let begin = 0;
  let end = to;
  let m = from;
  let complete = true;
  while (m !== end - begin) {
    const k = splitPoint(end - begin);
    if (m <= k) {
      ranges.push({ begin: begin + k, end });
      end = begin + k;
    } else {
      ranges.push({ begin, end: begin + k });
      begin += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) ranges.push({ begin, end });
  return ranges.reverse();
}

/**
 * The perfect subtrees a leaf range is made of, left to right, largest first. For a
 * range that is a subtree of an RFC 6962 tree (its begin aligned to its split), the
 * range's hash is {@link foldPerfectSubtrees} of their hashes.
 */
export function perfectSubtrees(range: LeafRange): TreeNode[] {
  const nodes: TreeNode[] = [];
  let at = range.begin;
  while (at < range.end) {
    let level = 0;
    // Grow while aligned and inside the range.
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= range.end) {
      level++;
    }
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** The hash of a range from the hashes of its {@link perfectSubtrees}, in order. */
export function foldPerfectSubtrees(
  hasher: MerkleHasher,
  hashes: Uint8Array[],
): Uint8Array {
  let root = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) {
    root = hasher.nodeHash(hashes[i], root);
  }
  return root;
}

/**
 * The root a leaf hash and its inclusion proof lead to (RFC 9162 section 2.1.3.2), or
 * `undefined` when the proof has the wrong length for the index and size, or a hash
 * is not 32 bytes long.
 */
export function rootFromInclusionProof(
  hasher: MerkleHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isInt(index) || !isInt(size) || index < 0 || index >= size) {
    return undefined;
  }
  if (!isHash(leafHash) || !proof.every(isHash)) return undefined;
  let fn = index;
  let sn = size - 1;
  let root = leafHash;
  for (const hash of proof) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      root = hasher.nodeHash(hash, root);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      root = hasher.nodeHash(root, hash);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? root : undefined;
}

/** Whether a leaf hash is at `index` of the tree of `size` leaves with this root. */
export function verifyInclusion(
  hasher: MerkleHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(hasher, index, size, leafHash, proof);
  return computed !== undefined && equalBytes(computed, root);
}

/**
 * Whether the tree of `from` leaves with root `fromRoot` is a prefix of the tree of
 * `to` leaves with root `toRoot`, by the consistency proof (RFC 9162 section
 * 2.1.4.2). `from === to` needs an empty proof and equal roots; `from` must be ≥ 1
 * and every hash 32 bytes long.
 */
export function verifyConsistency(
  hasher: MerkleHasher,
  from: number,
  to: number,
  proof: readonly Uint8Array[],
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
): boolean {
  if (!isInt(from) || !isInt(to) || from < 1 || from > to) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) {
    return false;
  }
  if (from === to) {
    return proof.length === 0 && equalBytes(fromRoot, toRoot);
  }
  if (proof.length === 0) return false;
  // RFC 9162: when `from` is a power of two its root is the first node of the path.
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const hash of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.nodeHash(hash, fr);
      sr = hasher.nodeHash(hash, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hasher.nodeHash(sr, hash);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(fr, fromRoot) && equalBytes(sr, toRoot);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** Leaf hashes of a whole tree → its root (in memory; for small trees and tests). */
export function rootOfLeafHashes(
  hasher: MerkleHasher,
  leafHashes: readonly Uint8Array[],
): Uint8Array {
  if (leafHashes.length === 0) return hasher.emptyRoot();
  return foldPerfectSubtrees(
    hasher,
    perfectSubtrees({ begin: 0, end: leafHashes.length }).map(node =>
      subtreeRoot(hasher, leafHashes, node),
    ),
  );
}

function subtreeRoot(
  hasher: MerkleHasher,
  leafHashes: readonly Uint8Array[],
  node: TreeNode,
): Uint8Array {
  let level = leafHashes.slice(
    node.index * 2 ** node.level,
    (node.index + 1) * 2 ** node.level,
  );
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(hasher.nodeHash(level[i], level[i + 1]));
    }
    level = next;
  }
  return level[0];
}
