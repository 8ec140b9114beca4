import {
  foldPerfectSubtrees,
  MerkleHasher,
  TreeNode,
} from '@hardening/backstage-plugin-hardening-common';

/** A perfect subtree of a log's tree with its hash. */
export type HashedNode = TreeNode & { hash: Uint8Array };

/**
 * Appends leaves to a tree known by its frontier: the roots of its perfect subtrees,
 * largest first (`perfectSubtrees({ begin: 0, end: size })`). Updates `frontier` in place
 * to the new tree's and returns every node the leaves add, each leaf followed by the
 * subtrees it completes: one leaf and on average one node hash per leaf, whatever the
 * size of the tree.
 */
export function appendToFrontier(
  hasher: MerkleHasher,
  frontier: HashedNode[],
  firstIndex: number,
  leafHashes: readonly Uint8Array[],
): HashedNode[] {
  const added: HashedNode[] = [];
  for (let i = 0; i < leafHashes.length; i++) {
    let node: HashedNode = {
      level: 0,
      index: firstIndex + i,
      hash: leafHashes[i],
    };
    added.push(node);
    while (
      frontier.length > 0 &&
      frontier[frontier.length - 1].level === node.level
    ) {
      const left = frontier.pop()!;
      node = {
        level: node.level + 1,
        index: Math.floor(node.index / 2),
        hash: hasher.nodeHash(left.hash, node.hash),
      };
      added.push(node);
    }
    frontier.push(node);
  }
  return added;
}

/** The root of the tree a non-empty frontier stands for. */
export function frontierRoot(
  hasher: MerkleHasher,
  frontier: readonly HashedNode[],
): Uint8Array {
  return foldPerfectSubtrees(
    hasher,
    frontier.map(node => node.hash),
  );
}
