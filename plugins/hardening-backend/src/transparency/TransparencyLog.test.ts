import { InputError } from '@backstage/errors';
import {
  AuditChainEntry,
  canonicalEntryContent,
  cosignCheckpoint,
  ED25519_COSIGNATURE_TYPE,
  formatCheckpoint,
  fromHex,
  noteSigner,
  signNote,
  generateNoteKey,
  merkleHasher,
  noteVerifier,
  openSignedNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  rootOfLeafHashes,
  toHex,
  utf8,
  verifyConsistency,
  verifyInclusion,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import {
  buildAuditChain,
  digestOf,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { TransparencyLog } from './TransparencyLog';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const now = new Date('2026-12-07T12:00:00.000Z');
const signer = parseSignerKey(
  generateNoteKey('backstage.example.com/hardening').signerKey,
);
const witness = generateNoteKey(
  'witness.example.com/release-managers',
  ED25519_COSIGNATURE_TYPE,
);
/** Independent of the backend: the -common hasher on @noble/hashes. */
const hasher = merkleHasher();

const leafOf = (entry: AuditChainEntry) =>
  hasher.leafHash(utf8(canonicalEntryContent(entry)));

describe.each(ids)('TransparencyLog on %s', databaseId => {
  let knex: Knex;
  let chains: DatabaseAuditChainStore;
  let log: TransparencyLog;
  const chain = buildAuditChain(13);

  async function append(entries: AuditChainEntry[]) {
    await chains.appendChain({
      entityRef,
      digest: digestOf(toJsonl(entries)),
      context: { commit: 'abc1234', tags: [] },
      receivedAt: now,
      entries,
    });
  }

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    log = new TransparencyLog({
      db: knex,
      signer,
      settings: {
        baseUrl: 'https://backstage.example.com',
        generatedKeyName: 'unused',
        witnesses: [parseVerifierKey(witness.verifierKey)],
        freezeRequiresWitnesses: ['witness.example.com/release-managers'],
      },
      clock: () => now,
    });
    chains = new DatabaseAuditChainStore(
      knex,
      new DatabaseEvidenceStore(knex),
      log,
    );
    // Three uploads: 5 entries, then 1, then 7 (tree sizes 5, 6, 13).
    await append(chain.slice(0, 5));
    await append(chain.slice(0, 6));
    await append(chain);
  });

  it('keeps the RFC 9162 tree of the stored entries, with a signed checkpoint after every append', async () => {
    const leaves = chain.map(leafOf);
    const checkpoints = await knex('audit_chain_checkpoints')
      .where({ entity_ref: entityRef })
      .orderBy('tree_size');
    expect(checkpoints.map(c => Number(c.tree_size))).toEqual([5, 6, 13]);
    for (const row of checkpoints) {
      const size = Number(row.tree_size);
      const opened = openSignedNote(row.note, [
        noteVerifier(signer.verifierKey),
      ]);
      const checkpoint = parseCheckpoint(opened.text);
      expect(checkpoint.origin).toBe(
        'backstage.example.com/hardening/component:default/payments-api',
      );
      expect(checkpoint.size).toBe(size);
      expect(toHex(checkpoint.rootHash)).toBe(
        toHex(rootOfLeafHashes(hasher, leaves.slice(0, size))),
      );
    }
    // 13 leaves and the subtrees of up to 8 of them fit in one tile, rewritten by each append.
    const [{ n }] = await knex('audit_chain_tree_tiles')
      .where({ entity_ref: entityRef })
      .count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('serves inclusion proofs of every entry in every tree size, checked by the RFC algorithm', async () => {
    const leaves = chain.map(leafOf);
    for (let size = 1; size <= 13; size++) {
      const root = rootOfLeafHashes(hasher, leaves.slice(0, size));
      for (let seq = 0; seq < size; seq++) {
        const proof = await log.inclusionProof(entityRef, seq, size);
        expect(proof.leafHash).toBe(toHex(leaves[seq]));
        expect(proof.hashes.length).toBeLessThanOrEqual(
          Math.ceil(Math.log2(size)),
        );
        const hashes = proof.hashes.map(h => fromHex(h)!);
        expect(
          verifyInclusion(hasher, seq, size, leaves[seq], hashes, root),
        ).toBe(true);
      }
    }
  });

  it('serves consistency proofs between every pair of tree sizes', async () => {
    const leaves = chain.map(leafOf);
    for (let to = 1; to <= 13; to++) {
      const toRoot = rootOfLeafHashes(hasher, leaves.slice(0, to));
      for (let from = 1; from <= to; from++) {
        const proof = await log.consistencyProof(entityRef, from, to);
        const fromRoot = rootOfLeafHashes(hasher, leaves.slice(0, from));
        expect(
          verifyConsistency(
            hasher,
            from,
            to,
            proof.hashes.map(h => fromHex(h)!),
            fromRoot,
            toRoot,
          ),
        ).toBe(true);
      }
    }
  });

  it('answers a proof of the current tree in one statement, and of the grown tree after another process appended', async () => {
    const growing = 'component:default/growing';
    const upload = (entries: AuditChainEntry[]) =>
      chains.appendChain({
        entityRef: growing,
        digest: digestOf(toJsonl(entries)),
        context: { commit: 'abc1234', tags: [] },
        receivedAt: now,
        entries,
      });
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    const leaves = chain.map(leafOf);
    await upload(chain.slice(0, 5));
    expect((await log.inclusionProof(growing, 2)).treeSize).toBe(5);

    knex.on('query', onQuery);
    try {
      const proof = await log.inclusionProof(growing, 3);
      expect(statements).toHaveLength(1);
      expect(proof.treeSize).toBe(5);

      // Appended through another log (another replica): this one's last size is stale.
      const replica = new DatabaseAuditChainStore(
        knex,
        new DatabaseEvidenceStore(knex),
        { signCheckpoint: async () => {} },
      );
      await replica.appendChain({
        entityRef: growing,
        digest: digestOf(toJsonl(chain)),
        context: { commit: 'def5678', tags: [] },
        receivedAt: now,
        entries: chain,
      });
      statements.length = 0;
      const grown = await log.inclusionProof(growing, 10);
      expect(statements).toHaveLength(2);
      expect(grown.treeSize).toBe(13);
      expect(
        verifyInclusion(
          hasher,
          10,
          13,
          leaves[10],
          grown.hashes.map(h => fromHex(h)!),
          rootOfLeafHashes(hasher, leaves),
        ),
      ).toBe(true);
      const consistency = await log.consistencyProof(growing, 5);
      expect(consistency.to).toBe(13);
      expect(
        verifyConsistency(
          hasher,
          5,
          13,
          consistency.hashes.map(h => fromHex(h)!),
          rootOfLeafHashes(hasher, leaves.slice(0, 5)),
          rootOfLeafHashes(hasher, leaves),
        ),
      ).toBe(true);
    } finally {
      knex.removeListener('query', onQuery);
    }
    await expect(log.inclusionProof(growing, 13)).rejects.toThrow(
      'seq 13 is not in the tree of size 13 (its entries are seq 0 to 12)',
    );
  });

  it('refuses sizes and indexes outside the tree with an InputError', async () => {
    await expect(log.inclusionProof(entityRef, 13, 13)).rejects.toThrow(
      InputError,
    );
    await expect(log.inclusionProof(entityRef, 0, 14)).rejects.toThrow(
      /current tree size 13/,
    );
    await expect(log.consistencyProof(entityRef, 7, 5)).rejects.toThrow(
      InputError,
    );
    await expect(log.consistencyProof(entityRef, 1, 14)).rejects.toThrow(
      InputError,
    );
    await expect(
      log.inclusionProof('component:default/none', 0),
    ).rejects.toThrow(/no audit chain entries/);
  });

  it('signs a checkpoint of the empty tree for an entity without a chain', async () => {
    const latest = await log.latest('component:default/none');
    const opened = openSignedNote(latest.note, [
      noteVerifier(signer.verifierKey),
    ]);
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint.size).toBe(0);
    expect(toHex(checkpoint.rootHash)).toBe(toHex(hasher.emptyRoot()));
  });

  it('stores a configured witness cosignature, shows it, and lets a freeze through only for the current size', async () => {
    const missingBefore = await log.missingFreezeWitnesses(entityRef, knex);
    expect(missingBefore).toEqual([
      {
        witness: 'witness.example.com/release-managers',
        cosignedSize: undefined,
      },
    ]);
    const latest = await log.latest(entityRef);
    const text = openSignedNote(latest.note, [
      noteVerifier(signer.verifierKey),
    ]).text;
    const line = cosignCheckpoint(
      text,
      witness.signerKey,
      Math.floor(now.getTime() / 1000) - 60,
    );
    // An unknown witness's line rides along and is ignored.
    const stranger = generateNoteKey(
      'someone.example/w',
      ED25519_COSIGNATURE_TYPE,
    );
    const strangerLine = cosignCheckpoint(text, stranger.signerKey, 1);
    const result = await log.addCosignatures(
      entityRef,
      `${latest.note}${line}\n${strangerLine}\n`,
      'user:default/rita',
    );
    expect(result.stored.map(s => [s.witness, s.treeSize])).toEqual([
      ['witness.example.com/release-managers', 13],
    ]);
    expect(await log.missingFreezeWitnesses(entityRef, knex)).toEqual([]);
    const served = await log.latest(entityRef);
    expect(served.note).toBe(`${latest.note}${line}\n`);
    const status = await log.status(entityRef);
    // What a browser verifies the cosignature with: its line and the cosigned root.
    expect(status.cosignatures).toEqual([
      expect.objectContaining({
        treeSize: 13,
        requiredForFreeze: true,
        rootHash: latest.rootHash,
        line,
      }),
    ]);
    expect(status.witnessKeys).toEqual([witness.verifierKey]);

    await append([
      ...chain,
      ...buildAuditChain(1, { prevHash: chain[12].hash, firstStep: 13 }),
    ]);
    expect(await log.missingFreezeWitnesses(entityRef, knex)).toEqual([
      { witness: 'witness.example.com/release-managers', cosignedSize: 13 },
    ]);
  });

  it('refuses cosignatures that do not verify, of another origin or of a root the tree does not have', async () => {
    const latest = await log.latest(entityRef);
    const text = openSignedNote(latest.note, [
      noteVerifier(signer.verifierKey),
    ]).text;
    const good = cosignCheckpoint(text, witness.signerKey, 1_700_000_000);
    const flipped = good.replace(/.$/, good.endsWith('A') ? 'B' : 'A');
    await expect(
      log.addCosignatures(entityRef, `${latest.note}${flipped}\n`, 'x'),
    ).rejects.toThrow(/does not verify|not standard padded base64/);
    await expect(
      log.addCosignatures(
        'component:default/other',
        `${latest.note}${good}\n`,
        'x',
      ),
    ).rejects.toThrow(
      /is of backstage.example.com\/hardening\/component:default\/payments-api/,
    );
    const forged = latest.note.replace(/\n\n.*$/s, '\n');
    await expect(
      log.addCosignatures(entityRef, `${forged}\n${good}\n`, 'x'),
    ).rejects.toThrow(/No known key signed the note/);
    // Signed with the log's own key, but of a root its tree never had.
    const lying = formatCheckpoint({
      origin: 'backstage.example.com/hardening/component:default/payments-api',
      size: 5,
      rootHash: new Uint8Array(32).fill(7),
      extensions: [],
    });
    const lyingNote = signNote(lying, [noteSigner(signer)]);
    await expect(
      log.addCosignatures(
        entityRef,
        `${lyingNote}${cosignCheckpoint(lying, witness.signerKey, 1)}\n`,
        'x',
      ),
    ).rejects.toThrow(/is not the root of the stored tree of size 5/);
    const future = cosignCheckpoint(
      text,
      witness.signerKey,
      Math.floor(now.getTime() / 1000) + 3600,
    );
    await expect(
      log.addCosignatures(entityRef, `${latest.note}${future}\n`, 'x'),
    ).rejects.toThrow(/in the future/);
  });

  it('keeps what it logged when chain rows are deleted behind its back: the same entries again are accepted, others refused', async () => {
    const ref = 'component:default/rewritten';
    const first = buildAuditChain(6, { run: 'original' });
    const store = async (entries: AuditChainEntry[]) =>
      chains.appendChain({
        entityRef: ref,
        digest: digestOf(toJsonl(entries)),
        context: { tags: [] },
        receivedAt: now,
        entries,
      });
    await store(first.slice(0, 3));
    const { report } = await store(first);
    const rootBefore = (await log.latest(ref)).rootHash;
    // Someone with database access removes the last upload's report and its entries.
    await knex('evidence_reports').where({ id: report.id }).delete();
    await knex('audit_chain_heads')
      .where({ entity_ref: ref })
      .update({ seq: 2, hash: first[2].hash });

    const rewritten = buildAuditChain(3, {
      prevHash: first[2].hash,
      run: 'rewritten',
      firstStep: 3,
    });
    await expect(store([...first.slice(0, 3), ...rewritten])).rejects.toThrow(
      /already holds a different entry at seq 3/,
    );
    expect(
      Number(
        (
          await knex('audit_chain_entries')
            .where({ entity_ref: ref })
            .count({ n: '*' })
        )[0].n,
      ),
    ).toBe(3);

    await store([...first]);
    expect((await log.latest(ref)).rootHash).toBe(rootBefore);
  });
});

describe.each(ids)('the transparency log migration on %s', databaseId => {
  it('builds the trees of the chains stored before it', async () => {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const chains = new DatabaseAuditChainStore(
      knex,
      new DatabaseEvidenceStore(knex),
    );
    const chain = buildAuditChain(21);
    await chains.appendChain({
      entityRef,
      digest: digestOf(toJsonl(chain)),
      context: { tags: [] },
      receivedAt: now,
      entries: chain,
    });
    await knex.migrate.down({
      directory: `${__dirname}/../../migrations`,
      name: '20261208000000_transparency_log.js',
    });
    expect(await knex.schema.hasTable('audit_chain_tree_tiles')).toBe(false);
    await applyDatabaseMigrations(knex);

    const log = new TransparencyLog({
      db: knex,
      signer,
      settings: {
        baseUrl: 'https://backstage.example.com',
        generatedKeyName: 'unused',
        witnesses: [],
        freezeRequiresWitnesses: [],
      },
      clock: () => now,
    });
    const leaves = chain.map(leafOf);
    expect((await log.latest(entityRef)).rootHash).toBe(
      toHex(rootOfLeafHashes(hasher, leaves)),
    );
    const proof = await log.inclusionProof(entityRef, 17);
    expect(
      verifyInclusion(
        hasher,
        17,
        21,
        leaves[17],
        proof.hashes.map(h => fromHex(h)!),
        rootOfLeafHashes(hasher, leaves),
      ),
    ).toBe(true);
  });
});
