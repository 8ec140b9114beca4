import { InputError } from '@backstage/errors';
import { CiContext } from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const REF = 'component:default/payments-api';
const AT = new Date('2026-11-20T12:00:00.000Z');
const BODY = 'a'.repeat(64);
const FAILED_BODY = 'f'.repeat(64);

const gates = (status: 'passed' | 'failed') => [
  { name: 'lint', status: 'passed' as const },
  { name: 'build', status },
];

describe.each(ids)('report identity and order on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseEvidenceStore;

  const upload = (
    context: Partial<CiContext>,
    options: { digest?: string; at?: Date; failed?: boolean } = {},
  ) =>
    store.insertGatesReport({
      entityRef: REF,
      digest: options.digest ?? (options.failed ? FAILED_BODY : BODY),
      context: { tags: [], ...context },
      receivedAt: options.at ?? AT,
      gates: gates(options.failed ? 'failed' : 'passed'),
    });
  const newest = async () => (await store.latestReports(REF))[0];
  const countReports = async () =>
    Number((await knex('evidence_reports').count({ n: '*' }))[0].n);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseEvidenceStore(knex);
  });
  beforeEach(() => knex('evidence_reports').delete());

  it('is the same report only for the same bytes and the same run', async () => {
    const context: CiContext = {
      commit: 'abcdef1234567',
      branch: 'main',
      runUrl: 'https://ci.example.com/runs/7',
      pipeline: 'build',
      runId: '7',
      runAttempt: 1,
      runAt: '2026-11-20T11:00:00.000Z',
      tags: ['nightly', 'e2e:happy'],
    };
    const first = await upload(context);
    expect(first.created).toBe(true);

    // The commit compares case-insensitively, tags as a set; runAt is not part of it.
    const same = await upload(
      {
        ...context,
        commit: 'ABCDEF1234567',
        tags: ['e2e:happy', 'nightly', 'e2e:happy'],
        runAt: '2026-11-20T11:00:00.400Z',
      },
      { at: new Date(AT.getTime() + 60_000) },
    );
    expect(same).toEqual({ report: first.report, created: false });

    const others: Array<Partial<CiContext>> = [
      { commit: 'abcdef1234568' },
      { branch: 'release' },
      { runUrl: 'https://ci.example.com/runs/8' },
      { pipeline: 'nightly' },
      { tags: ['nightly'] },
      { runId: '8' },
      { runAttempt: 2 },
      { commit: undefined },
    ];
    for (const change of others) {
      const other = await upload({ ...context, ...change });
      expect([change, other.created]).toEqual([change, true]);
    }
    const anotherBody = await upload(context, { digest: 'b'.repeat(64) });
    expect(anotherBody.created).toBe(true);
    expect(await countReports()).toBe(others.length + 2);
  });

  it('keeps the body digest as it was uploaded', async () => {
    const a = await upload({ commit: 'aaaaaaa' });
    const c = await upload({ commit: 'ccccccc' });
    expect(a.report.id).not.toBe(c.report.id);
    expect([a.report.digest, c.report.digest]).toEqual([BODY, BODY]);
  });

  it('orders reports of the same millisecond in the order they were stored', async () => {
    const stored: string[] = [];
    for (const commit of ['aaaaaaa', 'bbbbbbb', 'ccccccc', 'ddddddd']) {
      for (const failed of [false, true]) {
        stored.push((await upload({ commit }, { failed })).report.id);
      }
    }
    expect((await newest()).id).toBe(stored.at(-1));

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listReports(REF, 'ci-gates', {
        limit: 3,
        cursor,
      });
      seen.push(...page.items.map(r => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(stored.reverse());
  });

  it('orders by the CI run’s start, so that a late upload of an older run is not the newest', async () => {
    const minute = (n: number) => new Date(AT.getTime() + n * 60_000);
    const newer = await upload(
      { commit: 'bbbbbbb', runAt: minute(10).toISOString() },
      { at: minute(20), failed: true },
    );
    const late = await upload(
      { commit: 'aaaaaaa', runAt: minute(0).toISOString() },
      { at: minute(30) },
    );
    expect(late.created).toBe(true);
    expect((await newest()).id).toBe(newer.report.id);
    // Without a run time, the receipt decides: received after the newer run started.
    const unnamed = await upload({ commit: 'ccccccc' }, { at: minute(15) });
    expect((await newest()).id).toBe(unnamed.report.id);
    const page = await store.listReports(REF, 'ci-gates', { limit: 10 });
    expect(page.items.map(r => r.id)).toEqual([
      unnamed.report.id,
      newer.report.id,
      late.report.id,
    ]);
    // receivedAt stays the receipt.
    expect(late.report.receivedAt).toBe(minute(30).toISOString());
  });

  it('accepts a run start a little after the receipt, ordered at the receipt, and refuses one later than 5 minutes', async () => {
    const skewed = await upload({
      commit: 'aaaaaaa',
      runAt: new Date(AT.getTime() + 4 * 60_000).toISOString(),
    });
    expect(skewed.created).toBe(true);
    const after = await upload(
      { commit: 'bbbbbbb' },
      { at: new Date(AT.getTime() + 1) },
    );
    expect((await newest()).id).toBe(after.report.id);

    const future = upload({
      commit: 'ccccccc',
      runAt: new Date(AT.getTime() + 5 * 60_000 + 1).toISOString(),
    });
    await expect(future).rejects.toThrow(InputError);
    await expect(future).rejects.toThrow(/runAt is in the future/);
    expect(await countReports()).toBe(2);
  });

  it('keeps one report when the same upload is stored twice at once', async () => {
    const results = await Promise.all([
      upload({ commit: 'aaaaaaa' }),
      upload({ commit: 'aaaaaaa' }),
    ]);
    expect(results.map(r => r.created).sort()).toEqual([false, true]);
    expect(results[0].report.id).toBe(results[1].report.id);
    expect(await countReports()).toBe(1);
  });

  it('numbers reports stored at once from different runs apart', async () => {
    const stored = await Promise.all(
      ['aaaaaaa', 'bbbbbbb', 'ccccccc', 'ddddddd'].map(commit =>
        upload({ commit }),
      ),
    );
    expect(stored.every(r => r.created)).toBe(true);
    const seqs = await knex('evidence_reports').pluck('receipt_seq');
    expect(new Set(seqs.map(Number)).size).toBe(4);
  });
});
