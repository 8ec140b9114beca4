import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  DatabaseScorecardSnapshotStore,
  ScorecardSnapshotRow,
} from './DatabaseScorecardSnapshotStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const TAKEN = new Date('2026-11-20T03:00:00.000Z');

function row(
  entityRef: string,
  ownerRef: string | null,
  levelId: string | null,
  levelRank: number,
): ScorecardSnapshotRow {
  return {
    entityRef,
    ownerRef,
    levelId,
    levelRank,
    contractGatePassRate: levelRank / 3,
    openTriageFailures: 3 - levelRank,
    flakyTests: 0,
    frozen: levelRank === 3,
  };
}

describe.each(ids)('DatabaseScorecardSnapshotStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseScorecardSnapshotStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseScorecardSnapshotStore(knex);
  });

  beforeEach(async () => {
    await knex('scorecard_snapshots').delete();
  });

  it('keeps one row per entity and day: a second snapshot of the day replaces the first', async () => {
    await store.saveDay(
      '2026-11-20',
      [
        row('component:default/a', 'group:default/payments', 'bronze', 1),
        row('component:default/b', 'group:default/payments', null, 0),
      ],
      TAKEN,
    );
    await store.saveDay(
      '2026-11-20',
      [row('component:default/a', 'group:default/payments', 'silver', 2)],
      new Date(TAKEN.getTime() + 3_600_000),
    );
    const rows = await knex('scorecard_snapshots').select(
      'day',
      'entity_ref',
      'level_id',
      'level_rank',
    );
    expect(rows).toEqual([
      {
        day: '2026-11-20',
        entity_ref: 'component:default/a',
        level_id: 'silver',
        level_rank: 2,
      },
    ]);
    expect(await store.hasDay('2026-11-20')).toBe(true);
    expect(await store.hasDay('2026-11-19')).toBe(false);
  });

  it('counts entities per day, owner and level for the entities asked for, from a day on', async () => {
    await store.saveDay(
      '2026-11-18',
      [
        row('component:default/a', 'group:default/payments', 'bronze', 1),
        row('component:default/b', 'group:default/payments', 'bronze', 1),
        row('component:default/c', 'group:default/identity', 'gold', 3),
      ],
      TAKEN,
    );
    await store.saveDay(
      '2026-11-19',
      [
        row('component:default/a', 'group:default/payments', 'silver', 2),
        row('component:default/b', 'group:default/payments', 'bronze', 1),
        row('component:default/c', 'group:default/identity', 'gold', 3),
        row('component:default/d', null, null, 0),
      ],
      TAKEN,
    );
    await store.saveDay(
      '2026-11-10',
      [row('component:default/a', 'group:default/payments', null, 0)],
      TAKEN,
    );
    const counts = await store.levelCounts(
      ['component:default/a', 'component:default/b', 'component:default/d'],
      '2026-11-18',
    );
    const byKey = (c: (typeof counts)[number]) =>
      `${c.day} ${c.ownerRef} ${c.levelId}`;
    expect(counts.sort((x, y) => byKey(x).localeCompare(byKey(y)))).toEqual([
      {
        day: '2026-11-18',
        ownerRef: 'group:default/payments',
        levelId: 'bronze',
        entities: 2,
        rankSum: 2,
      },
      {
        day: '2026-11-19',
        ownerRef: 'group:default/payments',
        levelId: 'bronze',
        entities: 1,
        rankSum: 1,
      },
      {
        day: '2026-11-19',
        ownerRef: 'group:default/payments',
        levelId: 'silver',
        entities: 1,
        rankSum: 2,
      },
      {
        day: '2026-11-19',
        ownerRef: null,
        levelId: null,
        entities: 1,
        rankSum: 0,
      },
    ]);
    expect(await store.levelCounts([], '2026-11-01')).toEqual([]);
  });

  it('answers again from the database once a snapshot was taken or deleted', async () => {
    const refs = ['component:default/a'];
    const levelsOn = async () =>
      (await store.levelCounts(refs, '2026-11-01')).map(
        c => `${c.day} ${c.levelId}`,
      );
    await store.saveDay(
      '2026-11-19',
      [row('component:default/a', 'group:default/payments', 'bronze', 1)],
      TAKEN,
    );
    expect(await levelsOn()).toEqual(['2026-11-19 bronze']);
    await store.saveDay(
      '2026-11-19',
      [row('component:default/a', 'group:default/payments', 'gold', 3)],
      new Date(TAKEN.getTime() + 60_000),
    );
    expect(await levelsOn()).toEqual(['2026-11-19 gold']);
    await store.saveDay(
      '2026-11-20',
      [row('component:default/a', 'group:default/payments', 'silver', 2)],
      TAKEN,
    );
    expect((await levelsOn()).sort()).toEqual([
      '2026-11-19 gold',
      '2026-11-20 silver',
    ]);
    await store.deleteBefore('2026-11-20');
    expect(await levelsOn()).toEqual(['2026-11-20 silver']);
  });

  it('deletes the days before the retention', async () => {
    for (const day of ['2026-05-01', '2026-05-02', '2026-11-20']) {
      await store.saveDay(
        day,
        [row('component:default/a', 'group:default/payments', null, 0)],
        TAKEN,
      );
    }
    expect(await store.deleteBefore('2026-05-02')).toBe(1);
    const days = await knex('scorecard_snapshots').orderBy('day').pluck('day');
    expect(days).toEqual(['2026-05-02', '2026-11-20']);
  });
});
