import canonicalize from 'canonicalize';
import {
  canonicalJson,
  canonicalJsonWithout,
  canonicalPlainJson,
  MAX_FAST_DEPTH,
} from './canonicalJson';

/** Seeded PRNG (mulberry32): the same values on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[below(items.length)];
  return { next, below, pick };
}
type Random = ReturnType<typeof seeded>;

/**
 * Pieces of strings and keys: escapes, controls, characters around the one-byte and
 * BMP limits, and surrogate pairs, whose code units (0xD800–0xDBFF) sort before
 * U+E000–U+FFFF although their code points are larger.
 */
const PIECES = [
  'a',
  'Z',
  'hash',
  'é',
  'ö',
  '€',
  '\u007f',
  '\u0080',
  '\u00ff',
  '\u0100',
  '\u2028',
  '\u2029',
  '\ufb33',
  '\ufeff',
  '\ue000',
  '\uffff',
  '\ud83d\ude00',
  '\ud800\udc00',
  '\udbff\udfff',
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\u0000',
  '\u0001',
  '\u001f',
  ' ',
  '<',
  '9',
];

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  7,
  1e21,
  1e20,
  -1e21,
  1e-7,
  1e-6,
  0.1,
  0.1 + 0.2,
  1 / 3,
  4.5,
  333333333.3333333,
  1e30,
  1e-27,
  5e-324,
  -5e-324,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
];

function randomString(random: Random, maxPieces = 4) {
  let text = '';
  for (let i = random.below(maxPieces + 1); i > 0; i--) {
    text += random.pick(PIECES);
  }
  return text;
}

/** Any finite double, from random bits. */
function randomDouble(random: Random) {
  const view = new DataView(new ArrayBuffer(8));
  for (;;) {
    view.setUint32(0, random.below(2 ** 32));
    view.setUint32(4, random.below(2 ** 32));
    const value = view.getFloat64(0);
    if (Number.isFinite(value)) return value;
  }
}

/** A key the fast path handles: anything that does not start with a digit. */
function randomKey(random: Random) {
  const key = randomString(random, 3);
  return /^[0-9]/.test(key) ? `k${key}` : key;
}

function randomValue(
  random: Random,
  depth = 0,
  key: (random: Random) => string = randomKey,
): unknown {
  const kind = random.below(depth >= 4 ? 6 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return random.pick(NUMBERS);
    case 3:
      return random.next() < 0.5
        ? randomDouble(random)
        : random.below(2 ** 32) - 2 ** 31;
    case 4:
    case 5:
      return randomString(random);
    case 6:
      return Array.from({ length: random.below(5) }, () =>
        randomValue(random, depth + 1, key),
      );
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.below(6); i > 0; i--) {
        object[key(random)] = randomValue(random, depth + 1, key);
      }
      return object;
    }
  }
}

/** What went wrong, if anything, for a readable failure. */
function differences(values: unknown[], canonical: (v: unknown) => unknown) {
  return values
    .map(value => ({
      value,
      expected: canonicalize(value),
      actual: canonical(value),
    }))
    .filter(({ expected, actual }) => expected !== actual);
}

