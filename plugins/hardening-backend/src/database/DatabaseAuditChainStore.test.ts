import { ConflictError } from '@backstage/errors';
import {
  AuditChainEntry,
  computeEntryHash,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import {
  buildAuditChain,
  digestOf,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import { DatabaseAuditChainStore } from './DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const receivedAt = new Date('2026-11-20T12:00:00.000Z');

function upload(entries: AuditChainEntry[], digest?: string) {
  return {
    entityRef,
    digest: digest ?? digestOf(toJsonl(entries)),
    context: { commit: 'abc1234', tags: [] },
    receivedAt,
    entries,
  };
}

describe.each(ids)('DatabaseAuditChainStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseAuditChainStore;
  const chain = buildAuditChain(10);

  async function counts() {
    const [entries] = await knex('audit_chain_entries').count({ n: '*' });
    const [reports] = await knex('evidence_reports').count({ n: '*' });
    const [heads] = await knex('audit_chain_heads').count({ n: '*' });
    return {
      entries: Number(entries.n),
      reports: Number(reports.n),
      heads: Number(heads.n),
    };
  }

  /** The error an append fails with, and whether any row changed meanwhile. */
  async function refusal(promise: Promise<unknown>) {
    const before = await counts();
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    return {
      error,
      rowsChanged: JSON.stringify(await counts()) !== JSON.stringify(before),
    };
  }

  const conflict = (message: RegExp) => ({
    error: expect.objectContaining({
      name: ConflictError.name,
      message: expect.stringMatching(message),
    }),
    rowsChanged: false,
  });

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseAuditChainStore(knex, new DatabaseEvidenceStore(knex));
  });

  beforeEach(async () => {
    await knex('audit_chain_heads').delete();
    await knex('audit_chain_entries').delete();
    await knex('audit_chain_tree_tiles').delete();
    await knex('audit_chain_checkpoints').delete();
    await knex('evidence_reports').delete();
  });

  it('stores a chain from genesis with its summary, entries and head', async () => {
    const { report, created } = await store.appendChain(
      upload(chain.slice(0, 6)),
    );
    expect(created).toBe(true);
    expect(report).toMatchObject({
      entityRef,
      kind: 'audit-chain',
      context: { commit: 'abc1234' },
      summary: {
        length: 6,
        head: { seq: 5, hash: chain[5].hash },
        appended: 6,
        actions: { verify: 2, migrate: 1, build: 1, canary: 1, promote: 1 },
      },
    });
    expect(await store.getHead(entityRef)).toEqual({
      seq: 5,
      hash: chain[5].hash,
      verifiedAt: receivedAt.toISOString(),
    });
    const page = await store.listEntries(entityRef, { limit: 4 });
    expect(page.items.map(i => i.entry)).toEqual(chain.slice(0, 4));
    expect(page.items.map(i => [i.seq, i.reportId])).toEqual(
      [0, 1, 2, 3].map(seq => [seq, report.id]),
    );
    const rest = await store.listEntries(entityRef, {
      limit: 4,
      cursor: page.nextCursor,
    });
    expect(rest.items.map(i => i.seq)).toEqual([4, 5]);
    expect(rest.nextCursor).toBeUndefined();
    expect(await store.verifyStoredChain(entityRef)).toEqual({
      ok: true,
      length: 6,
      head: await store.getHead(entityRef),
    });
  });

  it('lists entries newest first a page at a time, unshifted by appends in between', async () => {
    await store.appendChain(upload(chain.slice(0, 8)));
    const seqs = (page: { items: { seq: number }[] }) =>
      page.items.map(i => i.seq);

    const first = await store.listEntries(entityRef, {
      limit: 3,
      order: 'desc',
    });
    expect(seqs(first)).toEqual([7, 6, 5]);
    expect(first.items[0].entry).toEqual(chain[7]);

    // Two entries appended while the reader looks at the first page.
    await store.appendChain(upload(chain.slice(8, 10)));
    const second = await store.listEntries(entityRef, {
      limit: 3,
      order: 'desc',
      cursor: first.nextCursor,
    });
    expect(seqs(second)).toEqual([4, 3, 2]);
    const last = await store.listEntries(entityRef, {
      limit: 3,
      order: 'desc',
      cursor: second.nextCursor,
    });
    expect(seqs(last)).toEqual([1, 0]);
    expect(last.nextCursor).toBeUndefined();

    // A page that ends exactly at genesis has no next page either.
    const whole = await store.listEntries(entityRef, {
      limit: 10,
      order: 'desc',
    });
    expect(seqs(whole)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(whole.nextCursor).toBeUndefined();
    expect(
      await store.listEntries('component:default/other', {
        limit: 3,
        order: 'desc',
      }),
    ).toEqual({ items: [] });
  });

  it('refuses a cursor issued for the other order', async () => {
    await store.appendChain(upload(chain));
    const page = (order: 'asc' | 'desc', cursor?: string) =>
      store.listEntries(entityRef, { limit: 4, order, cursor });
    const asc = await page('asc');
    const desc = await page('desc');
    await expect(page('desc', asc.nextCursor)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/other order: send it with order=asc$/),
    });
    await expect(
      store.listEntries(entityRef, { limit: 4, cursor: desc.nextCursor }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/order=desc$/),
    });
    // Each cursor still pages on in its own order.
    const seqs = async (next: ReturnType<typeof page>) =>
      (await next).items.map(i => i.seq);
    expect(await seqs(page('asc', asc.nextCursor))).toEqual([4, 5, 6, 7]);
    expect(await seqs(page('desc', desc.nextCursor))).toEqual([5, 4, 3, 2]);
  });

  it('extends the stored chain with the whole chain, a continuation from the head or an overlapping one', async () => {
    await store.appendChain(upload(chain.slice(0, 4)));

    const whole = await store.appendChain(upload(chain.slice(0, 6)));
    expect(whole.created).toBe(true);
    expect(whole.report.summary).toMatchObject({ length: 6, appended: 2 });

    const fromHead = await store.appendChain(upload(chain.slice(6, 8)));
    expect(fromHead.report.summary).toMatchObject({
      length: 8,
      head: { seq: 7, hash: chain[7].hash },
      appended: 2,
      actions: { migrate: 1, build: 1 },
    });

    const overlapping = await store.appendChain(upload(chain.slice(5, 10)));
    expect(overlapping.report.summary).toMatchObject({
      length: 10,
      appended: 2,
    });

    const page = await store.listEntries(entityRef, { limit: 50 });
    expect(page.items.map(i => i.entry)).toEqual(chain);
    expect(page.items.map(i => i.reportId)).toEqual([
      ...Array(4).fill(expect.any(String)),
      whole.report.id,
      whole.report.id,
      fromHead.report.id,
      fromHead.report.id,
      overlapping.report.id,
      overlapping.report.id,
    ]);
    expect(
      await store.verifyStoredChain(entityRef, { batchSize: 3 }),
    ).toMatchObject({
      ok: true,
      length: 10,
      head: { seq: 9, hash: chain[9].hash },
    });
  });

  it('answers an upload of the stored chain with the report that stored its head, writing nothing', async () => {
    const first = await store.appendChain(upload(chain.slice(0, 3)));
    const second = await store.appendChain(upload(chain.slice(3, 6)));
    const before = await counts();

    const sameBytes = await store.appendChain(upload(chain.slice(3, 6)));
    expect(sameBytes).toEqual({ report: second.report, created: false });

    // Other bytes (re-serialised), same chain: whole, or ending at the head.
    const whole = await store.appendChain(
      upload(chain.slice(0, 6), 'e'.repeat(64)),
    );
    expect(whole).toEqual({ report: second.report, created: false });
    const tail = await store.appendChain(
      upload(chain.slice(4, 6), 'f'.repeat(64)),
    );
    expect(tail).toEqual({ report: second.report, created: false });

    expect(await counts()).toEqual(before);
    expect(first.report.id).not.toBe(second.report.id);
  });

  it('refuses a truncated chain with 409', async () => {
    await store.appendChain(upload(chain));
    expect(await refusal(store.appendChain(upload(chain.slice(0, 7))))).toEqual(
      conflict(
        /shorter than the stored chain of component:default\/payments-api \(head seq 9\): it ends at seq 6/,
      ),
    );
  });

  it('refuses rewritten history with 409 naming the first entry that differs', async () => {
    await store.appendChain(upload(chain));
    const rewritten = [
      ...chain.slice(0, 4),
      ...buildAuditChain(7, {
        prevHash: chain[3].hash,
        run: 'r2',
        firstStep: 4,
      }),
    ];
    expect(await refusal(store.appendChain(upload(rewritten)))).toEqual(
      conflict(
        /^Entry seq 4 \(line 5 of the upload\) differs from the stored chain/,
      ),
    );
    // Rewritten and shorter: the rewrite is what is reported.
    expect(
      await refusal(store.appendChain(upload(rewritten.slice(0, 6)))),
    ).toEqual(conflict(/^Entry seq 4 \(line 5 of the upload\) differs/));
  });

  it('refuses a fork from an earlier entry with 409', async () => {
    await store.appendChain(upload(chain));
    const fork = buildAuditChain(6, { prevHash: chain[5].hash, run: 'fork' });
    expect(await refusal(store.appendChain(upload(fork)))).toEqual(
      conflict(
        /^Entry seq 6 \(line 1 of the upload\) differs from the stored chain.*forks/,
      ),
    );
  });

  it('refuses a continuation of nothing stored with 409', async () => {
    expect(await refusal(store.appendChain(upload(chain.slice(3, 6))))).toEqual(
      conflict(
        /No audit chain is stored for .* yet: the first upload must start at genesis/,
      ),
    );
    await store.appendChain(upload(chain.slice(0, 3)));
    const stranger = buildAuditChain(2, { prevHash: 'c'.repeat(64) });
    expect(await refusal(store.appendChain(upload(stranger)))).toEqual(
      conflict(
        /continues from cccccccccccc…, which is no entry of the stored chain .* \(head seq 2/,
      ),
    );
  });

  it('appends nothing, not even the report, when a write fails part-way', async () => {
    await store.appendChain(upload(chain.slice(0, 2)));
    const before = await counts();
    const long = buildAuditChain(1200, { prevHash: chain[1].hash, run: 'big' });
    // Not a valid entry (the store trusts its caller to have verified the chain), so
    // that the database refuses the second batch of rows after the first went in.
    long[700] = {
      ...long[700],
      action: undefined as unknown as AuditChainEntry['action'],
    };
    await expect(store.appendChain(upload(long))).rejects.toThrow();
    expect(await counts()).toEqual(before);
    expect((await store.getHead(entityRef))?.seq).toBe(1);
  });

  it('finds a stored chain that was tampered with in the database', async () => {
    await store.appendChain(upload(chain));

    const { payload } = await knex('audit_chain_entries')
      .where({ seq: 3 })
      .first('payload');
    const content = JSON.parse(payload);
    await knex('audit_chain_entries')
      .where({ seq: 3 })
      .update({ payload: JSON.stringify({ ...content, actor: 'mallory' }) });
    expect(
      await store.verifyStoredChain(entityRef, { batchSize: 2 }),
    ).toMatchObject({
      ok: false,
      length: 10,
      head: { seq: 9 },
      break: { seq: 3, reason: 'hash-mismatch', actual: chain[3].hash },
    });

    // The stored bytes are what was hashed: even a re-serialisation shows.
    await knex('audit_chain_entries')
      .where({ seq: 3 })
      .update({ payload: JSON.stringify(content, null, 1) });
    expect(await store.verifyStoredChain(entityRef)).toMatchObject({
      ok: false,
      break: { seq: 3, reason: 'hash-mismatch' },
    });

    await knex('audit_chain_entries').where({ seq: 3 }).update({ payload });
    expect(await store.verifyStoredChain(entityRef)).toMatchObject({
      ok: true,
    });
    // The prev_hash column is hashed too.
    await knex('audit_chain_entries')
      .where({ seq: 3 })
      .update({ prev_hash: 'b'.repeat(64) });
    expect(await store.verifyStoredChain(entityRef)).toMatchObject({
      ok: false,
      break: { seq: 3, reason: 'hash-mismatch' },
    });

    await knex('audit_chain_entries')
      .where({ seq: 3 })
      .update({ prev_hash: chain[2].hash });
    await knex('audit_chain_entries').where({ seq: 5 }).delete();
    expect(await store.verifyStoredChain(entityRef)).toMatchObject({
      ok: false,
      length: 9,
      break: {
        seq: 6,
        reason: 'prev-hash-mismatch',
        expected: chain[4].hash,
        actual: chain[5].hash,
      },
    });

    await knex('audit_chain_entries').where('seq', '>=', 5).delete();
    expect(await store.verifyStoredChain(entityRef)).toMatchObject({
      ok: false,
      length: 5,
      break: {
        seq: 4,
        reason: 'head-mismatch',
        expected: chain[9].hash,
        actual: chain[4].hash,
      },
    });
  });

  it('deletes the entries of a deleted report with it, which verification then reports', async () => {
    await store.appendChain(upload(chain.slice(0, 4)));
    const { report } = await store.appendChain(upload(chain.slice(4, 7)));
    await knex('evidence_reports').where({ id: report.id }).delete();
    expect((await counts()).entries).toBe(4);
    expect(await store.verifyStoredChain(entityRef)).toMatchObject({
      ok: false,
      break: { seq: 3, reason: 'head-mismatch' },
    });

    // Appends go after the last stored entry: sending the chain again restores it.
    const again = await store.appendChain(
      upload(chain.slice(0, 7), 'a'.repeat(64)),
    );
    expect(again.report.summary).toMatchObject({ length: 7, appended: 3 });
    expect(await store.verifyStoredChain(entityRef)).toMatchObject({
      ok: true,
      length: 7,
      head: { seq: 6, hash: chain[6].hash },
    });
  });

  it('reports an empty chain as intact', async () => {
    expect(await store.verifyStoredChain(entityRef)).toEqual({
      ok: true,
      length: 0,
      head: null,
    });
    expect(await store.getHead(entityRef)).toBeUndefined();
  });

  it('keeps a fork out at the database level too', async () => {
    await store.appendChain(upload(chain.slice(0, 3)));
    const [row] = await knex('audit_chain_entries').where({ seq: 2 });
    const sibling = { ...chain[2], actor: 'someone-else' };
    const hash = computeEntryHash(sibling, sha256Hex);
    // The codes the store recognises as a lost race.
    const uniqueViolation = {
      code: expect.stringMatching(/^(23505|SQLITE_CONSTRAINT_UNIQUE)$/),
    };
    await expect(
      knex('audit_chain_entries').insert({ ...row, seq: 3, hash }),
    ).rejects.toMatchObject(uniqueViolation);
    await expect(
      knex('audit_chain_entries').insert({
        ...row,
        seq: 3,
        prev_hash: chain[2].hash,
      }),
    ).rejects.toMatchObject(uniqueViolation);
    await expect(
      knex('audit_chain_entries').insert({ ...row, hash, prev_hash: hash }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^(23505|SQLITE_CONSTRAINT_PRIMARYKEY)$/),
    });
    expect((await counts()).entries).toBe(3);
  });
});
