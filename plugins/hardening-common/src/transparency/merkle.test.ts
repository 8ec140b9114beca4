import { createHash } from 'node:crypto';
import {
  entryLeafHash,
  foldPerfectSubtrees,
  merkleHasher,
  perfectSubtrees,
  rootOfLeafHashes,
  splitPoint,
} from './merkle';
import { utf8 } from './bytes';
import {
  mth,
  naiveLeafHash,
  naiveNodeHash,
  toHexString,
} from './__testUtils__/naiveMerkle';
import {
  EMPTY_ROOT,
  REFERENCE_LEAVES,
  REFERENCE_ROOTS,
} from './__testUtils__/referenceTree';
import { randomLeaves } from './__testUtils__/prng';

const hasher = merkleHasher();
const nodeSha256 = (data: Uint8Array) =>
  new Uint8Array(createHash('sha256').update(data).digest());

describe('RFC 9162 Merkle tree hashing', () => {
  it('hashes the empty tree, leaves and nodes with the RFC 6962 prefixes', () => {
    expect(toHexString(hasher.emptyRoot())).toBe(EMPTY_ROOT);
    // A one-leaf tree's root is its leaf hash: SHA-256(0x00 || "").
    expect(toHexString(hasher.leafHash(new Uint8Array(0)))).toBe(
      REFERENCE_ROOTS[0],
    );
    const a = utf8('a');
    const b = utf8('b');
    expect(hasher.leafHash(a)).toEqual(naiveLeafHash(a));
    expect(hasher.nodeHash(a, b)).toEqual(naiveNodeHash(a, b));
    expect(hasher.nodeHash(a, b)).not.toEqual(hasher.nodeHash(b, a));
    // Leaf and node hashes of the same bytes differ (second-preimage resistance).
    expect(hasher.leafHash(new Uint8Array([...a, ...b]))).not.toEqual(
      hasher.nodeHash(a, b),
    );
  });

  it('reproduces the published roots of the reference trees of 1 to 8 leaves', () => {
    expect(toHexString(rootOfLeafHashes(hasher, []))).toBe(EMPTY_ROOT);
    for (let size = 1; size <= 8; size++) {
      const leaves = REFERENCE_LEAVES.slice(0, size);
      const root = rootOfLeafHashes(hasher, leaves.map(hasher.leafHash));
      expect(toHexString(root)).toBe(REFERENCE_ROOTS[size - 1]);
      expect(toHexString(mth(leaves))).toBe(REFERENCE_ROOTS[size - 1]);
    }
  });

  it('computes the same roots as the naive MTH for random trees', () => {
    for (const size of [9, 15, 16, 17, 31, 33, 64, 100, 127, 128, 129, 300]) {
      const leaves = randomLeaves(size, size);
      expect(rootOfLeafHashes(hasher, leaves.map(hasher.leafHash))).toEqual(
        mth(leaves),
      );
    }
  });

  it('gives the same hashes on Node SHA-256 as on the portable one', () => {
    const nodeHasher = merkleHasher(nodeSha256);
    const leaves = randomLeaves(7, 37);
    expect(
      rootOfLeafHashes(nodeHasher, leaves.map(nodeHasher.leafHash)),
    ).toEqual(rootOfLeafHashes(hasher, leaves.map(hasher.leafHash)));
    expect(nodeHasher.emptyRoot()).toEqual(hasher.emptyRoot());
  });

  it('hashes an audit chain entry as the UTF-8 of its canonical content', () => {
    const content = '{"action":"build","details":{"note":"café ✓"}}';
    expect(entryLeafHash(hasher, content)).toEqual(
      naiveLeafHash(new Uint8Array(Buffer.from(content, 'utf8'))),
    );
  });

  it('splits a tree at the largest power of two below its size', () => {
    const cases: Array<[number, number]> = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 4],
      [8, 4],
      [9, 8],
      [1025, 1024],
      [2 ** 40, 2 ** 39],
      [2 ** 40 + 1, 2 ** 40],
    ];
    for (const [n, k] of cases) expect(splitPoint(n)).toBe(k);
  });
});

describe('perfect subtrees', () => {
  it('cut a range into aligned perfect subtrees, largest first, that cover it', () => {
    expect(perfectSubtrees({ begin: 0, end: 7 })).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(perfectSubtrees({ begin: 4, end: 8 })).toEqual([
      { level: 2, index: 1 },
    ]);
    for (let begin = 0; begin < 40; begin++) {
      for (let end = begin + 1; end <= 80; end++) {
        const nodes = perfectSubtrees({ begin, end });
        let at = begin;
        for (const node of nodes) {
          const width = 2 ** node.level;
          expect(node.index * width).toBe(at);
          at += width;
        }
        expect(at).toBe(end);
      }
    }
  });

  it('fold into the MTH of every range of the tree of 300 leaves that is a subtree', () => {
    const leaves = randomLeaves(300, 300);
    // Subtrees of an RFC 6962 tree: [begin, end) with begin a multiple of the
    // smallest power of two >= end - begin.
    for (let width = 1; width <= 300; width++) {
      let align = 1;
      while (align < width) align *= 2;
      for (let begin = 0; begin + width <= 300; begin += align) {
        const range = { begin, end: begin + width };
        const folded = foldPerfectSubtrees(
          hasher,
          perfectSubtrees(range).map(node =>
            mth(
              leaves.slice(
                node.index * 2 ** node.level,
                (node.index + 1) * 2 ** node.level,
              ),
            ),
          ),
        );
        expect(folded).toEqual(mth(leaves.slice(range.begin, range.end)));
      }
    }
  });
});
