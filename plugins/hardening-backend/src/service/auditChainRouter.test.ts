import { AuditChainEntry } from '@hardening/backstage-plugin-hardening-common';
import request from 'supertest';
import {
  AUDIT_CHAIN_TABLES,
  buildAuditChain,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { createAuditChainRouter } from './auditChainRouter';

describe('audit chain routes', () => {
  const kit = createRouteTestKit();
  const app = (allow = true, maxUploadBytes = 1024 * 1024) =>
    kit.app(
      deps =>
        createAuditChainRouter({
          ...deps,
          chains: new DatabaseAuditChainStore(deps.knex, deps.store),
          maxUploadBytes,
          limits: { maxLines: 1000 },
        }),
      { allow },
    );
  const chain = buildAuditChain(8);

  const post = (
    body: string,
    contentType = 'application/x-ndjson',
    allow = true,
  ) =>
    request(app(allow))
      .post(`${base}/audit-chain`)
      .query({ commit: 'abc1234', pipeline: 'release' })
      .set('Content-Type', contentType)
      .send(body);

  const rowCounts = async () => ({
    entries: await kit.count('audit_chain_entries'),
    reports: await kit.count('evidence_reports'),
  });

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(...AUDIT_CHAIN_TABLES);
  });

  it('stores a chain (201), extends it (201) and takes a re-send as 200', async () => {
    const first = await post(toJsonl(chain.slice(0, 5)));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      report: {
        kind: 'audit-chain',
        context: { commit: 'abc1234', pipeline: 'release' },
        receivedAt: kit.now.toISOString(),
        summary: {
          length: 5,
          head: { seq: 4, hash: chain[4].hash },
          appended: 5,
        },
      },
    });
    expect(kit.auditSuccess).toHaveBeenCalledWith({
      meta: { reportId: first.body.report.id, created: true },
    });

    const more = await post(toJsonl(chain.slice(5)), 'application/jsonl');
    expect(more.status).toBe(201);
    expect(more.body.report.summary).toMatchObject({ length: 8, appended: 3 });

    const again = await post(toJsonl(chain), 'text/plain; charset=utf-8');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, report: more.body.report });
    expect(await rowCounts()).toEqual({ entries: 8, reports: 2 });

    const page = await request(app())
      .get(`${base}/audit-chain`)
      .query({ limit: 5 });
    expect(page.status).toBe(200);
    expect(
      page.body.items.map((i: { entry: AuditChainEntry }) => i.entry),
    ).toEqual(chain.slice(0, 5));
    expect(page.body.head).toEqual({
      seq: 7,
      hash: chain[7].hash,
      verifiedAt: kit.now.toISOString(),
    });
    const next = await request(app())
      .get(`${base}/audit-chain`)
      .query({ limit: 5, cursor: page.body.nextCursor });
    expect(next.body.items.map((i: { seq: number }) => i.seq)).toEqual([
      5, 6, 7,
    ]);
    expect(next.body.nextCursor).toBeUndefined();

    const verify = await request(app()).get(`${base}/audit-chain/verify`);
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ ok: true, length: 8, head: page.body.head });

    const reports = await request(app()).get(`${base}/audit-chain/reports`);
    expect(reports.body.items).toHaveLength(2);
  });

  it('lists the chain newest first with order=desc, paging on with its cursor', async () => {
    await post(toJsonl(chain));
    const list = (query: Record<string, string | number>) =>
      request(app()).get(`${base}/audit-chain`).query(query);
    const seqs = (res: request.Response) =>
      res.body.items.map((i: { seq: number }) => i.seq);

    const newest = await list({ order: 'desc', limit: 3 });
    expect(newest.status).toBe(200);
    expect(seqs(newest)).toEqual([7, 6, 5]);
    expect(newest.body.items[0].entry).toEqual(chain[7]);
    expect(newest.body.head).toMatchObject({ seq: 7, hash: chain[7].hash });
    const older = await list({
      order: 'desc',
      limit: 3,
      cursor: newest.body.nextCursor,
    });
    expect(seqs(older)).toEqual([4, 3, 2]);
    const oldest = await list({
      order: 'desc',
      limit: 3,
      cursor: older.body.nextCursor,
    });
    expect(seqs(oldest)).toEqual([1, 0]);
    expect(oldest.body.nextCursor).toBeUndefined();

    // Without order (or with order=asc) the listing is oldest first, as before.
    expect(seqs(await list({ limit: 3 }))).toEqual([0, 1, 2]);
    expect(seqs(await list({ order: 'asc', limit: 3 }))).toEqual([0, 1, 2]);
  });

  it.each([
    [{ order: 'newest' }, /^Invalid list parameters: order: /],
    [{ order: ['asc', 'desc'] }, /^Invalid list parameters: order: /],
    [{ order: 'desc', limit: 0 }, /^Invalid list parameters: limit: /],
    [{ order: 'desc', sort: 'seq' }, /unknown query parameter\(s\): sort/],
    [{ order: 'desc', cursor: 'not-a-cursor' }, /^Invalid cursor$/],
  ])('refuses the listing query %j with 400', async (query, message) => {
    await post(toJsonl(chain));
    const res = await request(app()).get(`${base}/audit-chain`).query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses with 400 a cursor sent with the other order', async () => {
    await post(toJsonl(chain));
    const asc = await request(app())
      .get(`${base}/audit-chain`)
      .query({ limit: 3 });
    const res = await request(app())
      .get(`${base}/audit-chain`)
      .query({ order: 'desc', limit: 3, cursor: asc.body.nextCursor });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /other order: send it with order=asc/,
    );
  });

  it('accepts an entry re-serialised with other key order and spacing', async () => {
    const lines = chain.slice(0, 3).map(e => JSON.stringify(e));
    lines[1] = JSON.stringify(
      Object.fromEntries(Object.entries(chain[1]).reverse()),
      null,
      0,
    ).replace(/,/g, ', ');
    const res = await post(`${lines.join('\r\n')}\r\n`);
    expect(res.status).toBe(201);
  });

  it.each([
    [
      'an edited entry',
      () => {
        const edited = [...chain];
        edited[3] = { ...edited[3], actor: 'mallory' };
        return edited;
      },
      /^The audit chain is broken at line 4 \(seq 3\): hash-mismatch: /,
    ],
    [
      'a removed entry',
      () => chain.filter((_, i) => i !== 2),
      /^The audit chain is broken at line 3 \(seq 2\): prev-hash-mismatch: /,
    ],
    [
      'swapped entries',
      () => [chain[0], chain[2], chain[1], ...chain.slice(3)],
      /^The audit chain is broken at line 2 \(seq 1\): reordered: .*\(see line 3\)/,
    ],
    [
      'a duplicated entry',
      () => [...chain.slice(0, 4), chain[3], ...chain.slice(4)],
      /^The audit chain is broken at line 5 \(seq 4\): duplicate-entry: .*\(see line 4\)/,
    ],
    [
      'a forked history',
      () => [
        ...chain.slice(0, 4),
        ...buildAuditChain(2, { prevHash: chain[2].hash, run: 'other' }),
      ],
      /^The audit chain is broken at line 5 \(seq 4\): forked: .*\(see line 4\)/,
    ],
  ])(
    'refuses %s with 400 naming the line, and stores nothing',
    async (_name, make, message) => {
      const res = await post(toJsonl(make()));
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(await rowCounts()).toEqual({ entries: 0, reports: 0 });
      expect(kit.auditFail).toHaveBeenCalled();
    },
  );

  it('numbers the lines of a continuation by their seq in the stored chain', async () => {
    await post(toJsonl(chain.slice(0, 4)));
    const tampered = chain.slice(4);
    tampered[1] = { ...tampered[1], timestamp: '2026-11-21T00:00:00Z' };
    const res = await post(toJsonl(tampered));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^The audit chain is broken at line 2 \(seq 5\): hash-mismatch/,
    );
    expect(await rowCounts()).toEqual({ entries: 4, reports: 1 });
  });

  it('refuses an invalid line with 400 naming it', async () => {
    const res = await post(
      `${JSON.stringify(chain[0])}\n${JSON.stringify({
        ...chain[1],
        action: 'deploy',
      })}\n`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Line 2 of the audit chain is not a valid entry: action/,
    );
    expect(await rowCounts()).toEqual({ entries: 0, reports: 0 });
  });

  it('refuses with 409 an upload that does not extend the stored chain', async () => {
    await post(toJsonl(chain));

    const shorter = await post(toJsonl(chain.slice(0, 6)));
    expect(shorter.status).toBe(409);
    expect(shorter.body.error.message).toMatch(
      /shorter than the stored chain .* \(head seq 7\)/,
    );

    const rewritten = await post(
      toJsonl([
        ...chain.slice(0, 2),
        ...buildAuditChain(7, {
          prevHash: chain[1].hash,
          run: 'r2',
          firstStep: 2,
        }),
      ]),
    );
    expect(rewritten.status).toBe(409);
    expect(rewritten.body.error.message).toMatch(
      /^Entry seq 2 \(line 3 of the upload\) differs from the stored chain/,
    );

    const elsewhere = await post(
      toJsonl(buildAuditChain(2, { prevHash: 'd'.repeat(64) })),
    );
    expect(elsewhere.status).toBe(409);
    expect(await rowCounts()).toEqual({ entries: 8, reports: 1 });
  });

  it('refuses other content types with 415', async () => {
    const res = await post(toJsonl(chain), 'application/json');
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/JSON Lines/);
    expect(await rowCounts()).toEqual({ entries: 0, reports: 0 });
  });

  it('refuses an upload larger than the limit with 413', async () => {
    const res = await request(app(true, 1024))
      .post(`${base}/audit-chain`)
      .set('Content-Type', 'application/x-ndjson')
      .send(toJsonl(chain));
    expect(res.status).toBe(413);
    expect(await rowCounts()).toEqual({ entries: 0, reports: 0 });
  });

  it('lets only allowed callers upload, and checks access before reading', async () => {
    const res = await post(toJsonl(chain), 'application/x-ndjson', false);
    expect(res.status).toBe(403);
    expect(await rowCounts()).toEqual({ entries: 0, reports: 0 });
    const read = await request(app(false)).get(`${base}/audit-chain/verify`);
    expect(read.status).toBe(403);
  });

  it('reports a chain broken in the database on verify', async () => {
    await post(toJsonl(chain));
    await kit.knex('audit_chain_entries').where({ seq: 6 }).delete();
    const res = await request(app()).get(`${base}/audit-chain/verify`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: false,
      length: 7,
      head: { seq: 7, hash: chain[7].hash },
      break: { seq: 7, reason: 'prev-hash-mismatch', actual: chain[6].hash },
    });
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const res = await request(app()).get(
      '/entities/component/default/nope/audit-chain',
    );
    expect(res.status).toBe(404);
  });
});
