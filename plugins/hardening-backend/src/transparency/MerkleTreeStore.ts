import {
  consistencyProofRanges,
  foldPerfectSubtrees,
  inclusionProofRanges,
  LeafRange,
  perfectSubtrees,
  TreeNode,
} from '@hardening/backstage-plugin-hardening-common';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { appendToFrontier, frontierRoot, HashedNode } from './frontier';
import { treeHasher } from './nodeSha256';

const NODES = 'audit_chain_tree_nodes';
/** Rows per INSERT statement; keeps SQLite under its bound-parameter limit. */
const INSERT_CHUNK = 500;
/** Node keys per lookup statement (two parameters each). */
const LOOKUP_CHUNK = 400;

type NodeRow = { level: number; idx: number | string; hash: Uint8Array };

const keyOf = (node: TreeNode) => `${node.level}/${node.index}`;

/**
 * The Merkle trees of the entities' audit chains, as the hashes of their perfect
 * subtrees (`audit_chain_tree_nodes`). Every other subtree hash (the root of a size that
 * is not a power of two, a proof element) is folded from at most log2(n) of them.
 */
export class MerkleTreeStore {
  constructor(private readonly db: Knex) {}

  /**
   * Inside the transaction that stores chain entries `firstIndex…`: adds their leaf
   * hashes and every subtree they complete, reading only the roots of the tree before
   * them (O(log n)). Returns the new tree's root. The caller holds the chain's lock, so
   * `firstIndex` is the current size.
   */
  async append(
    trx: Knex.Transaction,
    entityRef: string,
    firstIndex: number,
    leafHashes: readonly Uint8Array[],
  ): Promise<Uint8Array> {
    const roots =
      firstIndex === 0 ? [] : perfectSubtrees({ begin: 0, end: firstIndex });
    const stack = await this.nodes(trx, entityRef, roots);
    if (stack.length !== roots.length) {
      throw new Error(
        `The Merkle tree of ${entityRef} lacks subtrees of its first ${firstIndex} leaves: the tree and the chain disagree`,
      );
    }
    const added = appendToFrontier(treeHasher, stack, firstIndex, leafHashes);
    const remembered = await this.rememberedLeaves(
      trx,
      entityRef,
      firstIndex,
      leafHashes,
    );
    for (let i = 0; i < added.length; i += INSERT_CHUNK) {
      const insert = trx(NODES).insert(
        added.slice(i, i + INSERT_CHUNK).map(node => ({
          entity_ref: entityRef,
          level: node.level,
          idx: node.index,
          hash: Buffer.from(node.hash),
        })),
      );
      // Leaves the log already holds, unchanged: so are the subtrees over them.
      await (remembered
        ? insert.onConflict(['entity_ref', 'level', 'idx']).ignore()
        : insert);
    }
    return frontierRoot(treeHasher, stack);
  }

  /**
   * Whether the log already holds leaves at these indexes. It only can when chain rows
   * were deleted behind the backend's back (the log never forgets a leaf): the same
   * entries appended again are accepted, other ones are a rewritten history and refused.
   */
  private async rememberedLeaves(
    trx: Knex.Transaction,
    entityRef: string,
    firstIndex: number,
    leafHashes: readonly Uint8Array[],
  ): Promise<boolean> {
    const rows: NodeRow[] = await trx(NODES)
      .where({ entity_ref: entityRef, level: 0 })
      .andWhere('idx', '>=', firstIndex)
      .andWhere('idx', '<', firstIndex + leafHashes.length)
      .select('level', 'idx', 'hash');
    for (const row of rows) {
      const index = Number(row.idx);
      if (
        Buffer.compare(
          Buffer.from(row.hash),
          Buffer.from(leafHashes[index - firstIndex]),
        ) !== 0
      ) {
        throw new ConflictError(
          `The transparency log of ${entityRef} already holds a different entry at seq ${index}: its chain rows were changed outside the backend, and the log keeps what it logged. Nothing was stored.`,
        );
      }
    }
    return rows.length > 0;
  }

  /** The root of the tree of the first `size` leaves (`size` ≤ the stored size). */
  async rootAt(
    db: Knex | Knex.Transaction,
    entityRef: string,
    size: number,
  ): Promise<Uint8Array> {
    if (size === 0) return treeHasher.emptyRoot();
    const [root] = await this.rangeHashes(db, entityRef, [
      { begin: 0, end: size },
    ]);
    return root;
  }

  /** The inclusion proof of leaf `index` in the tree of `size` leaves. */
  async inclusionProof(
    entityRef: string,
    index: number,
    size: number,
  ): Promise<{ leafHash: Uint8Array; hashes: Uint8Array[] }> {
    const leaf = { begin: index, end: index + 1 };
    const [leafHash, ...hashes] = await this.rangeHashes(this.db, entityRef, [
      leaf,
      ...inclusionProofRanges(index, size),
    ]);
    return { leafHash, hashes };
  }

  /** The consistency proof from the tree of `from` leaves to the tree of `to`. */
  async consistencyProof(
    entityRef: string,
    from: number,
    to: number,
  ): Promise<Uint8Array[]> {
    return this.rangeHashes(
      this.db,
      entityRef,
      consistencyProofRanges(from, to),
    );
  }

  /** The hashes of leaf ranges, from their perfect subtrees read in one query. */
  private async rangeHashes(
    db: Knex | Knex.Transaction,
    entityRef: string,
    ranges: readonly LeafRange[],
  ): Promise<Uint8Array[]> {
    const parts = ranges.map(range => perfectSubtrees(range));
    const unique = new Map<string, TreeNode>();
    for (const node of parts.flat()) unique.set(keyOf(node), node);
    const found = new Map<string, Uint8Array>();
    for (const node of await this.nodes(db, entityRef, [...unique.values()])) {
      found.set(keyOf(node), node.hash);
    }
    return parts.map(nodes =>
      foldPerfectSubtrees(
        treeHasher,
        nodes.map(node => {
          const hash = found.get(keyOf(node));
          if (!hash) {
            throw new Error(
              `The Merkle tree of ${entityRef} has no node ${keyOf(
                node,
              )}: the tree and the chain disagree`,
            );
          }
          return hash;
        }),
      ),
    );
  }

  /** Stored nodes, in the order asked for; a missing one is left out. */
  private async nodes(
    db: Knex | Knex.Transaction,
    entityRef: string,
    wanted: readonly TreeNode[],
  ): Promise<HashedNode[]> {
    const rows: NodeRow[] = [];
    for (let i = 0; i < wanted.length; i += LOOKUP_CHUNK) {
      const chunk = wanted.slice(i, i + LOOKUP_CHUNK);
      rows.push(
        ...((await db(NODES)
          .where({ entity_ref: entityRef })
          .whereIn(
            ['level', 'idx'],
            chunk.map(node => [node.level, node.index]),
          )
          .select('level', 'idx', 'hash')) as NodeRow[]),
      );
    }
    const byKey = new Map(
      rows.map(row => [
        `${row.level}/${Number(row.idx)}`,
        new Uint8Array(row.hash),
      ]),
    );
    return wanted.flatMap(node => {
      const hash = byKey.get(keyOf(node));
      return hash ? [{ ...node, hash }] : [];
    });
  }
}
