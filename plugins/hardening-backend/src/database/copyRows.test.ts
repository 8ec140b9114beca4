import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { copyField, copyText } from './copyRows';
import { insertRowValues } from './insertRows';

jest.setTimeout(60_000);

/** Text that COPY's text format would misread unless escaped, and some that it must not touch. */
const HOSTILE = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\.',
  '\\',
  'ends with a backslash\\',
  '\\t is not a tab',
  'Zoë 🚀 漢字 Ελληνικά',
  '',
  ' ',
  'NULL',
  '"quoted", with commas',
];

describe('copyField', () => {
  it('escapes what COPY text reads specially and leaves the rest as it is', () => {
    expect(copyField('tab\there')).toBe('tab\\there');
    expect(copyField('new\nline')).toBe('new\\nline');
    expect(copyField('carriage\rreturn')).toBe('carriage\\rreturn');
    expect(copyField('back\\slash')).toBe('back\\\\slash');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('\\.')).toBe('\\\\.');
    expect(copyField('Zoë 🚀')).toBe('Zoë 🚀');
    expect(copyField('')).toBe('');
  });

  it('writes null as \\N, booleans as t/f, numbers as PostgreSQL reads them', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(true)).toBe('t');
    expect(copyField(false)).toBe('f');
    expect(copyField(1.5)).toBe('1.5');
    expect(copyField(-0.001)).toBe('-0.001');
    expect(copyField(Number.NaN)).toBe('\\N');
    expect(copyField(Number.POSITIVE_INFINITY)).toBe('\\N');
  });

  it('refuses values it has no text for', () => {
    expect(() => copyField({} as unknown as string)).toThrow(TypeError);
    expect(() => copyField(undefined as unknown as null)).toThrow(TypeError);
  });
});

describe('copyText', () => {
  it('writes one line per row, fields separated by tabs, in pieces', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`a\t${i}`, i, null]);
    const pieces = Array.from(copyText(rows, 3));
    expect(pieces.length).toBeGreaterThan(1);
    const lines = pieces.join('').split('\n');
    expect(lines).toHaveLength(5001);
    expect(lines[0]).toBe('a\\t0\t0\t\\N');
    expect(lines[4999]).toBe('a\\t4999\t4999\t\\N');
    expect(lines[5000]).toBe('');
  });

  it('refuses a row with the wrong number of values', () => {
    expect(() => Array.from(copyText([['a', 'b']], 3))).toThrow(
      'A row of 2 values for 3 columns',
    );
  });
});

const { databases, ids } = createTestDatabases();

describe.each(ids)('insertRowValues on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.schema.createTable('copied_rows', table => {
      table.integer('n').notNullable();
      table.text('label').nullable();
      table.boolean('flag').notNullable();
      table.double('ms').nullable();
    });
  });

  beforeEach(async () => {
    await knex('copied_rows').delete();
  });

  const COLUMNS = ['n', 'label', 'flag', 'ms'];
  /** Writes the rows in a transaction of their own. */
  const write = (rows: Iterable<unknown[]>) =>
    knex.transaction(trx => insertRowValues(trx, 'copied_rows', COLUMNS, rows));

  async function stored() {
    const rows = await knex('copied_rows').orderBy('n');
    return rows.map(r => ({ ...r, flag: Boolean(r.flag) }));
  }

  it('stores hostile text exactly, and tells the text \\N from null', async () => {
    const rows = [
      ...HOSTILE.map((label, n) => [n, label, n % 2 === 0, n / 8]),
      [HOSTILE.length, null, false, null],
      // Every hostile piece in one value, also past one piece of COPY data.
      [HOSTILE.length + 1, HOSTILE.join('').repeat(2000), true, 0],
    ];
    await write(rows);

    expect(await stored()).toEqual(
      rows.map(([n, label, flag, ms]) => ({ n, label, flag, ms })),
    );
  });

  it('opens a transaction of its own when given none', async () => {
    await insertRowValues(knex, 'copied_rows', COLUMNS, [
      [1, 'a\tb', true, null],
    ]);
    expect(await stored()).toEqual([
      { n: 1, label: 'a\tb', flag: true, ms: null },
    ]);
  });

  it('keeps no row when the copy fails midway, and the connection works on', async () => {
    function* rows(failAt: number) {
      for (let n = 0; n < 20_000; n++) {
        if (n === failAt) throw new Error('the rows broke');
        yield [n, `row\t${n}`, false, null];
      }
    }
    await expect(write(rows(15_000))).rejects.toThrow('the rows broke');
    // A value the database refuses (NOT NULL) after many rows were sent.
    await expect(
      write(
        [...rows(-1)].map((row, i) =>
          i === 19_000 ? [i, 'x', null, null] : row,
        ),
      ),
    ).rejects.toThrow();
    expect(await stored()).toEqual([]);

    // The same (pooled) connections serve the next transaction.
    await write(rows(-1));
    const [{ count }] = await knex('copied_rows').count({ count: '*' });
    expect(Number(count)).toBe(20_000);
  });

  it('rolls the rows back with the transaction they were written in', async () => {
    await expect(
      knex.transaction(async trx => {
        await insertRowValues(trx, 'copied_rows', COLUMNS, [
          [1, 'kept?', true, 1],
        ]);
        throw new Error('the upload failed after its rows');
      }),
    ).rejects.toThrow('the upload failed after its rows');
    expect(await stored()).toEqual([]);
  });
});
