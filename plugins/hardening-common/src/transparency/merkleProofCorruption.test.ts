import { merkleHasher, verifyConsistency, verifyInclusion } from './merkle';
import {
  mth,
  naiveRootFromPath,
  path,
  proof,
  toHexString,
} from './__testUtils__/naiveMerkle';
import { REFERENCE_LEAVES } from './__testUtils__/referenceTree';
import { randomLeaves, seededRandom } from './__testUtils__/prng';

const hasher = merkleHasher();
const SOME_HASH = new Uint8Array(32).fill(0xab);

/** Every copy of a hash with exactly one bit flipped. */
function* bitFlips(hash: Uint8Array): Generator<Uint8Array> {
  for (let bit = 0; bit < hash.length * 8; bit++) {
    const copy = hash.slice();
    copy[bit >> 3] ^= 1 << (bit & 7);
    yield copy;
  }
}

function* everyHashWithOneBitFlipped(
  hashes: Uint8Array[],
): Generator<Uint8Array[]> {
  for (let i = 0; i < hashes.length; i++) {
    for (const flipped of bitFlips(hashes[i])) {
      yield hashes.map((h, j) => (j === i ? flipped : h));
    }
  }
}

/** Proofs one hash too short or too long, and with an element of the wrong length. */
function truncatedAndExtended(
  hashes: Uint8Array[],
  extras: Uint8Array[],
): Uint8Array[][] {
  const variants: Uint8Array[][] = [];
  if (hashes.length > 0) {
    variants.push(hashes.slice(0, -1), hashes.slice(1));
    variants.push(hashes.map((h, i) => (i === 0 ? h.slice(0, 31) : h)));
    variants.push(
      hashes.map((h, i) =>
        i === hashes.length - 1 ? new Uint8Array([...h, 0]) : h,
      ),
    );
  }
  for (const extra of [new Uint8Array(0), SOME_HASH, ...extras]) {
    variants.push([...hashes, extra], [extra, ...hashes]);
  }
  if (hashes.length > 1) {
    variants.push([hashes[0], SOME_HASH, ...hashes.slice(1)]);
    variants.push([...hashes].reverse());
  }
  return variants;
}

const NOT_INTEGERS = [
  0.5,
  -0.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  -1,
];

