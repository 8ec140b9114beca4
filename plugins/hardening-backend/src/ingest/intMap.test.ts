import { ABSENT, IntMap } from './intMap';

describe('IntMap', () => {
  it('keeps what is set, through growing, and nothing else', () => {
    const map = new IntMap();
    const expected = new Map<number, number>();
    // Keys that share low bits (one slot) as well as spread ones, and key 0.
    const keys = [0, 1, 2 ** 30 - 1];
    for (let i = 0; i < 5000; i++) keys.push((i * 2654435761) % 2 ** 30);
    for (let i = 0; i < 300; i++) keys.push(i * 4096);
    keys.forEach((key, i) => {
      map.set(key, i - 100);
      expected.set(key, i - 100);
    });
    map.set(1, -1);
    expected.set(1, -1);
    expect(map.size).toBe(expected.size);
    for (const [key, value] of expected) expect(map.get(key)).toBe(value);
    for (const key of [3, 5, 4096 * 300, 2 ** 30 - 2]) {
      expect(map.get(key)).toBe(ABSENT);
    }
  });
});
