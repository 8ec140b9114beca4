import {
  consistencyProofRanges,
  merkleHasher,
  rootOfLeafHashes,
  toHex,
  utf8,
  verifyConsistency,
  verifyInclusion,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { applyDatabaseMigrations } from '../database/migrations';
import { MerkleTreeStore } from './MerkleTreeStore';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
/** The -common hasher on @noble/hashes: apart from the backend's. */
const hasher = merkleHasher();
/** Past 2^16 leaves, so that three tile levels are written and read. */
const SIZE = 70_001;
const leaves = Array.from({ length: SIZE }, (_, i) =>
  hasher.leafHash(utf8(`leaf ${i}`)),
);
/** Uneven appends, across tile edges (16, 256, 65,536) and within them. */
const APPENDS = [1, 255, 1, 300, 65_000, 3_900, 544];

/** Seeded (mulberry32), so every run checks the same indexes. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

describe.each(ids)('MerkleTreeStore on %s', databaseId => {
  let knex: Knex;
  let store: MerkleTreeStore;
  const entityRef = 'component:default/big';
  const appendedRoots = new Map<number, string>();

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new MerkleTreeStore(knex);
    const tree = store;
    let size = 0;
    for (const n of APPENDS) {
      const from = size;
      const root = await knex.transaction(trx =>
        tree.append(trx, entityRef, from, leaves.slice(from, from + n)),
      );
      size += n;
      appendedRoots.set(size, toHex(root));
    }
  });

  it('returns, after each append, the root of all leaves so far', () => {
    expect([...appendedRoots.keys()].pop()).toBe(SIZE);
    for (const [size, root] of appendedRoots) {
      expect(root).toBe(toHex(rootOfLeafHashes(hasher, leaves.slice(0, size))));
    }
  });

  it('keeps one tile row per 16 nodes of each tile level', async () => {
    const rows = await knex('audit_chain_tree_tiles')
      .where({ entity_ref: entityRef })
      .select('tile_level');
    const perLevel = [0, 1, 2, 3, 4, 5].map(
      level => rows.filter(r => Number(r.tile_level) === level).length,
    );
    // 70,001 leaves: 4,376 tiles of leaves, 274 over the 4,375 level-4 nodes, 18 over
    // the 273 level-8 nodes, 2 over the 17 level-12 nodes, 1 over the level-16 node.
    expect(perLevel).toEqual([4376, 274, 18, 2, 1, 0]);
  });

  it('answers roots and proofs of any older size that verify against the leaves', async () => {
    const random = seeded(14);
    const sizes = [1, 2, 255, 256, 257, 65_535, 65_536, 65_537, SIZE];
    for (let i = 0; i < 12; i++) sizes.push(1 + random(SIZE));
    for (const size of sizes) {
      const root = rootOfLeafHashes(hasher, leaves.slice(0, size));
      expect(toHex(await store.rootAt(knex, entityRef, size))).toBe(
        toHex(root),
      );
      for (const index of [0, size - 1, random(size)]) {
        const proof = await store.inclusionProof(entityRef, index, size);
        expect(toHex(proof.leafHash)).toBe(toHex(leaves[index]));
        expect(
          verifyInclusion(
            hasher,
            index,
            size,
            leaves[index],
            proof.hashes,
            root,
          ),
        ).toBe(true);
      }
      const from = 1 + random(size);
      const proof = await store.consistencyProof(entityRef, from, size);
      expect(proof).toHaveLength(consistencyProofRanges(from, size).length);
      expect(
        verifyConsistency(
          hasher,
          from,
          size,
          proof,
          rootOfLeafHashes(hasher, leaves.slice(0, from)),
          root,
        ),
      ).toBe(true);
    }
  });
});
