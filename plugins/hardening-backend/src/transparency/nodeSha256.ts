import * as crypto from 'node:crypto';
import {
  MerkleHasher,
  Sha256,
} from '@hardening/backstage-plugin-hardening-common';

/** One-shot hashing (Node 21.7+) is faster than createHash for short input. */
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

/**
 * Node's SHA-256 of some bytes. The one-shot hash answers a `latin1` string (one code
 * unit per digest byte) several times faster than a Buffer; copied into a Buffer from
 * the pool it is still about twice as fast as asking for the Buffer.
 */
export const nodeSha256: Sha256 = oneShot
  ? data => Buffer.from(oneShot('sha256', data, 'latin1'), 'latin1')
  : data => crypto.createHash('sha256').update(data).digest();

const HASH_BYTES = 32;
/** The input of an interior node's hash: 0x01 ‖ left ‖ right, rewritten on each call. */
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES, 0x01);

/**
 * The RFC 6962 hasher of the backend's trees, on Node's SHA-256: the same hashes as
 * -common's `merkleHasher`, without allocating the hashed input of a node (a tree
 * append hashes about one node per leaf).
 */
export const treeHasher: MerkleHasher = {
  emptyRoot: () => nodeSha256(new Uint8Array(0)),
  leafHash: leaf => {
    const input = Buffer.allocUnsafe(1 + leaf.length);
    input[0] = 0x00;
    input.set(leaf, 1);
    return nodeSha256(input);
  },
  nodeHash: (left, right) => {
    if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) {
      return nodeSha256(Buffer.concat([nodeInput.subarray(0, 1), left, right]));
    }
    nodeInput.set(left, 1);
    nodeInput.set(right, 1 + HASH_BYTES);
    return nodeSha256(nodeInput);
  },
};

/**
 * The same hashes as latin1 strings (one code unit per byte), which Node's one-shot hash
 * returns without allocating a Buffer: what a tree append works on, turned into bytes only
 * where they are stored. About a fifth faster per leaf than the byte form.
 */
export const latin1TreeHasher = {
  /**
   * The leaf hash of an audit chain entry's canonical content (-common's
   * `entryLeafHash`): SHA-256 of 0x00 and the content's UTF-8 bytes, hashed from the
   * string itself (U+0000 is the byte 0x00 in UTF-8).
   */
  entryLeafHash: oneShot
    ? (content: string): string =>
        oneShot('sha256', `\u0000${content}`, 'latin1')
    : (content: string): string =>
        crypto
          .createHash('sha256')
          .update(`\u0000${content}`, 'utf8')
          .digest('latin1'),
  nodeHash: (left: string, right: string): string => {
    nodeInput.write(left, 1, HASH_BYTES, 'latin1');
    nodeInput.write(right, 1 + HASH_BYTES, HASH_BYTES, 'latin1');
    return oneShot
      ? oneShot('sha256', nodeInput, 'latin1')
      : crypto.createHash('sha256').update(nodeInput).digest('latin1');
  },
};
