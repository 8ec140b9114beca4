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

  it('reads rows from a generator, with dates and rows longer than a statement holds', async () => {
    await knex.schema.createTable('generated_rows', table => {
      table.integer('n').notNullable();
      table.text('label').notNullable();
      table.timestamp('at', { useTz: true }).nullable();
    });
    const at = new Date('2026-11-20T10:00:00Z');
    let produced = 0;
    function* rows() {
      for (let n = 0; n < 3000; n++) {
        produced += 1;
        // Every 1000th label is longer than what one statement carries.
        const label = n % 1000 === 0 ? 'x'.repeat(200_000) : `row ${n}`;
        yield { n, label, at: n === 1 ? at : null };
      }
    }
    await insertRows(knex, 'generated_rows', rows());

    expect(produced).toBe(3000);
    const [{ count }] = await knex('generated_rows').count({ count: '*' });
    expect(Number(count)).toBe(3000);
    const sample = await knex('generated_rows')
      .whereIn('n', [0, 1, 2999])
      .orderBy('n');
    expect(
      sample.map(r => ({
        n: r.n,
        length: r.label.length,
        at: r.at === null ? null : new Date(r.at).toISOString(),
      })),
    ).toEqual([
      { n: 0, length: 200_000, at: null },
      { n: 1, length: 5, at: at.toISOString() },
      { n: 2999, length: 8, at: null },
    ]);
  });

  it('writes nothing of a transaction whose rows fail part-way', async () => {
    await knex('rows_under_test').delete();
    function* rows() {
      for (let n = 0; n < 5000; n++) {
        if (n === 4000) throw new Error('the source broke');
        yield { n, label: `row ${n}`, flag: false };
      }
    }
    await expect(
      knex.transaction(trx => insertRows(trx, 'rows_under_test', rows())),
    ).rejects.toThrow('the source broke');

    const [{ count }] = await knex('rows_under_test').count({ count: '*' });
    expect(Number(count)).toBe(0);
  });

  it('does nothing for no rows', async () => {
    await expect(
      insertRows(knex, 'rows_under_test', []),
    ).resolves.toBeUndefined();
  });
});