describe('canonical JSON (RFC 8785)', () => {
  it('takes the fast path for seeded random JSON values and writes what the canonicalize package writes', () => {
    const random = seeded(8785);
    const values = Array.from({ length: 3000 }, () => randomValue(random));
    // The same values as an upload has them: parsed from JSON text (-0 becomes 0).
    const parsed = values.map(value => JSON.parse(JSON.stringify(value)));

    expect(
      [...values, ...parsed].filter(v => canonicalPlainJson(v) === undefined),
    ).toEqual([]);
    expect(differences(values, canonicalPlainJson)).toEqual([]);
    expect(differences(parsed, canonicalPlainJson)).toEqual([]);
  });

  it('writes what the canonicalize package writes for seeded random values with any keys', () => {
    const random = seeded(3339);
    const anyKey = (r: Random) => randomString(r, 3);
    const values = Array.from({ length: 3000 }, () =>
      randomValue(random, 0, anyKey),
    );
    expect(differences(values, canonicalJson)).toEqual([]);
  });

  it('orders keys by UTF-16 code units, not by code points', () => {
    const value = { '\ue000': 1, '\ud83d\ude00': 2, '\uffff': 3, é: 4, z: 5 };
    // U+1F600 is the surrogate pair D83D DE00, which sorts before E000.
    const expected = '{"z":5,"é":4,"\ud83d\ude00":2,"\ue000":1,"\uffff":3}';
    expect(canonicalPlainJson(value)).toBe(expected);
    expect(canonicalize(value)).toBe(expected);
  });

  it('writes numbers as ECMAScript does and strings with the shortest escapes', () => {
    const cases: [unknown, string][] = [
      [-0, '0'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [1e-6, '0.000001'],
      [5e-324, '5e-324'],
      [[-0, [1e21, [1e-7, []]], {}], '[0,[1e+21,[1e-7,[]]],{}]'],
      [{ b: {}, a: [], c: [{}, [[]]] }, '{"a":[],"b":{},"c":[{},[[]]]}'],
      [
        '\u0000\u001f"\\/\b\f\n\r\t\u007f\u2028\ud83d\ude00',
        '"\\u0000\\u001f\\"\\\\/\\b\\f\\n\\r\\t\u007f\u2028\ud83d\ude00"',
      ],
    ];
    for (const [value, expected] of cases) {
      expect(canonicalPlainJson(value)).toBe(expected);
      expect(canonicalize(value)).toBe(expected);
    }
  });

  it('canonicalises the example of RFC 8785 section 3.2.2', () => {
    const text =
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
      '"literals":[null,true,false]}';
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalPlainJson(JSON.parse(text))).toBe(expected);
    expect(canonicalize(JSON.parse(text))).toBe(expected);
  });

  it('leaves anything but plain JSON data to the canonicalize package, with the same result', () => {
    class Step {
      constructor(readonly name: string) {}
    }
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    let deep: unknown = 'bottom';
    for (let i = 0; i < MAX_FAST_DEPTH + 10; i++) deep = { [`d${i}`]: [deep] };
    const cases: unknown[] = [
      // Array-index keys: JSON.stringify writes them first, JCS in code unit order.
      { '10': 1, '2': 2, b: 3, '1a': 4 },
      // RFC 8785 section 3.2.3's sorting example.
      {
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\ud83d\ude00': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      },
      JSON.parse('{"__proto__":{"b":1,"a":2},"z":0}'),
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1 },
      [undefined, () => 1, Symbol('s')],
      sparse,
      { when: new Date(Date.UTC(2026, 10, 20)) },
      { b: new Number(2), a: new String('x'), c: new Boolean(false) }, // eslint-disable-line no-new-wrappers
      { toJSON: () => ({ z: 1, a: 2 }) },
      { toJSON: 'not a method', a: 1 },
      new Step('build'),
      Object.assign(Object.create(null), { b: 1, a: 2 }),
      Object.setPrototypeOf([], Object.prototype),
      deep,
      undefined,
    ];
    for (const value of cases) {
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }
    expect(canonicalJson(cases[0])).toBe('{"10":1,"1a":4,"2":2,"b":3}');
  });

  it('throws where the canonicalize package throws', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    const cases: unknown[] = [
      NaN,
      { n: Infinity },
      [-Infinity],
      { text: 'lone \ud800 surrogate' },
      { 'lone \udc00 key': 1 },
      { big: BigInt(1) },
      cyclic,
    ];
    for (const value of cases) {
      expect(canonicalPlainJson(value)).toBeUndefined();
      let expected: string | undefined;
      try {
        canonicalize(value);
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected).toEqual(expect.any(String));
      expect(() => canonicalJson(value)).toThrow(expected);
    }
  });

  it('omits one top-level property, and only that one', () => {
    const random = seeded(20261120);
    const objects = Array.from({ length: 1000 }, () => {
      const object: Record<string, unknown> = {};
      for (let i = random.below(8); i > 0; i--) {
        object[random.next() < 0.2 ? 'hash' : randomKey(random)] = randomValue(
          random,
          1,
        );
      }
      return object;
    });
    const reference = (object: Record<string, unknown>) => {
      const { hash: _omitted, ...rest } = object;
      return canonicalize(rest);
    };

    expect(
      objects
        .map(object => ({
          object,
          expected: reference(object),
          actual: canonicalJsonWithout(object, 'hash'),
        }))
        .filter(({ expected, actual }) => expected !== actual),
    ).toEqual([]);
    expect(canonicalJsonWithout({ hash: 'x', b: { hash: 'y' } }, 'hash')).toBe(
      '{"b":{"hash":"y"}}',
    );
    expect(canonicalJsonWithout({ hash: 'x', '1': 0 }, 'hash')).toBe('{"1":0}');
  });

  it('sorts objects with many keys', () => {
    const object: Record<string, number> = {};
    for (let i = 500; i > 0; i--) object[`k${String.fromCharCode(i)}`] = i;
    expect(canonicalPlainJson(object)).toBe(canonicalize(object));
    expect(Object.keys(JSON.parse(canonicalPlainJson(object)!))).toEqual(
      Object.keys(object).sort(),
    );
  });
});