describe('corrupted inclusion proofs are refused', () => {
  const cases = (leaves: Uint8Array[], pairs: Array<[number, number]>) =>
    pairs.map(([index, size]) => {
      const tree = leaves.slice(0, size);
      return {
        index,
        size,
        leaves,
        leafHash: hasher.leafHash(leaves[index]),
        hashes: path(index, tree),
        root: mth(tree),
      };
    });

  const sevenLeafPairs: Array<[number, number]> = [];
  for (let size = 1; size <= 7; size++) {
    for (let index = 0; index < size; index++) {
      sevenLeafPairs.push([index, size]);
    }
  }
  const random = seededRandom(9162);
  const bigLeaves = randomLeaves(77, 300);
  const randomPairs: Array<[number, number]> = Array.from(
    { length: 12 },
    () => {
      const size = random.int(2, 300);
      return [random.int(0, size - 1), size];
    },
  );

  const all = [
    ...cases(REFERENCE_LEAVES, sevenLeafPairs),
    ...cases(bigLeaves, randomPairs),
  ];

  it.each(all.map(c => [c.index, c.size, c]))(
    'leaf %i of %i: flipped bits, wrong index, wrong leaf, wrong root, truncated or extended proof',
    (_index, _size, c) => {
      const { index, size, leafHash, hashes, root, leaves } = c;
      const verify = (
        proofHashes: Uint8Array[],
        at = index,
        treeSize = size,
        leaf = leafHash,
        treeRoot = root,
      ) => verifyInclusion(hasher, at, treeSize, leaf, proofHashes, treeRoot);

      expect(verify(hashes)).toBe(true);
      for (const corrupted of everyHashWithOneBitFlipped(hashes)) {
        expect(verify(corrupted)).toBe(false);
      }
      for (const leaf of bitFlips(leafHash)) {
        expect(verify(hashes, index, size, leaf)).toBe(false);
      }
      for (const wrongRoot of bitFlips(root)) {
        expect(verify(hashes, index, size, leafHash, wrongRoot)).toBe(false);
      }
      for (const variant of truncatedAndExtended(hashes, [root, leafHash])) {
        expect(verify(variant)).toBe(false);
      }
      // Another index, with this leaf's hash or with the leaf really there.
      for (let other = -1; other <= size; other++) {
        if (other === index) continue;
        expect(verify(hashes, other)).toBe(false);
      }
      for (let other = 0; other < size; other++) {
        if (other === index) continue;
        expect(
          verify(hashes, other, size, hasher.leafHash(leaves[other])),
        ).toBe(false);
      }
      for (const bad of NOT_INTEGERS) {
        expect(verify(hashes, bad)).toBe(false);
        expect(verify(hashes, index, bad)).toBe(false);
      }
      expect(verify(hashes, index, 0)).toBe(false);
      expect(verify(hashes, index, index)).toBe(false);
      // A leaf or root of the wrong length, or an unrelated one.
      expect(verify(hashes, index, size, utf8Bytes('WrongLeaf'))).toBe(false);
      expect(verify(hashes, index, size, leafHash, SOME_HASH)).toBe(false);
      expect(verify(hashes, index, size, leafHash, hasher.emptyRoot())).toBe(
        false,
      );
      expect(verify(hashes, index, size, leafHash, root.slice(0, 31))).toBe(
        false,
      );
    },
  );

  it.each(all.map(c => [c.index, c.size, c]))(
    'leaf %i of %i: the proof does not verify at another tree size',
    (_index, _size, c) => {
      const { index, size, leafHash, hashes, root, leaves } = c;
      const maxSize = leaves.length;
      for (const other of [
        size - 1,
        size + 1,
        size * 2,
        size >> 1,
        1,
        maxSize,
      ]) {
        if (other === size || other <= index || other > maxSize) continue;
        // Against the real root of the other size: refused, unless the other tree
        // has the very same proof for this leaf.
        const otherTree = leaves.slice(0, other);
        const same =
          path(index, otherTree).map(toHexString).join() ===
          hashes.map(toHexString).join();
        expect(
          verifyInclusion(
            hasher,
            index,
            other,
            leafHash,
            hashes,
            mth(otherTree),
          ),
        ).toBe(same);
        // Against this size's root: only when the two sizes give the leaf the same
        // path shape, exactly as the recursive definition decides.
        const naive = naiveRootFromPath(index, other, leafHash, hashes);
        expect(
          verifyInclusion(hasher, index, other, leafHash, hashes, root),
        ).toBe(naive !== undefined && toHexString(naive) === toHexString(root));
      }
      // The Go reference implementation's probe: twice the size (half the size is
      // among the sizes above).
      expect(
        verifyInclusion(hasher, index, size * 2, leafHash, hashes, root),
      ).toBe(false);
    },
  );

  it('refuses the probes of the single-leaf tree with empty hashes', () => {
    const hash = hasher.leafHash(utf8Bytes('data'));
    const empty = new Uint8Array(0);
    expect(verifyInclusion(hasher, 0, 1, hash, [], hash)).toBe(true);
    expect(verifyInclusion(hasher, 0, 1, empty, [], hash)).toBe(false);
    expect(verifyInclusion(hasher, 0, 1, hash, [], empty)).toBe(false);
    expect(verifyInclusion(hasher, 0, 1, empty, [], empty)).toBe(false);
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      expect(
        verifyInclusion(hasher, index, size, SOME_HASH, [], hasher.emptyRoot()),
      ).toBe(false);
      expect(verifyInclusion(hasher, index, size, empty, [], empty)).toBe(
        false,
      );
    }
  });
});

