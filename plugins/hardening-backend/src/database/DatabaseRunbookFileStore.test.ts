import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseRunbookFileStore } from './DatabaseRunbookFileStore';
import { applyDatabaseMigrations } from './migrations';
import { RecordedRunbookFile } from './RunbookFileStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const PAYMENTS = 'component:default/payments-api';
const BILLING = 'component:default/billing-api';
const T1 = new Date('2026-12-01T10:00:00.000Z');
const T2 = new Date('2026-12-02T10:00:00.000Z');
const T3 = new Date('2026-12-03T10:00:00.000Z');

function file(
  runbookId: string,
  fields: Partial<RecordedRunbookFile> = {},
): RecordedRunbookFile {
  return {
    runbookId,
    path: `docs/${runbookId}.md`,
    url: `https://github.com/acme/payments-api/tree/main/docs/${runbookId}.md`,
    digest: runbookId.padEnd(64, '0'),
    title: `Runbook ${runbookId}`,
    lastUpdated: '2026-10-01',
    nextReview: '2027-01-01',
    error: null,
    ...fields,
  };
}

const unreadable = file('missing', {
  digest: null,
  title: null,
  lastUpdated: null,
  nextReview: null,
  error:
    'https://github.com/acme/payments-api/tree/main/docs/missing.md was not found',
});

describe.each(ids)('DatabaseRunbookFileStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseRunbookFileStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseRunbookFileStore(knex);
  });

  beforeEach(async () => {
    await knex('runbook_files').delete();
  });

  /** The SQL statements `run` sends. */
  async function statements(run: () => Promise<unknown>): Promise<string[]> {
    const sql: string[] = [];
    const listener = (query: { sql: string }) => sql.push(query.sql);
    knex.on('query', listener);
    try {
      await run();
    } finally {
      knex.removeListener('query', listener);
    }
    return sql;
  }

  const changedAt = async () =>
    Object.fromEntries(
      (await store.listFiles([PAYMENTS])).map(f => [f.runbookId, f.changedAt]),
    );

  it('inserts the files of an entity, unreadable ones with their error', async () => {
    expect(
      await store.recordEntity(PAYMENTS, [file('triage'), unreadable], T1),
    ).toBe(true);
    expect(await store.listFiles([PAYMENTS])).toEqual([
      { ...unreadable, entityRef: PAYMENTS, changedAt: T1.toISOString() },
      { ...file('triage'), entityRef: PAYMENTS, changedAt: T1.toISOString() },
    ]);
  });

  it('writes nothing when nothing changed', async () => {
    await store.recordEntity(PAYMENTS, [file('triage'), unreadable], T1);
    const before = await knex('runbook_files').orderBy('runbook_id');

    let changed: boolean | undefined;
    const sql = await statements(async () => {
      changed = await store.recordEntity(
        PAYMENTS,
        [unreadable, file('triage')],
        T2,
      );
    });
    expect(changed).toBe(false);
    expect(sql.some(q => /^\s*select/i.test(q))).toBe(true);
    expect(sql.filter(q => /^\s*(insert|update|delete)/i.test(q))).toEqual([]);
    expect(await knex('runbook_files').orderBy('runbook_id')).toEqual(before);
    expect(await changedAt()).toEqual({
      missing: T1.toISOString(),
      triage: T1.toISOString(),
    });
  });

  it('updates the changed files, inserts new ids and deletes ids no longer listed', async () => {
    await store.recordEntity(
      PAYMENTS,
      [file('triage'), file('release'), unreadable],
      T1,
    );

    const now = [
      file('triage', { nextReview: '2027-03-01' }),
      file('release'),
      file('deploy'),
    ];
    expect(await store.recordEntity(PAYMENTS, now, T2)).toBe(true);
    expect(await store.listFiles([PAYMENTS])).toEqual(
      [
        { ...now[2], changedAt: T2.toISOString() },
        { ...now[1], changedAt: T1.toISOString() },
        { ...now[0], changedAt: T2.toISOString() },
      ].map(f => ({ ...f, entityRef: PAYMENTS })),
    );

    // Each compared column counts as a change on its own.
    for (const [i, change] of [
      { path: 'docs/runbooks/release.md' },
      { url: 'https://gitlab.com/acme/release.md' },
      { digest: 'f'.repeat(64) },
      { title: null },
      { lastUpdated: '2026-11-30' },
      { error: 'https://gitlab.com/acme/release.md could not be read' },
    ].entries()) {
      const at = new Date(T3.getTime() + i * 1000);
      const release = file('release', change);
      expect(await store.recordEntity(PAYMENTS, [release], at)).toBe(true);
      expect(await store.listFiles([PAYMENTS])).toEqual([
        { ...release, entityRef: PAYMENTS, changedAt: at.toISOString() },
      ]);
    }
  });

  it('removes every row of an entity recorded without files', async () => {
    await store.recordEntity(PAYMENTS, [file('triage')], T1);
    await store.recordEntity(BILLING, [file('triage')], T1);

    expect(await store.recordEntity(PAYMENTS, [], T2)).toBe(true);
    expect(await store.recordEntity(PAYMENTS, [], T3)).toBe(false);
    expect(
      (await store.listFiles([PAYMENTS, BILLING])).map(f => f.entityRef),
    ).toEqual([BILLING]);
  });

  it('refuses files with repeated runbook ids and writes nothing', async () => {
    await expect(
      store.recordEntity(PAYMENTS, [file('triage'), file('triage')], T1),
    ).rejects.toThrow('not unique');
    expect(await store.listFiles([PAYMENTS])).toEqual([]);
  });

  it('forgets every entity but thousands of listed ones in one statement', async () => {
    const kept = Array.from(
      { length: 5000 },
      (_, i) => `component:default/service-${i}`,
    );
    await knex.batchInsert(
      'runbook_files',
      [...kept.slice(0, 3), PAYMENTS, BILLING].map(entityRef => ({
        entity_ref: entityRef,
        runbook_id: 'triage',
        path: 'docs/triage.md',
        url: '',
        changed_at: T1,
      })),
    );

    let forgotten: number | undefined;
    const sql = await statements(async () => {
      forgotten = await store.forgetEntitiesExcept([...kept, BILLING]);
    });
    expect(forgotten).toBe(1);
    expect(sql).toHaveLength(1);
    expect(
      (await store.listFiles([...kept, PAYMENTS, BILLING])).map(
        f => f.entityRef,
      ),
    ).toEqual([BILLING, ...kept.slice(0, 3)]);

    expect(await store.forgetEntitiesExcept([])).toBe(4);
    expect(await knex('runbook_files').count({ n: '*' })).toEqual([
      { n: databaseId === 'POSTGRES_15' ? '0' : 0 },
    ]);
  });

  it('lists the files of several entities in one call, by entity and id', async () => {
    await store.recordEntity(PAYMENTS, [file('triage'), file('release')], T1);
    await store.recordEntity(BILLING, [file('triage')], T2);

    expect(
      (await store.listFiles([PAYMENTS, BILLING])).map(f => [
        f.entityRef,
        f.runbookId,
        f.changedAt,
      ]),
    ).toEqual([
      [BILLING, 'triage', T2.toISOString()],
      [PAYMENTS, 'release', T1.toISOString()],
      [PAYMENTS, 'triage', T1.toISOString()],
    ]);
    expect(await store.listFiles([BILLING])).toHaveLength(1);
    expect(await store.listFiles(['component:default/other'])).toEqual([]);
    expect(await store.listFiles([])).toEqual([]);
  });
});
