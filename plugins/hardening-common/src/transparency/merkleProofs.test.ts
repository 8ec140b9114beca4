import {
  consistencyProofRanges,
  inclusionProofRanges,
  merkleHasher,
  rootFromInclusionProof,
  rootOfLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
import {
  hex,
  mth,
  naiveRootFromPath,
  path,
  proof,
  toHexString,
} from './__testUtils__/naiveMerkle';
import {
  PUBLISHED_CONSISTENCY_PROOFS,
  PUBLISHED_INCLUSION_PROOFS,
  REFERENCE_LEAVES,
  REFERENCE_ROOTS,
} from './__testUtils__/referenceTree';
import {
  coreConsistencyProof,
  coreInclusionProof,
} from './__testUtils__/coreProofs';
import { randomLeaves, seededRandom } from './__testUtils__/prng';

const hasher = merkleHasher();
const hexes = (hashes: Uint8Array[]) => hashes.map(toHexString);

function expectInclusionProofsAgree(
  leaves: Uint8Array[],
  index: number,
  size: number,
) {
  const tree = leaves.slice(0, size);
  const naive = path(index, tree);
  const root = mth(tree);
  const leafHash = hasher.leafHash(leaves[index]);
  expect(hexes(coreInclusionProof(leaves, index, size))).toEqual(hexes(naive));
  expect(naiveRootFromPath(index, size, leafHash, naive)).toEqual(root);
  expect(rootFromInclusionProof(hasher, index, size, leafHash, naive)).toEqual(
    root,
  );
  expect(verifyInclusion(hasher, index, size, leafHash, naive, root)).toBe(
    true,
  );
}

function expectConsistencyProofsAgree(
  leaves: Uint8Array[],
  from: number,
  to: number,
) {
  const naive = proof(from, leaves.slice(0, to));
  expect(hexes(coreConsistencyProof(leaves, from, to))).toEqual(hexes(naive));
  expect(
    verifyConsistency(
      hasher,
      from,
      to,
      naive,
      mth(leaves.slice(0, from)),
      mth(leaves.slice(0, to)),
    ),
  ).toBe(true);
}

describe('published RFC 6962 test vectors', () => {
  it.each(PUBLISHED_INCLUSION_PROOFS)(
    'inclusion of leaf $leafIndex in the tree of $treeSize leaves',
    ({ leafIndex, treeSize, hashes }) => {
      const leaves = REFERENCE_LEAVES.slice(0, treeSize);
      expect(hexes(path(leafIndex, leaves))).toEqual(hashes);
      expect(hexes(coreInclusionProof(leaves, leafIndex, treeSize))).toEqual(
        hashes,
      );
      expect(
        verifyInclusion(
          hasher,
          leafIndex,
          treeSize,
          hasher.leafHash(REFERENCE_LEAVES[leafIndex]),
          hashes.map(hex),
          hex(REFERENCE_ROOTS[treeSize - 1]),
        ),
      ).toBe(true);
    },
  );

  it.each(PUBLISHED_CONSISTENCY_PROOFS)(
    'consistency of the tree of $from leaves with the tree of $to leaves',
    ({ from, to, hashes }) => {
      const leaves = REFERENCE_LEAVES.slice(0, to);
      expect(hexes(proof(from, leaves))).toEqual(hashes);
      expect(hexes(coreConsistencyProof(leaves, from, to))).toEqual(hashes);
      expect(
        verifyConsistency(
          hasher,
          from,
          to,
          hashes.map(hex),
          hex(REFERENCE_ROOTS[from - 1]),
          hex(REFERENCE_ROOTS[to - 1]),
        ),
      ).toBe(true);
    },
  );

  it('takes the leaf ranges of the RFC 9162 section 2.1.5 examples of the 7-leaf tree', () => {
    // Leaves d0..d6; a..f and d6 are leaves, g=[0,2) h=[2,4) i=[4,6) j=[6,7)
    // k=[0,4) l=[4,7).
    const r = (begin: number, end: number) => ({ begin, end });
    // Inclusion: PATH(0) = [b, h, l], PATH(3) = [c, g, l], PATH(4) = [f, j, k],
    // PATH(6) = [i, k].
    expect(inclusionProofRanges(0, 7)).toEqual([r(1, 2), r(2, 4), r(4, 7)]);
    expect(inclusionProofRanges(3, 7)).toEqual([r(2, 3), r(0, 2), r(4, 7)]);
    expect(inclusionProofRanges(4, 7)).toEqual([r(5, 6), r(6, 7), r(0, 4)]);
    expect(inclusionProofRanges(6, 7)).toEqual([r(4, 6), r(0, 4)]);
    // Consistency: PROOF(3, D[7]) = [c, d, g, l], PROOF(4, D[7]) = [l],
    // PROOF(6, D[7]) = [i, j, k].
    expect(consistencyProofRanges(3, 7)).toEqual([
      r(2, 3),
      r(3, 4),
      r(0, 2),
      r(4, 7),
    ]);
    expect(consistencyProofRanges(4, 7)).toEqual([r(4, 7)]);
    expect(consistencyProofRanges(6, 7)).toEqual([r(4, 6), r(6, 7), r(0, 4)]);
    expect(consistencyProofRanges(7, 7)).toEqual([]);
  });
});

describe('every proof of the 7-leaf reference tree', () => {
  const leaves = REFERENCE_LEAVES.slice(0, 7);

  it('builds and verifies every inclusion proof like the naive PATH', () => {
    let proofs = 0;
    for (let size = 1; size <= 7; size++) {
      for (let index = 0; index < size; index++) {
        expectInclusionProofsAgree(leaves, index, size);
        proofs++;
      }
    }
    expect(proofs).toBe(28);
  });

  it('builds and verifies every consistency proof like the naive PROOF', () => {
    let proofs = 0;
    for (let to = 1; to <= 7; to++) {
      for (let from = 1; from <= to; from++) {
        expectConsistencyProofsAgree(leaves, from, to);
        proofs++;
      }
    }
    expect(proofs).toBe(28);
  });
});

describe('proofs of random trees', () => {
  it('agree with the naive proofs for every pair of sizes up to 40', () => {
    const leaves = randomLeaves(40, 40);
    let pairs = 0;
    for (let to = 1; to <= 40; to++) {
      for (let from = 1; from <= to; from++) {
        expectInclusionProofsAgree(leaves, from - 1, to);
        expectConsistencyProofsAgree(leaves, from, to);
        pairs++;
      }
    }
    expect(pairs).toBe((40 * 41) / 2);
  });

  it('agree with the naive proofs for sampled pairs of trees up to 300 leaves', () => {
    const random = seededRandom(2026);
    const leaves = randomLeaves(300, 300);
    const sizes = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const to = random.int(1, 300);
      const from = random.int(1, to);
      expectInclusionProofsAgree(leaves, random.int(0, to - 1), to);
      expectConsistencyProofsAgree(leaves, from, to);
      sizes.add(to);
    }
    // The sample covers most sizes.
    expect(sizes.size).toBeGreaterThan(200);
  });

  it.each([1024, 1025, 2047, 3001])(
    'agree with the naive proofs in a tree of %i leaves',
    size => {
      const random = seededRandom(size);
      const leaves = randomLeaves(size + 1, size);
      const pairs: Array<[number, number]> = [
        [1, size],
        [size, size],
        [size - 1, size],
        [512, size],
        [random.int(1, size), size],
        [random.int(1, size), size],
      ];
      for (const [from, to] of pairs) {
        expectInclusionProofsAgree(leaves, from - 1, to);
        expectConsistencyProofsAgree(leaves, from, to);
      }
      expect(rootOfLeafHashes(hasher, leaves.map(hasher.leafHash))).toEqual(
        mth(leaves),
      );
    },
  );

  it('keeps proofs logarithmic: at most 2 log2(size) hashes', () => {
    for (const size of [2 ** 20, 2 ** 20 + 1, 2 ** 40 - 1, 2 ** 52 + 3]) {
      const bound = 2 * Math.ceil(Math.log2(size));
      expect(inclusionProofRanges(0, size).length).toBeLessThanOrEqual(bound);
      expect(inclusionProofRanges(size - 1, size).length).toBeLessThanOrEqual(
        bound,
      );
      expect(consistencyProofRanges(3, size).length).toBeLessThanOrEqual(bound);
      expect(consistencyProofRanges(size - 1, size).length).toBeLessThanOrEqual(
        bound,
      );
    }
  });
});
