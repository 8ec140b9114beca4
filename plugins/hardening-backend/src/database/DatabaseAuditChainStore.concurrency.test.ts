import { ConflictError } from '@backstage/errors';
import {
  AuditChainEntry,
  canonicalEntryContent,
  merkleHasher,
  rootOfLeafHashes,
  toHex,
  utf8,
  verifyChain,
} from '@hardening/backstage-plugin-hardening-common';
import knexFactory, { Knex } from 'knex';
import {
  buildAuditChain,
  digestOf,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import { DatabaseAuditChainStore } from './DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { NewReportMeta } from './EvidenceStore';
import { applyDatabaseMigrations } from './migrations';
import { MerkleTreeStore } from '../transparency/MerkleTreeStore';
import { TILE_HEIGHT, TILE_WIDTH } from '../transparency/tiles';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';

/**
 * An evidence store whose first `insertReport` call waits until `parties` calls have
 * arrived: every racing upload has then planned on the same head before any of them
 * starts its transaction, so the race is certain rather than likely.
 */
function gatedEvidenceStores(dbs: Knex[]) {
  let waiting: (() => void)[] = [];
  const arrive = () =>
    new Promise<void>(resolve => {
      waiting.push(resolve);
      if (waiting.length === dbs.length) {
        waiting.forEach(release => release());
        waiting = [];
      }
    });
  return dbs.map(db => {
    const store = new DatabaseEvidenceStore(db);
    const insertReport = store.insertReport.bind(store);
    let first = true;
    store.insertReport = async <TSummary extends object>(
      meta: NewReportMeta,
      summary: TSummary,
      children?: (trx: Knex.Transaction, reportId: string) => Promise<void>,
    ) => {
      if (first) {
        first = false;
        await arrive();
      }
      return insertReport(meta, summary, children);
    };
    return store;
  });
}

function upload(entries: AuditChainEntry[], salt = '') {
  return {
    entityRef,
    digest: digestOf(toJsonl(entries) + salt),
    context: { tags: [] },
    receivedAt: new Date('2026-11-20T12:00:00.000Z'),
    entries,
  };
}

/**
 * Two backend instances on one database: on PostgreSQL two knex clients with their own
 * connection pools (the second built from the first one's connection settings); on
 * SQLite, which serialises writers, two stores on the one in-memory database.
 */
describe.each(ids)('concurrent appends on %s', databaseId => {
  let knexA: Knex;
  let knexB: Knex;

  beforeAll(async () => {
    knexA = await databases.init(databaseId);
    await applyDatabaseMigrations(knexA);
    knexB =
      databaseId === 'POSTGRES_15' ? knexFactory(knexA.client.config) : knexA;
  });

  afterAll(async () => {
    if (knexB !== knexA) await knexB.destroy();
  });

  beforeEach(async () => {
    await knexA('audit_chain_heads').delete();
    await knexA('audit_chain_entries').delete();
    await knexA('audit_chain_tree_tiles').delete();
    await knexA('audit_chain_checkpoints').delete();
    await knexA('evidence_reports').delete();
  });

  function twoInstances() {
    const [evidenceA, evidenceB] = gatedEvidenceStores([knexA, knexB]);
    return [
      new DatabaseAuditChainStore(knexA, evidenceA),
      new DatabaseAuditChainStore(knexB, evidenceB),
    ];
  }

  async function storedChain() {
    const rows = await knexA('audit_chain_entries')
      .where({ entity_ref: entityRef })
      .orderBy('seq')
      .select('seq');
    const reader = new DatabaseAuditChainStore(
      knexA,
      new DatabaseEvidenceStore(knexA),
    );
    const page = await reader.listEntries(entityRef, { limit: 500 });
    await expectOneTree(page.items.map(item => item.entry));
    return { seqs: rows.map(r => Number(r.seq)), entries: page.items };
  }

  /**
   * The transparency log's tree holds exactly the stored chain's leaves: its root is the
   * root of the entries' leaf hashes (computed apart from the backend), and it has the
   * tiles of a tree of that size and no more (one per TILE_WIDTH nodes of the bottom
   * level of each tile level), none left over by the append that lost.
   */
  async function expectOneTree(entries: AuditChainEntry[]) {
    const hasher = merkleHasher();
    const leaves = entries.map(e =>
      hasher.leafHash(utf8(canonicalEntryContent(e))),
    );
    const root = await new MerkleTreeStore(knexA).rootAt(
      knexA,
      entityRef,
      entries.length,
    );
    expect(toHex(root)).toBe(toHex(rootOfLeafHashes(hasher, leaves)));
    const [{ n }] = await knexA('audit_chain_tree_tiles')
      .where({ entity_ref: entityRef })
      .count({ n: '*' });
    let tiles = 0;
    for (let level = 0; entries.length >= 2 ** level; level += TILE_HEIGHT) {
      tiles += Math.ceil(Math.floor(entries.length / 2 ** level) / TILE_WIDTH);
    }
    expect(Number(n)).toBe(tiles);
  }

  it('lets exactly one of two different continuations of the same head win', async () => {
    const base = buildAuditChain(5);
    await new DatabaseAuditChainStore(
      knexA,
      new DatabaseEvidenceStore(knexA),
    ).appendChain(upload(base));

    const [a, b] = twoInstances();
    const fromA = buildAuditChain(300, { prevHash: base[4].hash, run: 'a' });
    const fromB = buildAuditChain(300, { prevHash: base[4].hash, run: 'b' });
    const results = await Promise.allSettled([
      a.appendChain(upload(fromA)),
      b.appendChain(upload(fromB)),
    ]);

    const won = results.filter(r => r.status === 'fulfilled');
    const lost = results.filter(r => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = (lost[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      /^Entry seq 5 \(line 1 of the upload\) differs from the stored chain/,
    );

    const winner = results[0].status === 'fulfilled' ? fromA : fromB;
    const { seqs, entries } = await storedChain();
    expect(seqs).toEqual([...Array(305).keys()]);
    expect(entries.map(e => e.entry)).toEqual([...base, ...winner]);
    expect(
      verifyChain(
        entries.map(e => e.entry),
        sha256Hex,
      ),
    ).toMatchObject({ ok: true, length: 305 });
    const reader = new DatabaseAuditChainStore(
      knexB,
      new DatabaseEvidenceStore(knexB),
    );
    expect(await reader.verifyStoredChain(entityRef)).toMatchObject({
      ok: true,
      length: 305,
      head: { seq: 304, hash: winner[299].hash },
    });
    expect(await knexA('evidence_reports').count({ n: '*' })).toEqual([
      { n: databaseId === 'POSTGRES_15' ? '2' : 2 },
    ]);
  });

  it('lets exactly one of two different first chains win when nothing is stored yet', async () => {
    const [a, b] = twoInstances();
    const chainA = buildAuditChain(200, { run: 'a' });
    const chainB = buildAuditChain(200, { run: 'b' });
    const results = await Promise.allSettled([
      a.appendChain(upload(chainA)),
      b.appendChain(upload(chainB)),
    ]);
    expect(results.map(r => r.status).sort()).toEqual([
      'fulfilled',
      'rejected',
    ]);
    const error = (
      results.find(r => r.status === 'rejected') as PromiseRejectedResult
    ).reason;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      /^Entry seq 0 \(line 1 of the upload\) differs/,
    );
    const { seqs } = await storedChain();
    expect(seqs).toEqual([...Array(200).keys()]);
  });

  it('stores the same continuation sent twice in other bytes once', async () => {
    const base = buildAuditChain(3);
    await new DatabaseAuditChainStore(
      knexA,
      new DatabaseEvidenceStore(knexA),
    ).appendChain(upload(base));
    const [a, b] = twoInstances();
    const next = buildAuditChain(100, { prevHash: base[2].hash });
    const [first, second] = await Promise.all([
      a.appendChain(upload(next, 'a')),
      b.appendChain(upload(next, 'b')),
    ]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(first.report.id).toBe(second.report.id);
    expect((await storedChain()).seqs).toEqual([...Array(103).keys()]);
  });
});
