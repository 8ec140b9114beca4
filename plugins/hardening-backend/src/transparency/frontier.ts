import { TreeNode } from '@hardening/backstage-plugin-hardening-common';

/** A perfect subtree of a log's tree with its hash (bytes, or a latin1 string of them). */
export type HashedNode<H = Uint8Array> = TreeNode & { hash: H };

/** What a frontier needs of a hasher: the RFC 6962 node hash, on hashes of type H. */
export type NodeHasher<H> = { nodeHash(left: H, right: H): H };

/**
 * Appends leaves to a tree known by its frontier: the roots of its perfect subtrees,
 * largest first (`perfectSubtrees({ begin: 0, end: size })`). Updates `frontier` in place
 * to the new tree's and returns every node the leaves add, each leaf followed by the
 * subtrees it completes: one leaf and on average one node hash per leaf, whatever the
 * size of the tree.
 */
export function appendToFrontier<H>(
  hasher: NodeHasher<H>,
  frontier: HashedNode<H>[],
  firstIndex: number,
  leafHashes: readonly H[],
): HashedNode<H>[] {
  const added: HashedNode<H>[] = [];
  for (let i = 0; i < leafHashes.length; i++) {
    let node: HashedNode<H> = {
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

/** The root of the tree a non-empty frontier stands for (its roots folded from the right). */
export function frontierRoot<H>(
  hasher: NodeHasher<H>,
  frontier: readonly HashedNode<H>[],
): H {
  let root = frontier[frontier.length - 1].hash;
  for (let i = frontier.length - 2; i >= 0; i--) {
    root = hasher.nodeHash(frontier[i].hash, root);
  }
  return root;
}
