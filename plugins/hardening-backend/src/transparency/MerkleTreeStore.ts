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
import { latin1Of } from './nodeBytes';
import { latin1TreeHasher, treeHasher } from './nodeSha256';
import { readSlot, tileKey, TILE_BYTES, tileSlotOf } from './tiles';

const TILES = 'audit_chain_tree_tiles';
/** Tiles per INSERT statement (960 bytes and 4 parameters each). */
const WRITE_CHUNK = 200;
/** Tile keys per lookup statement (two parameters each). */
const LOOKUP_CHUNK = 400;

type TileRow = {
  tile_level: number;
  tile_index: number | string;
  hashes: Uint8Array;
};
type TileKey = { tileLevel: number; tileIndex: number };

const HASH_BYTES = 32;

const keyOf = (node: TreeNode) => `${node.level}/${node.index}`;

const HEADS = 'audit_chain_heads';
/** The `tile_level` of the chain head's row in {@link MerkleTreeStore.readRanges}. */
const HEAD_ROW = -1;

/** The distinct nodes of these lists. */
function uniqueNodes(parts: readonly TreeNode[][]): TreeNode[] {
  const unique = new Map<string, TreeNode>();
  for (const node of parts.flat()) unique.set(keyOf(node), node);
  return [...unique.values()];
}

/** The distinct tiles of these keys. */
function uniqueTiles(keys: readonly TileKey[]): TileKey[] {
  const unique = new Map<string, TileKey>();
  for (const key of keys)
    unique.set(tileKey(key.tileLevel, key.tileIndex), key);
  return [...unique.values()];
}

/**
 * The Merkle trees of the entities' audit chains, as the hashes of their complete
 * (perfect) subtrees, stored in tiles of 4 levels (`audit_chain_tree_tiles`, see
 * `tiles.ts`). Every other subtree hash (the root of a size that is not a power of two,
 * a proof element) is folded from at most log2(n) of them.
 */
export class MerkleTreeStore {
  constructor(private readonly db: Knex) {}

