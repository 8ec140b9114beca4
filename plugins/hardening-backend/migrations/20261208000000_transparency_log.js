// @ts-check

const { createHash } = require('node:crypto');

/**
 * The release transparency log (RFC 9162 Merkle tree over each entity's audit chain).
 *
 * - `audit_chain_tree_tiles`: the hash of every complete (perfect) subtree of an
 *   entity's tree (level 0: the leaf hashes, SHA-256(0x00 || canonical entry content),
 *   index = seq; level L index I covers leaves [I·2^L, (I+1)·2^L)), in tiles of 4
 *   levels: tile (T, J) holds levels 4T…4T+3 above the nodes 16·J…16·J+15 of level
 *   4T, 30 hashes of 32 bytes level by level in fixed slots, zeros where a node is not
 *   complete yet (src/transparency/tiles.ts). About one row per 15 entries, 960 bytes
 *   each: kept in the row by PostgreSQL, not in TOAST.
 * - `audit_chain_checkpoints`: signed C2SP checkpoints of tree sizes, per signing key.
 * - `audit_chain_cosignatures`: witness cosignatures (C2SP tlog-cosignature) of them.
 * - `transparency_signing_keys`: the signing key the backend generated for itself when
 *   config gives none (`hardening.transparency.signingKey`).
 *
 * Existing chains are backfilled here: their nodes are computed from the stored entry
 * payloads, in seq order, in batches. Checkpoints are signed on first request.
 */

const TILES = 'audit_chain_tree_tiles';
const BATCH = 1000;
const TILE_HEIGHT = 4;
const TILE_WIDTH = 16;
const TILE_BYTES = (2 * TILE_WIDTH - 2) * 32;

/** @param {Buffer} data */
const sha256 = data => createHash('sha256').update(data).digest();
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * The tile and byte offset of a node (as tileSlotOf in src/transparency/tiles.ts).
 * @param {number} level
 * @param {number} index
 */
function tileSlot(level, index) {
  const row = level % TILE_HEIGHT;
  const rowWidth = TILE_WIDTH >> row;
  return {
    key: `${Math.floor(level / TILE_HEIGHT)}/${Math.floor(index / rowWidth)}`,
    offset: (2 * TILE_WIDTH - 2 * rowWidth + (index % rowWidth)) * 32,
  };
}

/**
 * @param {import('knex').Knex} knex
 * @param {string} entityRef
 */
async function backfillTree(knex, entityRef) {
  /** @type {{level: number, index: number, hash: Buffer}[]} */
  const stack = [];
  /** @type {Map<string, Buffer>} */
  const tiles = new Map();
  /** @param {{level: number, index: number, hash: Buffer}} node */
  const store = node => {
    const { key, offset } = tileSlot(node.level, node.index);
    let tile = tiles.get(key);
    if (!tile) {
      tile = Buffer.alloc(TILE_BYTES);
      tiles.set(key, tile);
    }
    node.hash.copy(tile, offset);
  };
  let after = -1;
  for (;;) {
    const rows = await knex('audit_chain_entries')
      .where({ entity_ref: entityRef })
      .andWhere('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(BATCH)
      .select('seq', 'payload');
    if (rows.length === 0) break;
    for (const row of rows) {
      let node = {
        level: 0,
        index: Number(row.seq),
        hash: sha256(Buffer.concat([LEAF, Buffer.from(row.payload, 'utf8')])),
      };
      store(node);
      while (stack.length > 0 && stack[stack.length - 1].level === node.level) {
        const left = /** @type {typeof node} */ (stack.pop());
        node = {
          level: node.level + 1,
          index: Math.floor(node.index / 2),
          hash: sha256(Buffer.concat([NODE, left.hash, node.hash])),
        };
        store(node);
      }
      stack.push(node);
    }
    after = Number(rows[rows.length - 1].seq);
  }
  const all = [...tiles.entries()].map(([key, hashes]) => {
    const [tileLevel, tileIndex] = key.split('/').map(Number);
    return {
      entity_ref: entityRef,
      tile_level: tileLevel,
      tile_index: tileIndex,
      hashes,
    };
  });
  for (let i = 0; i < all.length; i += 200) {
    await knex(TILES).insert(all.slice(i, i + 200));
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(TILES, table => {
    table.comment(
      'Perfect subtree hashes of each entity audit chain Merkle tree, in tiles of 4 levels',
    );
    table.string('entity_ref', 255).notNullable();
    table.integer('tile_level').notNullable().comment('Tree levels 4T to 4T+3');
    table.bigInteger('tile_index').notNullable();
    table.binary('hashes').notNullable().comment('30 slots of 32 bytes');
    table.primary(['entity_ref', 'tile_level', 'tile_index']);
  });
  await knex.schema.createTable('audit_chain_checkpoints', table => {
    table.comment('Signed checkpoints (C2SP tlog-checkpoint) of the trees');
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('tree_size').notNullable();
    table.string('key_id', 8).notNullable().comment('Hex key id of the signer');
    table.string('key_name', 255).notNullable();
    table.string('root_hash', 64).notNullable().comment('Lower-case hex');
    table
      .text('note')
      .notNullable()
      .comment('The signed note, log signature only');
    table.timestamp('signed_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'tree_size', 'key_id']);
  });
  await knex.schema.createTable('audit_chain_cosignatures', table => {
    table.comment(
      'Witness cosignatures (C2SP tlog-cosignature) of checkpoints',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('witness', 255).notNullable().comment('Witness key name');
    table.string('key_id', 8).notNullable();
    table.bigInteger('tree_size').notNullable();
    table.timestamp('cosigned_at', { useTz: true }).notNullable();
    table
      .text('line')
      .notNullable()
      .comment('The signature line, without newline');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.string('received_from', 255).nullable();
    table.primary(['entity_ref', 'witness', 'key_id', 'tree_size']);
    table.index(
      ['entity_ref', 'tree_size'],
      'audit_chain_cosignatures_size_idx',
    );
  });
  await knex.schema.createTable('transparency_signing_keys', table => {
    table.comment('Checkpoint signing keys the backend generated for itself');
    table.string('key_name', 255).primary();
    table.text('signer_key').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  const entities = await knex('audit_chain_heads').select('entity_ref');
  for (const { entity_ref: entityRef } of entities) {
    await backfillTree(knex, entityRef);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('transparency_signing_keys');
  await knex.schema.dropTable('audit_chain_cosignatures');
  await knex.schema.dropTable('audit_chain_checkpoints');
  await knex.schema.dropTable(TILES);
};
