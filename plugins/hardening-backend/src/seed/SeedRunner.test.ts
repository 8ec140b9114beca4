import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { REQUIRED_DEMO_GATES, runSeed } from './SeedRunner';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRefs = [
  'component:default/payments-api',
  'component:default/invoice-generator',
];

describe.each(ids)('runSeed on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseEvidenceStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseEvidenceStore(knex);
  });

  it('writes a test report and a gates report per entity and day, with required gates', async () => {
    const summary = await runSeed({ mode: 'e2e', entityRefs, store });
    expect(summary).toEqual({ entities: 2, reports: 12, created: 12 });

    const history = await store.listReports(
      'component:default/payments-api',
      'test-report',
      {
        limit: 10,
      },
    );
    expect(history.items.map(r => r.receivedAt)).toEqual([
      '2026-11-20T06:00:00.000Z',
      '2026-11-19T06:00:00.000Z',
      '2026-11-18T06:00:00.000Z',
    ]);
    expect(history.items[0].context).toMatchObject({
      branch: 'main',
      tags: ['e2e:happy', 'e2e:security'],
    });
    expect(history.items[0].context.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(
      await store.getRequiredGates('component:default/payments-api'),
    ).toEqual([...REQUIRED_DEMO_GATES].sort());
  });

  it('writes nothing the second time', async () => {
    const before = await knex('evidence_reports').count({ n: '*' });
    expect(await runSeed({ mode: 'e2e', entityRefs, store })).toEqual({
      entities: 2,
      reports: 12,
      created: 0,
    });
    expect(await knex('evidence_reports').count({ n: '*' })).toEqual(before);
  });

  it('is deterministic: the same mode writes the same reports in any database', async () => {
    const digests = await knex('evidence_reports')
      .orderBy('digest')
      .pluck('digest');
    const other = await databases.init(databaseId);
    await applyDatabaseMigrations(other);
    await runSeed({
      mode: 'e2e',
      entityRefs,
      store: new DatabaseEvidenceStore(other),
    });
    expect(
      await other('evidence_reports').orderBy('digest').pluck('digest'),
    ).toEqual(digests);
  });
});
