import * as crypto from 'node:crypto';
import {
  merkleHasher,
  MerkleHasher,
  Sha256,
} from '@hardening/backstage-plugin-hardening-common';

/** One-shot hashing (Node 21.7+) is faster than createHash for short input. */
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

/** Node's SHA-256 of some bytes. */
export const nodeSha256: Sha256 = oneShot
  ? data => oneShot('sha256', data, 'buffer') as unknown as Uint8Array
  : data => crypto.createHash('sha256').update(data).digest();

/** The RFC 6962 hasher of the backend's trees, on Node's SHA-256. */
export const treeHasher: MerkleHasher = merkleHasher(nodeSha256);
