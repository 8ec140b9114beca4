import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { insertRows } from './insertRows';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('insertRows on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.schema.createTable('rows_under_test', table => {
      table.integer('n').notNullable();
      table.text('label').nullable();
      table.boolean('flag').notNullable();
    });
  });

  it('writes every row, across several statements, with nulls and booleans intact', async () => {
    // 12,001 rows of 3 columns need several statements on either engine.
    const rows = Array.from({ length: 12_001 }, (_, n) => ({
      n,
      label: n % 2 ? `row ${n}` : null,
      flag: n % 3 === 0,
    }));
    await insertRows(knex, 'rows_under_test', rows);

    const [{ count }] = await knex('rows_under_test').count({ count: '*' });
    expect(Number(count)).toBe(12_001);
    const sample = await knex('rows_under_test')
      .whereIn('n', [0, 1, 12_000])
      .orderBy('n');
    expect(sample.map(r => ({ ...r, flag: Boolean(r.flag) }))).toEqual([
      { n: 0, label: null, flag: true },
      { n: 1, label: 'row 1', flag: false },
      { n: 12_000, label: null, flag: true },
    ]);
  });

  it('does nothing for no rows', async () => {
    await expect(
      insertRows(knex, 'rows_under_test', []),
    ).resolves.toBeUndefined();
  });
});