  /**
   * Inside the transaction that stores chain entries `firstIndex…`: adds their leaf
   * hashes and every subtree they complete, reading only the roots of the tree before
   * them (O(log n)) and the tiles the new nodes go to. Returns the new tree's root. The
   * caller holds the chain's lock, so `firstIndex` is the current size.
   */
  async append(
    trx: Knex.Transaction,
    entityRef: string,
    firstIndex: number,
    leafHashes: readonly Uint8Array[] | readonly string[],
  ): Promise<Uint8Array> {
    // Hashes are handled as latin1 strings here (see latin1TreeHasher).
    const leaves = (leafHashes as readonly (Uint8Array | string)[]).map(hash =>
      typeof hash === 'string' ? hash : latin1Of(hash),
    );
    const roots =
      firstIndex === 0 ? [] : perfectSubtrees({ begin: 0, end: firstIndex });
    const rootHashes = await this.nodes(trx, entityRef, roots);
    const frontier: HashedNode<string>[] = roots.map((node, i) => {
      const hash = rootHashes[i];
      if (!hash) {
        throw new Error(
          `The Merkle tree of ${entityRef} lacks subtrees of its first ${firstIndex} leaves: the tree and the chain disagree`,
        );
      }
      return { ...node, hash: latin1Of(hash) };
    });
    const added = appendToFrontier(
      latin1TreeHasher,
      frontier,
      firstIndex,
      leaves,
    );
    const slots = added.map(node => tileSlotOf(node));
    const tiles = await this.tiles(trx, entityRef, slots);
    added.forEach((node, i) => {
      const { tileLevel, tileIndex, slot } = slots[i];
      const key = tileKey(tileLevel, tileIndex);
      let tile = tiles.get(key);
      if (!tile) {
        tile = Buffer.alloc(TILE_BYTES);
        tiles.set(key, tile);
      }
      if (node.level === 0) this.checkNotRewritten(entityRef, tile, slot, node);
      tile.write(node.hash, slot * HASH_BYTES, HASH_BYTES, 'latin1');
    });
    const rows = [...tiles.entries()].map(([key, hashes]) => {
      const [tileLevel, tileIndex] = key.split('/').map(Number);
      return {
        entity_ref: entityRef,
        tile_level: tileLevel,
        tile_index: tileIndex,
        hashes,
      };
    });
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      await trx(TILES)
        .insert(rows.slice(i, i + WRITE_CHUNK))
        .onConflict(['entity_ref', 'tile_level', 'tile_index'])
        .merge(['hashes']);
    }
    return Buffer.from(frontierRoot(latin1TreeHasher, frontier), 'latin1');
  }

  /**
   * A leaf slot is filled before its leaf is appended only when chain rows were deleted
   * behind the backend's back (the log never forgets a leaf): the same entry appended
   * again is accepted, another one is a rewritten history and refused.
   */
  private checkNotRewritten(
    entityRef: string,
    tile: Buffer,
    slot: number,
    leaf: HashedNode<string>,
  ) {
    const remembered = readSlot(tile, slot);
    if (remembered && latin1Of(remembered) !== leaf.hash) {
      throw new ConflictError(
        `The transparency log of ${entityRef} already holds a different entry at seq ${leaf.index}: its chain rows were changed outside the backend, and the log keeps what it logged. Nothing was stored.`,
      );
    }
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

  /** The inclusion proof of leaf `index` in the tree of `size` (≤ the stored size) leaves. */
  async inclusionProof(
    entityRef: string,
    index: number,
    size: number,
  ): Promise<{ leafHash: Uint8Array; hashes: Uint8Array[] }> {
    const read = await this.readRanges(entityRef, [
      { begin: index, end: index + 1 },
      ...inclusionProofRanges(index, size),
    ]);
    const [leafHash, ...hashes] = read.hashes();
    return { leafHash, hashes };
  }

  /** The consistency proof from the tree of `from` leaves to the tree of `to` (≤ the stored size). */
  async consistencyProof(
    entityRef: string,
    from: number,
    to: number,
  ): Promise<Uint8Array[]> {
    const read = await this.readRanges(
      entityRef,
      consistencyProofRanges(from, to),
    );
    return read.hashes();
  }

  /**
   * The hashes of leaf ranges (a proof's elements, see `inclusionProofRanges` and
   * `consistencyProofRanges`) read together with the current tree size, in one statement
   * (one snapshot, one round trip). `hashes()` folds them; call it only for ranges within
   * `current` leaves (it throws when a subtree is missing).
   */
  async readRanges(
    entityRef: string,
    ranges: readonly LeafRange[],
  ): Promise<{ current: number; hashes: () => Uint8Array[] }> {
    const parts = ranges.map(range => perfectSubtrees(range));
    const wanted = uniqueNodes(parts);
    const slots = wanted.map(node => tileSlotOf(node));
    const keys = uniqueTiles(slots);
    if (keys.length > LOOKUP_CHUNK) {
      throw new Error(`A proof needs at most ${LOOKUP_CHUNK} tiles`);
    }
    const rows: TileRow[] = await this.db
      .from(TILES)
      .where({ entity_ref: entityRef })
      .whereIn(
        ['tile_level', 'tile_index'],
        keys.map(key => [key.tileLevel, key.tileIndex]),
      )
      .select('tile_level', 'tile_index', 'hashes')
      .unionAll(head =>
        head
          .from(HEADS)
          .where({ entity_ref: entityRef })
          .select(
            this.db.raw('? as tile_level', [HEAD_ROW]),
            'seq as tile_index',
            this.db.raw('NULL as hashes'),
          ),
      );
    let current = 0;
    const tiles = new Map<string, Buffer>();
    for (const row of rows) {
      if (Number(row.tile_level) === HEAD_ROW) {
        current = Number(row.tile_index) + 1;
      } else {
        tiles.set(
          tileKey(Number(row.tile_level), Number(row.tile_index)),
          // Both drivers answer a Buffer; only copy what is not one.
          Buffer.isBuffer(row.hashes) ? row.hashes : Buffer.from(row.hashes),
        );
      }
    }
    return {
      current,
      hashes: () =>
        this.fold(entityRef, parts, node => {
          const { tileLevel, tileIndex, slot } = tileSlotOf(node);
          const tile = tiles.get(tileKey(tileLevel, tileIndex));
          return tile && readSlot(tile, slot);
        }),
    };
  }

  /** The hashes of leaf ranges, from their perfect subtrees read in one query. */
  private async rangeHashes(
    db: Knex | Knex.Transaction,
    entityRef: string,
    ranges: readonly LeafRange[],
  ): Promise<Uint8Array[]> {
    const parts = ranges.map(range => perfectSubtrees(range));
    const wanted = uniqueNodes(parts);
    const hashes = await this.nodes(db, entityRef, wanted);
    const found = new Map<string, Uint8Array | undefined>(
      wanted.map((node, i) => [keyOf(node), hashes[i]]),
    );
    return this.fold(entityRef, parts, node => found.get(keyOf(node)));
  }

  /** Each range's hash, folded from its perfect subtrees' stored hashes. */
  private fold(
    entityRef: string,
    parts: readonly TreeNode[][],
    stored: (node: TreeNode) => Uint8Array | undefined,
  ): Uint8Array[] {
    return parts.map(nodes =>
      foldPerfectSubtrees(
        treeHasher,
        nodes.map(node => {
          const hash = stored(node);
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

  /** The stored hashes of nodes, in the order asked for (undefined when absent). */
  private async nodes(
    db: Knex | Knex.Transaction,
    entityRef: string,
    wanted: readonly TreeNode[],
  ): Promise<Array<Uint8Array | undefined>> {
    const slots = wanted.map(node => tileSlotOf(node));
    const tiles = await this.tiles(db, entityRef, slots);
    return slots.map(({ tileLevel, tileIndex, slot }) => {
      const tile = tiles.get(tileKey(tileLevel, tileIndex));
      return tile && readSlot(tile, slot);
    });
  }

  /** The stored tiles among these, by key; one query per 400 tiles. */
  private async tiles(
    db: Knex | Knex.Transaction,
    entityRef: string,
    keys: readonly TileKey[],
  ): Promise<Map<string, Buffer>> {
    const wanted = uniqueTiles(keys);
    const tiles = new Map<string, Buffer>();
    for (let i = 0; i < wanted.length; i += LOOKUP_CHUNK) {
      const chunk = wanted.slice(i, i + LOOKUP_CHUNK);
      const rows: TileRow[] = await db(TILES)
        .where({ entity_ref: entityRef })
        .whereIn(
          ['tile_level', 'tile_index'],
          chunk.map(key => [key.tileLevel, key.tileIndex]),
        )
        .select('tile_level', 'tile_index', 'hashes');
      for (const row of rows) {
        tiles.set(
          tileKey(row.tile_level, Number(row.tile_index)),
          // A copy: the tile is written in place before it is stored again.
          // Both drivers answer a Buffer; only copy what is not one.
          Buffer.isBuffer(row.hashes) ? row.hashes : Buffer.from(row.hashes),
        );
      }
    }
    return tiles;
  }
}