describe('corrupted consistency proofs are refused', () => {
  const pairs: Array<[number, number]> = [];
  for (let to = 2; to <= 7; to++) {
    for (let from = 1; from < to; from++) pairs.push([from, to]);
  }
  const rootOf = (size: number) => mth(REFERENCE_LEAVES.slice(0, size));

  it.each(pairs)(
    'from %i to %i: flipped bits, swapped or wrong roots, truncated or extended proof',
    (from, to) => {
      const hashes = proof(from, REFERENCE_LEAVES.slice(0, to));
      const root1 = rootOf(from);
      const root2 = rootOf(to);
      const verify = (
        proofHashes: Uint8Array[],
        m = from,
        n = to,
        r1 = root1,
        r2 = root2,
      ) => verifyConsistency(hasher, m, n, proofHashes, r1, r2);

      expect(verify(hashes)).toBe(true);
      for (const corrupted of everyHashWithOneBitFlipped(hashes)) {
        expect(verify(corrupted)).toBe(false);
      }
      for (const wrong of bitFlips(root1)) {
        expect(verify(hashes, from, to, wrong)).toBe(false);
      }
      for (const wrong of bitFlips(root2)) {
        expect(verify(hashes, from, to, root1, wrong)).toBe(false);
      }
      expect(verify(hashes, from, to, root2, root1)).toBe(false);
      expect(verify(hashes, from, to, root1, root1)).toBe(false);
      expect(verify(hashes, from, to, root2, root2)).toBe(false);
      expect(verify(hashes, from, to, utf8Bytes('WrongRoot'))).toBe(false);
      expect(verify(hashes, from, to, root1, utf8Bytes('WrongRoot'))).toBe(
        false,
      );
      expect(verify([])).toBe(false);
      for (const variant of truncatedAndExtended(hashes, [
        root1,
        root2,
        hashes[0],
      ])) {
        expect(verify(variant)).toBe(false);
      }
      // The Go reference implementation's probes of wrong sizes.
      for (const [m, n] of [
        [from - 1, to],
        [from + 1, to],
        [from ^ 2, to],
        [from, to * 2],
        [from, to >> 1],
        [to, from],
        [0, to],
        [from, 0],
      ]) {
        if (m === from && n === to) continue;
        expect(verify(hashes, m, n)).toBe(false);
      }
      for (const bad of NOT_INTEGERS) {
        expect(verify(hashes, bad)).toBe(false);
        expect(verify(hashes, from, bad)).toBe(false);
      }
    },
  );

  it('refuses a proof for other sizes against those sizes’ real roots', () => {
    const leaves = REFERENCE_LEAVES;
    for (const [from, to] of pairs) {
      const hashes = proof(from, leaves.slice(0, to));
      const key = hashes.map(toHexString).join();
      for (let m = 1; m <= 8; m++) {
        for (let n = m; n <= 8; n++) {
          if (m === from && n === to) continue;
          const same = proof(m, leaves.slice(0, n)).map(toHexString).join();
          expect(
            verifyConsistency(hasher, m, n, hashes, rootOf(m), rootOf(n)),
          ).toBe(same === key && (m !== n || key === ''));
        }
      }
    }
  });

  it('accepts equal sizes only with an empty proof and equal roots', () => {
    const root = rootOf(5);
    expect(verifyConsistency(hasher, 5, 5, [], root, root)).toBe(true);
    expect(verifyConsistency(hasher, 5, 5, [root], root, root)).toBe(false);
    expect(verifyConsistency(hasher, 5, 5, [], root, rootOf(4))).toBe(false);
    const empty = new Uint8Array(0);
    expect(verifyConsistency(hasher, 1, 1, [], empty, empty)).toBe(false);
  });

  it('refuses empty trees and sizes that go back', () => {
    const empty = hasher.emptyRoot();
    expect(verifyConsistency(hasher, 0, 0, [], empty, empty)).toBe(false);
    expect(verifyConsistency(hasher, 0, 1, [], empty, rootOf(1))).toBe(false);
    expect(verifyConsistency(hasher, 2, 1, [], rootOf(2), rootOf(1))).toBe(
      false,
    );
    expect(
      verifyConsistency(
        hasher,
        2,
        1,
        proof(1, REFERENCE_LEAVES.slice(0, 2)),
        rootOf(2),
        rootOf(1),
      ),
    ).toBe(false);
  });
});

function utf8Bytes(text: string) {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
