// @ts-check

const { createHash } = require('node:crypto');

/**
 * The release transparency log (RFC 9162 Merkle tree over each entity's audit chain).
 *
 * - `audit_chain_tree_nodes`: the hash of every complete (perfect) subtree of an
 *   entity's tree: level 0 holds the leaf hashes, SHA-256(0x00 || canonical entry
 *   content), one per stored entry (index = seq); level L index I covers leaves
 *   [I·2^L, (I+1)·2^L). About two rows per entry; an append writes O(log n) rows and
 *   reads the O(log n) roots it extends.
 * - `audit_chain_checkpoints`: signed C2SP checkpoints of tree sizes, per signing key.
 * - `audit_chain_cosignatures`: witness cosignatures (C2SP tlog-cosignature) of them.
 * - `transparency_signing_keys`: the signing key the backend generated for itself when
 *   config gives none (`hardening.transparency.signingKey`).
 *
 * Existing chains are backfilled here: their nodes are computed from the stored entry
 * payloads, in seq order, in batches. Checkpoints are signed on first request.
 */

const NODES = 'audit_chain_tree_nodes';
const BATCH = 1000;

/** @param {Buffer} data */
const sha256 = data => createHash('sha256').update(data).digest();
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * @param {import('knex').Knex} knex
 * @param {string} entityRef
 */
async function backfillTree(knex, entityRef) {
  /** @type {{level: number, index: number, hash: Buffer}[]} */
  const stack = [];
  let after = -1;
  for (;;) {
    const rows = await knex('audit_chain_entries')
      .where({ entity_ref: entityRef })
      .andWhere('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(BATCH)
      .select('seq', 'payload');
    if (rows.length === 0) return;
    const nodes = [];
    for (const row of rows) {
      let node = {
        level: 0,
        index: Number(row.seq),
        hash: sha256(Buffer.concat([LEAF, Buffer.from(row.payload, 'utf8')])),
      };
      nodes.push(node);
      while (stack.length > 0 && stack[stack.length - 1].level === node.level) {
        const left = /** @type {typeof node} */ (stack.pop());
        node = {
          level: node.level + 1,
          index: Math.floor(node.index / 2),
          hash: sha256(Buffer.concat([NODE, left.hash, node.hash])),
        };
        nodes.push(node);
      }
      stack.push(node);
    }
    for (let i = 0; i < nodes.length; i += 500) {
      await knex(NODES).insert(
        nodes.slice(i, i + 500).map(n => ({
          entity_ref: entityRef,
          level: n.level,
          idx: n.index,
          hash: n.hash,
        })),
      );
    }
    after = Number(rows[rows.length - 1].seq);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(NODES, table => {
    table.comment(
      'Perfect subtree hashes of each entity audit chain Merkle tree',
    );
    table.string('entity_ref', 255).notNullable();
    table.integer('level').notNullable().comment('0 for leaves');
    table.bigInteger('idx').notNullable().comment('Subtree index at its level');
    table.binary('hash', 32).notNullable();
    table.primary(['entity_ref', 'level', 'idx']);
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
  await knex.schema.dropTable(NODES);
};
