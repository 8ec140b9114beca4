import {
  failureClusterKey,
  isFrameLine,
  maskVariableParts,
  normaliseFailure,
} from './normaliseFailure';
import { createSeededRandom } from '../seed/seededRandom';

/** A deterministic sequence in [0, 1), so every run tests the same variants. */
const random = (seed: string) => {
  const r = createSeededRandom(seed);
  return () => r.next();
};

type Variant = (r: () => number) => { message?: string; stack?: string };

const int = (r: () => number, max: number) => Math.floor(r() * max);
const hex = (r: () => number, n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[int(r, 16)])
    .join('')
    .replace(/^./, '7'); // at least one digit
const uuid = (r: () => number) =>
  [8, 4, 4, 4, 12].map(n => hex(r, n).replace(/^7/, 'a')).join('-');
const iso = (r: () => number) =>
  new Date(
    Date.UTC(
      2026,
      int(r, 12),
      1 + int(r, 28),
      int(r, 24),
      int(r, 60),
      int(r, 60),
      int(r, 1000),
    ),
  ).toISOString();
const checkout = (r: () => number) =>
  [
    '/home/runner/work/svc-a/svc-a',
    '/builds/team/svc-b',
    '/Users/dev/src/svc-c',
    'C:\\agent\\_work\\1\\s',
  ][int(r, 4)];

/** Causes, each a generator of occurrences that differ only in what is masked. */
const CAUSES: Record<string, Variant> = {
  connectionRefused: r => ({
    message: `connect ECONNREFUSED 127.0.0.1:${1024 + int(r, 60000)}`,
    stack: [
      `Error: connect ECONNREFUSED 127.0.0.1:${1024 + int(r, 60000)}`,
      `    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:${int(
        r,
        2000,
      )}:${int(r, 80)})`,
      `    at Client._connect (${checkout(
        r,
      )}/node_modules/pg/lib/client.js:${int(r, 500)}:${int(r, 40)})`,
      `    at Object.setup (${checkout(r)}/test/db.ts:${int(r, 99)}:${int(
        r,
        9,
      )})`,
    ].join('\n'),
  }),
  timeout: r => ({
    message: `Timeout of ${int(r, 90000)}ms exceeded at ${iso(
      r,
    )} for request ${uuid(r)}`,
  }),
  tempFile: r => ({
    message: `ENOENT: no such file or directory, open '${
      r() < 0.5
        ? `/tmp/jest_${hex(r, 6)}/out-${int(r, 1e6)}.json`
        : `C:\\Users\\ci\\AppData\\Local\\Temp\\jest_${hex(r, 6)}\\out.json`
    }'`,
  }),
  assertion: r => ({
    message: `expected ${int(r, 1000)} to equal ${int(
      r,
      1000,
    )}\n    at Context.<anonymous> (${checkout(r)}/test/sum.test.js:${int(
      r,
      300,
    )}:${int(
      r,
      30,
    )})\n    at process.processImmediate (node:internal/timers:${int(
      r,
      600,
    )}:${int(r, 30)})`,
  }),
  javaNpe: r => ({
    message: `java.lang.NullPointerException: order 0x${hex(r, 8)} missing`,
    stack: `java.lang.NullPointerException\n\tat com.acme.Orders.total(Orders.java:${int(
      r,
      400,
    )})\n\tat com.acme.OrdersTest.sums(OrdersTest.java:${int(r, 90)})`,
  }),
  python: r => ({
    message: `AssertionError: commit ${hex(r, 40)} not deployed`,
    stack: `Traceback (most recent call last):\n  File "${checkout(r).replace(
      /\\/g,
      '/',
    )}/tests/test_deploy.py", line ${int(
      r,
      300,
    )}, in test_deploy\n    assert deployed\nAssertionError`,
  }),
  go: r => ({
    message: `panic: runtime error: index out of range [${int(
      r,
      9,
    )}] with length ${int(r, 9)}`,
    stack: `goroutine ${int(r, 90)} [running]:\n${checkout(r).replace(
      /\\/g,
      '/',
    )}/pkg/queue.go:${int(r, 300)} +0x${hex(r, 3)}`,
  }),
};

