import { createHash } from 'node:crypto';

/**
 * A deliberately naive Merkle tree for tests, written from the recursive definitions of
 * RFC 9162 section 2.1 on arrays of leaves, with Node's SHA-256. It shares no code with
 * `../merkle.ts`, so the two can check each other.
 */

type Bytes = Uint8Array;

function sha256(...parts: Bytes[]): Bytes {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** The largest power of two strictly smaller than n (1 < n <= 2^32). */
function largestPowerOfTwoBelow(n: number): number {
  return 2 ** (31 - Math.clz32(n - 1));
}

/** SHA-256(0x00 || leaf). */
export function naiveLeafHash(leaf: Bytes): Bytes {
  return sha256(new Uint8Array([0]), leaf);
}

/** SHA-256(0x01 || left || right). */
export function naiveNodeHash(left: Bytes, right: Bytes): Bytes {
  return sha256(new Uint8Array([1]), left, right);
}

/** MTH(D[n]), RFC 9162 section 2.1.1. */
export function mth(leaves: readonly Bytes[]): Bytes {
  const n = leaves.length;
  if (n === 0) return sha256();
  if (n === 1) return naiveLeafHash(leaves[0]);
  const k = largestPowerOfTwoBelow(n);
  return naiveNodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** PATH(m, D[n]): the inclusion proof of leaf m, RFC 9162 section 2.1.3.1. */
export function path(m: number, leaves: readonly Bytes[]): Bytes[] {
  const n = leaves.length;
  if (n === 1 && m === 0) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))];
  return [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

function subproof(m: number, leaves: readonly Bytes[], b: boolean): Bytes[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [mth(leaves)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) {
    return [...subproof(m, leaves.slice(0, k), b), mth(leaves.slice(k))];
  }
  return [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

/** PROOF(m, D[n]): the consistency proof from size m, RFC 9162 section 2.1.4.1. */
export function proof(m: number, leaves: readonly Bytes[]): Bytes[] {
  return subproof(m, leaves, true);
}

/**
 * The root an inclusion proof leads to, by walking the same recursion as PATH (the
 * last proof element is the sibling nearest the root); `undefined` when the proof
 * does not have the length the recursion needs.
 */
export function naiveRootFromPath(
  m: number,
  n: number,
  leafHash: Bytes,
  proofHashes: readonly Bytes[],
): Bytes | undefined {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n)) return undefined;
  if (m < 0 || m >= n) return undefined;
  if (n === 1) return proofHashes.length === 0 ? leafHash : undefined;
  if (proofHashes.length === 0) return undefined;
  const k = largestPowerOfTwoBelow(n);
  const sibling = proofHashes[proofHashes.length - 1];
  const rest = proofHashes.slice(0, -1);
  if (m < k) {
    const left = naiveRootFromPath(m, k, leafHash, rest);
    return left && naiveNodeHash(left, sibling);
  }
  const right = naiveRootFromPath(m - k, n - k, leafHash, rest);
  return right && naiveNodeHash(sibling, right);
}

/** The bytes of a hex string (test fixtures only; no validation). */
export function hex(text: string): Bytes {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** The hex of bytes. */
export function toHexString(bytes: Bytes): string {
  return Buffer.from(bytes).toString('hex');
}
