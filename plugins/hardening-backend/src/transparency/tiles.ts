import { TreeNode } from '@hardening/backstage-plugin-hardening-common';

/**
 * How the complete subtrees of a log's tree are stored: in **tiles** of 4 levels. Tile
 * (L, I) holds the nodes of levels 4L to 4L+3 over the 16 nodes of level 4L with indexes
 * 16·I to 16·I+15: 16 + 8 + 4 + 2 = 30 hashes, level by level, each in a fixed slot
 * (zeros until the node is complete). The node on top of a tile is the bottom of tile
 * level L+1. A tree of n leaves needs about n/15 tiles (1,000,000 entries: 66,667 rows of
 * 960 bytes, small enough for PostgreSQL to keep in the row rather than in TOAST), a
 * proof reads one or two tiles per 4 levels, and an append rewrites the last tile of
 * each tile level it touches.
 */
export const TILE_HEIGHT = 4;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
const HASH_BYTES = 32;
/** Hash slots of a tile: 16 + 8 + 4 + 2. */
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
  // Rows 0…row-1 come first: 2·TILE_WIDTH − 2·(the row's width) slots.
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