describe('normaliseFailure', () => {
  it('maps many variants of one cause to one key', () => {
    for (const [name, variant] of Object.entries(CAUSES)) {
      const r = random(name);
      const keys = new Set(
        Array.from({ length: 200 }, () => failureClusterKey(variant(r))),
      );
      expect([name, keys.size]).toEqual([name, 1]);
    }
  });

  it('keeps different causes apart', () => {
    const r = random('apart');
    const keys = Object.values(CAUSES).map(v => failureClusterKey(v(r)));
    expect(new Set(keys).size).toBe(keys.length);

    const pairs: Array<[string, string]> = [
      ['expected 1 to equal 2', 'expected 1 to be truthy'],
      [
        'connect ECONNREFUSED 127.0.0.1:5432',
        'connect ETIMEDOUT 127.0.0.1:5432',
      ],
      ['sha256 mismatch', 'sha512 mismatch'],
      [
        "Cannot read properties of undefined (reading 'id')",
        "Cannot read properties of undefined (reading 'name')",
      ],
    ];
    for (const [a, b] of pairs) {
      expect(failureClusterKey({ message: a })).not.toBe(
        failureClusterKey({ message: b }),
      );
    }
  });

  it('tells one message thrown from different code apart by its top frames', () => {
    const at = (fn: string) =>
      failureClusterKey({
        message: 'boom',
        stack: `Error: boom\n    at ${fn} (/src/a.ts:1:2)`,
      });
    expect(at('charge')).not.toBe(at('refund'));
    // …but not by frames below the third
    const deep = (fn: string) =>
      failureClusterKey({
        message: 'boom',
        stack: ['a', 'b', 'c', fn]
          .map(f => `    at ${f} (/src/a.ts:1:2)`)
          .join('\n'),
      });
    expect(deep('x')).toBe(deep('y'));
  });

  it('masks timestamps, UUIDs, temp paths, ports, IPs, hex ids and numbers', () => {
    expect(
      maskVariableParts(
        'at 2026-12-08T10:11:12.345Z id 123e4567-e89b-12d3-a456-426614174000 file /tmp/x-1/y.txt ' +
          'http://db.internal:8080/x localhost:3000 10.0.0.7 0x1f commit 9fceb02d 42 items in 1.5s sha256 utf8',
      ),
    ).toBe(
      'at <ts> id <uuid> file <tmp> http://db.internal:<port>/x localhost:<port> <ip> <hex> commit <hex> <n> items in <n>s sha256 utf8',
    );
    expect(
      maskVariableParts('C:\\Users\\me\\AppData\\Local\\Temp\\abc\\f.txt gone'),
    ).toBe('<tmp> gone');
    expect(
      maskVariableParts('/home/runner/work/_temp/3f2a/run.sh failed'),
    ).toBe('<tmp> failed');
  });

  it('looks at the first 500 characters of each line only', () => {
    // Hostile text: a path-like run with no temp directory in it.
    const long = `/a`.repeat(32_000);
    const keyOf = (tail: string) =>
      failureClusterKey({
        message: `boom ${long}${tail}`,
        stack: `at handler (${long}${tail})`,
      });
    expect(keyOf('/x')).toBe(keyOf('/y'));
    expect(normaliseFailure({ message: `boom ${long}` }).length).toBeLessThan(
      600,
    );
  });

  it('recognises stack frames of common languages', () => {
    for (const frame of [
      '    at foo (/src/a.js:1:2)',
      '\tat com.acme.Foo.bar(Foo.java:12)',
      '  File "/src/t.py", line 3, in test_x',
      "from /app/x.rb:12:in `call'",
      '/src/pkg/q.go:42 +0x1d',
      'src/lib.rs:10:5',
    ]) {
      expect([frame, isFrameLine(frame)]).toEqual([frame, true]);
    }
    for (const line of ['expected 1 to equal 2', 'Error: at least one', '']) {
      expect([line, isFrameLine(line)]).toEqual([line, false]);
    }
  });

  it('keeps the message lines before the first frame and at most three frames', () => {
    expect(
      normaliseFailure({
        message:
          'Error: bad 7\n\n  second line\n    at a (/w/svc/src/a.ts:1:2)',
        stack:
          '    at a (/w/svc/src/a.ts:1:2)\n    at b (/w/node_modules/lib/b.js:3:4)\n    at c (c.js:5:6)\n    at d (d.js:7:8)',
      }),
    ).toBe(
      'Error: bad <n>\nsecond line\nat a (src/a.ts:<n>:<n>)\nat b (node_modules/lib/b.js:<n>:<n>)\nat c (c.js:<n>:<n>)',
    );
    expect(normaliseFailure({})).toBe('');
  });
});
