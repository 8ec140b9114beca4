import {
  AuditChainEntry,
  StoredAuditChainEntry,
} from '@hardening/backstage-plugin-hardening-common';
import request from 'supertest';
import {
  AUDIT_CHAIN_TABLES,
  buildAuditChain,
  nextEntry,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { createAuditChainRouter } from './auditChainRouter';

const ENTITY = 'component:default/payments-api';

/**
 * Entries only the portal writes (freeze): a CI upload may not add one, however well it
 * is hashed, but a release file that holds the stored chain, portal entries included,
 * goes on extending it.
 */
describe('audit chain uploads and the entries the portal writes', () => {
  const kit = createRouteTestKit();
  const chains = () => new DatabaseAuditChainStore(kit.knex, kit.deps().store);
  const app = () =>
    kit.app(deps =>
      createAuditChainRouter({
        ...deps,
        chains: new DatabaseAuditChainStore(deps.knex, deps.store),
        maxUploadBytes: 1024 * 1024,
      }),
    );
  const post = (entries: readonly object[]) =>
    request(app())
      .post(`${base}/audit-chain`)
      .query({ commit: 'abc1234', pipeline: 'release' })
      .set('Content-Type', 'application/x-ndjson')
      .send(toJsonl(entries));
  const listed = async (): Promise<StoredAuditChainEntry[]> =>
    (await request(app()).get(`${base}/audit-chain`).query({ limit: 500 })).body
      .items;
  const rowCounts = async () => ({
    entries: await kit.count('audit_chain_entries'),
    reports: await kit.count('evidence_reports'),
  });

  /** The portal freezing milestone M1 for ana, as the freeze route does. */
  const portalFreeze = () =>
    chains().appendEntry(
      {
        entityRef: ENTITY,
        receivedAt: kit.now,
        requestedBy: 'user:default/ana',
      },
      {
        build: async () => ({
          context: { tags: ['milestone:m1'] },
          entry: {
            action: 'freeze',
            timestamp: kit.now.toISOString(),
            actor: 'user:default/ana',
            details: { milestoneId: 'M1', tag: 'milestone/m1-hardened' },
          },
        }),
      },
    );

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(...AUDIT_CHAIN_TABLES);
  });

  it('refuses a forged freeze entry with 400 naming its line, audited as a failed upload, and writes nothing', async () => {
    const [build] = buildAuditChain(1);
    const forged = nextEntry(build, {
      action: 'freeze',
      timestamp: '2026-11-20T11:00:00Z',
      actor: 'user:default/someone-else',
      details: { milestoneId: 'M1' },
    });

    const res = await post([build, forged]);

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toBe(
      'Line 2 (seq 1): action freeze is written by the portal only (when a milestone is frozen); remove it from the uploaded chain and re-append the entries after it. An upload may repeat the freeze entries already stored, unchanged, but not add one. Nothing was stored.',
    );
    expect(await rowCounts()).toEqual({ entries: 0, reports: 0 });
    expect(kit.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'evidence-upload',
        meta: { entityRef: ENTITY, kind: 'audit-chain' },
      }),
    );
    expect(kit.auditFail).toHaveBeenCalledTimes(1);
    expect(kit.auditSuccess).not.toHaveBeenCalled();
  });

  it('numbers a forged entry by its line in a continuation, and refuses it even after a portal freeze', async () => {
    const chain = buildAuditChain(4);
    expect((await post(chain)).status).toBe(201);
    const more = buildAuditChain(2, { prevHash: chain[3].hash, firstStep: 4 });
    const forged = nextEntry(more[1], {
      action: 'freeze',
      timestamp: '2026-11-20T11:00:00Z',
    });

    const whole = await post([...chain, ...more, forged]);
    expect(whole.status).toBe(400);
    expect(whole.body.error.message).toMatch(
      /^Line 7 \(seq 6\): action freeze is written by the portal only/,
    );
    const tail = await post([...more, forged]);
    expect(tail.body.error.message).toMatch(/^Line 3 \(seq 6\): action freeze/);

    const { entry: frozen } = await portalFreeze();
    const afterFreeze = nextEntry(frozen, {
      action: 'freeze',
      timestamp: '2026-11-20T12:30:00Z',
    });
    const again = await post([...chain, frozen, afterFreeze]);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(
      /^Line 6 \(seq 5\): action freeze/,
    );
    expect(await rowCounts()).toEqual({ entries: 5, reports: 2 });
  });

  it('lists portal entries as written by the portal for the user who asked, and uploads as uploads', async () => {
    const chain = buildAuditChain(2);
    await post(chain);
    const { seq, entry } = await portalFreeze();

    const items = await listed();
    expect(items.map(i => [i.seq, i.origin, i.requestedBy])).toEqual([
      [0, 'upload', undefined],
      [1, 'upload', undefined],
      [2, 'portal', 'user:default/ana'],
    ]);
    expect(items[2]).toEqual({
      seq,
      reportId: expect.any(String),
      origin: 'portal',
      requestedBy: 'user:default/ana',
      entry,
    });
    expect(
      (await request(app()).get(`${base}/audit-chain/verify`)).body,
    ).toMatchObject({ ok: true, length: 3 });
  });

  it('lets a release file that holds the stored chain, portal entries included, go on extending it', async () => {
    const chain = buildAuditChain(3);
    expect((await post(chain)).status).toBe(201);
    await portalFreeze();

    // The pipeline's own copy, which never saw the freeze, now forks the chain.
    const stale = [
      ...chain,
      ...buildAuditChain(1, { prevHash: chain[2].hash, firstStep: 3 }),
    ];
    const forked = await post(stale);
    expect(forked.status).toBe(409);
    expect(forked.body.error.message).toMatch(
      /^Entry seq 3 \(line 4 of the upload\) differs from the stored chain/,
    );

    // So it continues from the stored chain, as GET …/audit-chain serves it, byte for byte.
    const stored: AuditChainEntry[] = (await listed()).map(i => i.entry);
    expect(stored[3].action).toBe('freeze');
    const next = buildAuditChain(2, {
      prevHash: stored[3].hash,
      firstStep: 4,
      run: 'r2',
    });
    const extended = await post([...stored, ...next]);
    expect(extended.status).toBe(201);
    expect(extended.body.report.summary).toEqual({
      length: 6,
      head: { seq: 5, hash: next[1].hash },
      appended: 2,
      actions: { promote: 1, verify: 1 },
    });
    const resent = await post([...stored, ...next]);
    expect(resent.status).toBe(200);

    // A stored portal entry it repeats must be the stored one: re-signed for someone
    // else, it is another entry and rewrites the history.
    const { hash: _hash, prevHash: _prev, ...fields } = stored[3];
    const resigned = nextEntry(stored[2], {
      ...(fields as Parameters<typeof nextEntry>[1]),
      actor: 'user:default/someone-else',
    });
    const rewritten = await post([...stored.slice(0, 3), resigned]);
    expect(rewritten.status).toBe(409);
    expect(rewritten.body.error.message).toMatch(
      /^Entry seq 3 \(line 4 of the upload\) differs from the stored chain/,
    );
    expect((await listed()).map(i => i.origin)).toEqual([
      'upload',
      'upload',
      'upload',
      'portal',
      'upload',
      'upload',
    ]);
  });
});
