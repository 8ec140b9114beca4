/** A Buffer over the same memory as `bytes` (no copy). */
const viewOf = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Bytes as a latin1 string: one code unit per byte. */
export const latin1Of = (bytes: Uint8Array) => viewOf(bytes).toString('latin1');

/**
 * Lower-case hex of some bytes, as -common's `toHex` writes it, in one native call: a
 * proof answers up to 2·log2(n) hashes, and the per-byte loop of the isomorphic `toHex`
 * was about a sixth of what a proof request allocated.
 */
export const hexOf = (bytes: Uint8Array) => viewOf(bytes).toString('hex');
