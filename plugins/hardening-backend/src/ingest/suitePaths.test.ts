import { SuitePaths } from './suitePaths';

describe('SuitePaths', () => {
  it('gives equal paths one node and reads every path back', () => {
    const paths = new SuitePaths();
    const listed: string[][] = [
      [],
      ['a'],
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'b'],
      ['x', 'b'],
      ['a'],
      ['', ''],
      [''],
      ['a', 'b', 'c', 'd'],
      ['a', 'b'],
    ];
    const nodes = listed.map(path => paths.nodeOf([...path]));
    expect(nodes.map(node => paths.path(node))).toEqual(listed);
    for (const [i, a] of listed.entries()) {
      for (const [j, b] of listed.entries()) {
        expect(nodes[i] === nodes[j]).toBe(
          JSON.stringify(a) === JSON.stringify(b),
        );
      }
    }
  });

  it('reads back many deep paths of long names, each a new array', () => {
    const paths = new SuitePaths();
    const outer = Array.from({ length: 60 }, (_, i) =>
      `${i}`.padStart(1000, 's'),
    );
    const listed = Array.from({ length: 10_000 }, (_, i) => [
      ...outer,
      `n${i}`,
    ]);
    const nodes = listed.map(path => paths.nodeOf(path));
    expect(new Set(nodes).size).toBe(10_000);
    const first = paths.path(nodes[0]);
    expect(first).toEqual(listed[0]);
    first.push('changed');
    expect(paths.path(nodes[0])).toEqual(listed[0]);
    expect(nodes.every((node, i) => paths.path(node)[60] === `n${i}`)).toBe(
      true,
    );
    // The same paths given again, as new arrays: the same nodes.
    expect(listed.map(path => paths.nodeOf([...path]))).toEqual(nodes);
  });
});
