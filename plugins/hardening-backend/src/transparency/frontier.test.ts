import {
  perfectSubtrees,
  rootOfLeafHashes,
  utf8,
} from '@hardening/backstage-plugin-hardening-common';
import { appendToFrontier, frontierRoot, HashedNode } from './frontier';
import { treeHasher } from './nodeSha256';

const leaves = Array.from({ length: 37 }, (_, i) =>
  treeHasher.leafHash(utf8(`entry ${i}`)),
);

/** The root of leaves `begin…end`, straight from the leaves. */
const rangeRoot = (begin: number, end: number) =>
  rootOfLeafHashes(treeHasher, leaves.slice(begin, end));

describe('appendToFrontier', () => {
  it.each([[[37]], [[1, 36]], [[5, 3, 8, 1, 20]], [Array(37).fill(1)]])(
    'gives every tree size the root of its leaves, appended in chunks %j',
    chunks => {
      const frontier: HashedNode[] = [];
      let size = 0;
      for (const n of chunks as number[]) {
        appendToFrontier(
          treeHasher,
          frontier,
          size,
          leaves.slice(size, size + n),
        );
        size += n;
        expect(frontierRoot(treeHasher, frontier)).toEqual(rangeRoot(0, size));
        expect(frontier.map(({ level, index }) => ({ level, index }))).toEqual(
          perfectSubtrees({ begin: 0, end: size }),
        );
      }
    },
  );

  it('returns each leaf and every subtree it completes, with the hash of its leaves', () => {
    const frontier: HashedNode[] = [];
    appendToFrontier(treeHasher, frontier, 0, leaves.slice(0, 5));
    const added = appendToFrontier(treeHasher, frontier, 5, leaves.slice(5, 8));

    expect(added.map(({ level, index }) => `${level}/${index}`)).toEqual([
      '0/5',
      '1/2',
      '0/6',
      '0/7',
      '1/3',
      '2/1',
      '3/0',
    ]);
    for (const node of added) {
      const begin = node.index * 2 ** node.level;
      expect(node.hash).toEqual(rangeRoot(begin, begin + 2 ** node.level));
    }
  });
});
