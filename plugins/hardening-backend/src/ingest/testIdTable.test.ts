import { seededStringHash, TestIdTable } from './testIdTable';

const ids = [
  'suite::test',
  'suite::test#2',
  'café::naïve',
  '漢字::Ελληνικά',
  'a pair 😀 and a lone half \ud83d',
  '',
  'x'.repeat(5000),
];

describe('TestIdTable', () => {
  it('numbers ids in the order they are added and finds each', () => {
    const table = new TestIdTable();
    ids.forEach((id, n) => {
      expect(table.find(id)).toBe(-1);
      expect(table.add(id)).toBe(n);
    });
    expect(table.size).toBe(ids.length);
    ids.forEach((id, n) => {
      expect(table.find(id)).toBe(n);
      expect(table.find(`${id}?`)).toBe(-1);
      expect(table.id(n)).toBe(id);
    });
  });

  it('tells apart ids that share a hash, however many do', () => {
    // Every id one hash: the worst a report made to collide could do.
    const table = new TestIdTable(() => 7);
    const many = Array.from({ length: 50 }, (_, i) => `suite::test ${i}`);
    for (const [n, id] of many.entries()) {
      expect(table.find(id)).toBe(-1);
      expect(table.add(id)).toBe(n);
      // Still found before and after the ids of the hash move to the string map.
      expect(table.find(many[0])).toBe(0);
      expect(table.find(id)).toBe(n);
    }
    for (const [n, id] of many.entries()) {
      expect(table.find(id)).toBe(n);
      expect(table.id(n)).toBe(id);
    }
    expect(table.find('suite::test 50')).toBe(-1);
  });

  it('tells apart long ids that differ only in the middle (one hash)', () => {
    const table = new TestIdTable();
    const long = (i: number) => `${'a'.repeat(100)}${i}${'b'.repeat(100)}`;
    for (let i = 0; i < 100; i++) expect(table.add(long(i))).toBe(i);
    for (let i = 0; i < 100; i++) expect(table.find(long(i))).toBe(i);
    expect(table.find(long(100))).toBe(-1);
  });

  it('finds an id given as another string with the same text', () => {
    const table = new TestIdTable();
    const scope = 'bench.suite1'.repeat(3);
    table.add(`${scope}::case 1`);
    expect(table.find(['bench.suite1'.repeat(3), '::case 1'].join(''))).toBe(0);
  });
});

describe('seededStringHash', () => {
  it('gives small non-negative integers that depend on the seed', () => {
    const a = seededStringHash(1);
    const b = seededStringHash(2);
    for (const id of ids) {
      expect(Number.isInteger(a(id))).toBe(true);
      expect(a(id)).toBeGreaterThanOrEqual(0);
      expect(a(id)).toBeLessThan(2 ** 30);
      expect(a(id)).toBe(a(id));
    }
    expect(ids.map(a)).not.toEqual(ids.map(b));
    expect(new Set(ids.map(a)).size).toBe(ids.length);
    // A long string: its start and its end count, and its length.
    const long = 'x'.repeat(200);
    expect(a(`y${long}`)).not.toBe(a(`${long}y`));
    expect(a(`y${long}`)).not.toBe(a(`yy${long}`));
  });
});
