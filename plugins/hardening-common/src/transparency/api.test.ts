import {
  consistencyProofSchema,
  inclusionProofSchema,
  MAX_PROOF_HASHES,
} from './api';
import { merkleHasher, verifyInclusion } from './merkle';
import { hex, path, toHexString } from './__testUtils__/naiveMerkle';
import {
  REFERENCE_LEAVES,
  REFERENCE_ROOTS,
} from './__testUtils__/referenceTree';

const hasher = merkleHasher();
const proof = {
  leafIndex: 3,
  treeSize: 7,
  leafHash: toHexString(hasher.leafHash(REFERENCE_LEAVES[3])),
  hashes: path(3, REFERENCE_LEAVES.slice(0, 7)).map(toHexString),
};

describe('transparency API schemas', () => {
  it('read an inclusion proof that then verifies against the root', () => {
    const parsed = inclusionProofSchema.parse(proof);
    expect(
      verifyInclusion(
        hasher,
        parsed.leafIndex,
        parsed.treeSize,
        hex(parsed.leafHash),
        parsed.hashes.map(hex),
        hex(REFERENCE_ROOTS[6]),
      ),
    ).toBe(true);
  });

  it.each([
    ['an upper-case hash', { hashes: [proof.hashes[0].toUpperCase()] }],
    ['a short hash', { hashes: [proof.hashes[0].slice(2)] }],
    ['a base64 leaf hash', { leafHash: 'bmV2ZXI=' }],
    ['a negative index', { leafIndex: -1 }],
    ['a fractional size', { treeSize: 7.5 }],
    ['a size of 0', { treeSize: 0 }],
    ['a size as a string', { treeSize: '7' }],
    [
      'too many hashes',
      { hashes: Array(MAX_PROOF_HASHES + 1).fill(proof.hashes[0]) },
    ],
  ])('refuse an inclusion proof with %s', (_what, change) => {
    expect(
      inclusionProofSchema.safeParse({ ...proof, ...change }).success,
    ).toBe(false);
  });

  it('refuse a consistency proof from the empty tree', () => {
    const good = { from: 1, to: 7, hashes: proof.hashes };
    expect(consistencyProofSchema.safeParse(good).success).toBe(true);
    expect(consistencyProofSchema.safeParse({ ...good, from: 0 }).success).toBe(
      false,
    );
  });
});
