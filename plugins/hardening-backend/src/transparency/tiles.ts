import { TreeNode } from '@hardening/backstage-plugin-hardening-common';

/**
 * How the complete subtrees of a log's tree are stored: in **tiles** of 8 levels. Tile
 * (L, I) holds the nodes of levels 8L to 8L+7 over the 256 nodes of level 8L with indexes
 * 256·I to 256·I+255: 256 + 128 + … + 2 = 510 hashes, level by level, each in a fixed slot
 * (zeros until the node is complete). The node on top of a tile is the bottom of tile
 * level L+1. A tree of n leaves needs about n/256 tiles (1,000,000 entries: 3,922 rows of
 * 16 KiB), a proof reads one to three tiles per 8 levels, and an append rewrites the last
 * tile of each tile level it touches, so the rows written and read stay few whatever the
 * size.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
const HASH_BYTES = 32;
/** Hash slots of a tile: 256 + 128 + … + 2. */
export const TILE_SLOTS = 2 * TILE_WIDTH - 2;
export const TILE_BYTES = TILE_SLOTS * HASH_BYTES;

/** Where a node is stored: its tile and its slot in it. */
export type TileSlot = { tileLevel: number; tileIndex: number; slot: number };

export const tileKey = (tileLevel: number, tileIndex: number) =>
  `${tileLevel}/${tileIndex}`;

/** The tile and slot of a node. */
export function tileSlotOf(node: TreeNode): TileSlot {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const row = node.level % TILE_HEIGHT;
  const rowWidth = TILE_WIDTH >> row;
  // Rows 0…row-1 come first: 256 + 128 + … = 512 − 2^(9 − row) slots.
  const rowStart = 2 * TILE_WIDTH - 2 * rowWidth;
  return {
    tileLevel,
    tileIndex: Math.floor(node.index / rowWidth),
    slot: rowStart + (node.index % rowWidth),
  };
}

/** The hash in a slot of a tile, or undefined while the slot is empty (zeros). */
export function readSlot(
  tile: Uint8Array,
  slot: number,
): Uint8Array | undefined {
  const at = slot * HASH_BYTES;
  if (at + HASH_BYTES > tile.length) return undefined;
  const hash = tile.subarray(at, at + HASH_BYTES);
  for (const byte of hash) {
    if (byte !== 0) return hash;
  }
  return undefined;
}

/** Writes a node's hash into its slot of a tile. */
export function writeSlot(tile: Uint8Array, slot: number, hash: Uint8Array) {
  tile.set(hash, slot * HASH_BYTES);
}
