import { detachedString } from './detachedString';
import { AttemptFolder, computeTotals, type TestAttempt } from './foldAttempts';

function attempt(
  testId: string,
  overrides: Partial<TestAttempt> = {},
): TestAttempt {
  return {
    testId,
    name: testId,
    suitePath: ['suite'],
    status: 'passed',
    attempts: 1,
    flaky: false,
    ...overrides,
  };
}

describe('AttemptFolder', () => {
  it('folds reruns wherever they appear and yields the same cases on every pass', () => {
    const folder = new AttemptFolder();
    folder.add(
      attempt('a', { status: 'failed', message: 'boom', durationMs: 1 }),
    );
    folder.add(attempt('b', { status: 'skipped' }));
    folder.add(attempt('c', { status: 'error', message: 'first' }));
    folder.add(attempt('d', { attempts: 2, flaky: true, message: 'flaked' }));
    // gotestsum writes the reruns after every other test.
    folder.add(attempt('a', { durationMs: 2.5 }));
    folder.add(attempt('c', { status: 'failed', message: 'second' }));

    const cases = folder.results();
    expect(cases).toEqual([
      {
        testId: 'a',
        name: 'a',
        suitePath: ['suite'],
        status: 'passed',
        durationMs: 3.5,
        attempts: 2,
        flaky: true,
        message: 'boom',
      },
      {
        testId: 'b',
        name: 'b',
        suitePath: ['suite'],
        status: 'skipped',
        attempts: 1,
        flaky: false,
      },
      {
        testId: 'c',
        name: 'c',
        suitePath: ['suite'],
        status: 'failed',
        attempts: 2,
        flaky: false,
        message: 'first',
      },
      {
        testId: 'd',
        name: 'd',
        suitePath: ['suite'],
        status: 'passed',
        attempts: 2,
        flaky: true,
        message: 'flaked',
      },
    ]);
    expect(Array.from(folder.cases())).toEqual(cases);
    expect(folder.totals()).toEqual(computeTotals(cases));
    expect(folder.totals()).toMatchObject({
      tests: 4,
      passed: 2,
      failed: 1,
      skipped: 1,
      flaky: 2,
      durationMs: 3.5,
    });
  });

  it('retries only a still-failing test of the same suite, unless told it cannot be a retry', () => {
    const folder = new AttemptFolder();
    folder.add(attempt('a', { status: 'failed' }), 1);
    folder.add(attempt('a'), 2); // nested suite 2: another test
    folder.add(attempt('a'), 1); // back in suite 1: the retry
    folder.add(attempt('b', { status: 'error' }), 3);
    folder.add(attempt('b'), 3, false);
    expect(
      folder.results().map(c => [c.testId, c.status, c.attempts, c.flaky]),
    ).toEqual([
      ['a', 'passed', 2, true],
      ['a#2', 'passed', 1, false],
      ['b', 'error', 1, false],
      ['b#2', 'passed', 1, false],
    ]);
  });

  it('numbers many repeats of one id uniquely and quickly', () => {
    const folder = new AttemptFolder();
    const started = Date.now();
    folder.add(attempt('t#3'));
    for (let i = 0; i < 50_000; i++) {
      // Each in a suite of its own, as when every repeat has its own <testsuite>.
      folder.add(attempt('t', { status: i % 2 ? 'passed' : 'failed' }), i + 1);
    }
    const ids = folder.results().map(c => c.testId);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ids).toHaveLength(50_001);
    expect(new Set(ids).size).toBe(50_001);
    expect(ids.slice(0, 5)).toEqual(['t#3', 't', 't#2', 't#4', 't#5']);
    expect(ids[50_000]).toBe('t#50001');
    expect(folder.totals()).toMatchObject({
      tests: 50_001,
      passed: 25_001,
      failed: 25_000,
      flaky: 0,
    });
  });

  it('gives back every field exactly as it was added, across many tests', () => {
    const odd = [
      'plain ASCII',
      'Latin-1: café, naïve, ß',
      'beyond Latin-1: 漢字, Ελληνικά',
      'a pair: 😀 and a lone half: \ud83d',
      'NUL \u0000 and tab \t',
      'é'.repeat(4096),
      '漢'.repeat(4096),
    ];
    const added: TestAttempt[] = [];
    const folder = new AttemptFolder();
    // Enough long strings to fill several of the spool's chunks.
    for (let i = 0; i < 300; i++) {
      const text = odd[i % odd.length];
      const a = attempt(`${text}::${i}`, {
        name: text.slice(0, 1024),
        classname: i % 2 ? text.slice(0, 1024) : undefined,
        suitePath: i % 3 ? [text.slice(0, 100), `nested ${i % 5}`] : [],
        file: i % 4 ? `src/${text.slice(0, 50)}.test.ts` : undefined,
        status: (['failed', 'error', 'skipped'] as const)[i % 3],
        durationMs: i % 5 ? i / 7 : undefined,
        attempts: 1 + (i % 3),
        message: text,
      });
      added.push(a);
      folder.add(a);
    }
    // Larger than a chunk of the spool, stored as Latin-1 in room for UTF-16,
    // then followed by small ones.
    for (const [i, message] of ['x'.repeat(300_000), 'y', 'z'].entries()) {
      const a = attempt(`big::${i}`, { status: 'failed', message });
      added.push(a);
      folder.add(a);
    }

    expect(folder.results()).toEqual(
      added.map(a => ({
        testId: a.testId,
        name: a.name,
        ...(a.classname !== undefined && { classname: a.classname }),
        suitePath: a.suitePath,
        ...(a.file !== undefined && { file: a.file }),
        status: a.status,
        ...(a.durationMs !== undefined && { durationMs: a.durationMs }),
        attempts: a.attempts,
        flaky: false,
        message: a.message,
      })),
    );
  });

  it('hands out suite paths that callers may change', () => {
    const folder = new AttemptFolder();
    folder.add(attempt('a'));
    folder.add(attempt('b'));
    const [first] = folder.results();
    (first.suitePath as string[]).push('changed');
    expect(folder.results().map(c => c.suitePath)).toEqual([
      ['suite'],
      ['suite'],
    ]);
  });
});

describe('detachedString', () => {
  it('copies any string exactly', () => {
    for (const value of [
      '',
      'ascii',
      'ÿ',
      'Ā',
      '😀',
      '\udc00 lone',
      'x'.repeat(5000),
      '漢'.repeat(3000),
    ]) {
      expect(detachedString(value)).toBe(value);
    }
  });
});
