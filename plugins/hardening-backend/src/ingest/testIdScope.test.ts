import { makeTestId } from './reportStrings';
import { TestIdScope } from './testIdScope';

function scopeOf(path: readonly string[]): TestIdScope {
  return path.reduce((scope, name) => scope.child(name), TestIdScope.root);
}

const PAIR = '😀';

describe('TestIdScope', () => {
  const paths: string[][] = [
    [],
    [''],
    ['', 'x'],
    ['suite'],
    ['outer', 'inner'],
    ['s'.repeat(1000)],
    ['s'.repeat(1000), 't'.repeat(1000), 'u'],
    // Scopes of exactly the lengths where ids switch from whole to cut.
    ['a'.repeat(1018)],
    ['a'.repeat(1019)],
    ['a'.repeat(1020)],
    ['a'.repeat(1021)],
    ['a'.repeat(1022)],
    ['a'.repeat(1024)],
    ['a'.repeat(500), 'b'.repeat(521)],
    // A surrogate pair across the points where a scope or an id is cut.
    [`${'x'.repeat(1006)}${PAIR}${'y'.repeat(40)}`],
    [`${'x'.repeat(1023)}${PAIR}`],
    ['x'.repeat(1000), `${PAIR.repeat(10)}`],
    [PAIR.repeat(600), PAIR.repeat(600)],
    Array.from({ length: 64 }, (_, i) => `${i}`.padStart(1000, 'p')),
  ];
  const names = [
    't',
    'a name with spaces',
    'n'.repeat(1000),
    'n'.repeat(2000),
    `${'x'.repeat(1003)}${PAIR}tail`,
    `漢字 ${PAIR}`,
  ];

  it('makes the ids makeTestId makes of the joined path', () => {
    for (const path of paths) {
      const scope = scopeOf(path);
      const joined = path.join(' > ');
      for (const name of names) {
        expect(scope.id(name)).toBe(makeTestId(joined, name));
        // The same scope again: its cut start and hash are kept, not used up.
        expect(scope.id(name)).toBe(makeTestId(joined, name));
      }
      // node:test's generic classname is one more name of the path.
      expect(scope.child('test').id('t')).toBe(
        makeTestId([...path, 'test'].join(' > '), 't'),
      );
    }
  });

  it('keeps every id within the schema and long ones distinct', () => {
    const deep = scopeOf(paths[paths.length - 1]);
    const ids = Array.from({ length: 1000 }, (_, i) => deep.id(`t${i}`));
    expect(new Set(ids).size).toBe(1000);
    expect(ids.every(id => id.length <= 1024)).toBe(true);
  });
});
