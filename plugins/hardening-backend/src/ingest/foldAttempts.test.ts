import { detachedString } from './detachedString';
import { createHash } from 'node:crypto';
import { AttemptFolder, computeTotals, type TestAttempt } from './foldAttempts';
import { ordinalTestId } from './reportStrings';

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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Appearance = {
  testId: string;
  /** Unique: tells which appearance a test started with. */
  name: string;
  status: TestAttempt['status'];
  suite: number;
  mayBeRetry: boolean;
};

/** Appearances of two ids in suites opened and closed at random, up to 5 deep. */
function generatedReport(random: () => number): Appearance[] {
  const open: number[] = [];
  let opened = 0;
  const appearances: Appearance[] = [];
  const statuses = ['failed', 'failed', 'error', 'passed', 'skipped'] as const;
  for (let step = 0; step < 40; step++) {
    const r = random();
    if (r < 0.2 && open.length < 5) {
      open.push(++opened);
    } else if (r < 0.35 && open.length > 0) {
      open.pop();
    } else {
      appearances.push({
        testId: random() < 0.7 ? 'a' : 'b',
        name: `appearance ${step}`,
        status: statuses[Math.floor(random() * statuses.length)],
        suite: open[open.length - 1] ?? 0,
        mayBeRetry: random() < 0.9,
      });
    }
  }
  return appearances;
}

/**
 * The tests of `appearances` as docs/test-reports.md words the rule, looking at every
 * earlier test: an appearance that ran is a retry of the latest test with its id in
 * its suite when every attempt of that test so far failed or errored.
 */
function foldedByTheRule(appearances: Appearance[]) {
  const tests: Array<{
    from: Appearance;
    attempts: number;
    passed: boolean;
    failed: boolean;
    lastFailing?: string;
  }> = [];
  for (const a of appearances) {
    const earlier = tests
      .filter(t => t.from.testId === a.testId && t.from.suite === a.suite)
      .pop();
    const failing = (s: string) => s === 'failed' || s === 'error';
    const retried =
      earlier &&
      a.mayBeRetry &&
      a.status !== 'skipped' &&
      !earlier.passed &&
      earlier.lastFailing !== undefined;
    const test = retried
      ? earlier
      : { from: a, attempts: 0, passed: false, failed: false };
    if (!retried) tests.push(test);
    test.attempts += 1;
    test.passed ||= a.status === 'passed';
    test.failed ||= failing(a.status);
    if (failing(a.status)) test.lastFailing = a.status;
  }
  return tests.map(t => [
    t.from.name,
    t.passed ? 'passed' : t.lastFailing ?? 'skipped',
    t.attempts,
    t.passed && t.failed,
  ]);
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

  it('numbers many repeats of one id uniquely, trying each id once but the one taken', () => {
    const folder = new AttemptFolder();
    folder.add(attempt('t#3'));
    for (let i = 0; i < 50_000; i++) {
      // Each in a suite of its own, as when every repeat has its own <testsuite>.
      folder.add(attempt('t', { status: i % 2 ? 'passed' : 'failed' }), i + 1);
    }
    const ids = folder.results().map(c => c.testId);
    expect(ids).toHaveLength(50_001);
    expect(new Set(ids).size).toBe(50_001);
    expect(ids.slice(0, 5)).toEqual(['t#3', 't', 't#2', 't#4', 't#5']);
    expect(ids[50_000]).toBe('t#50001');
    // 49,999 repeats, and `t#3` tried before `t#4`.
    expect(folder.work.idsTried).toBe(50_000);
    expect(folder.totals()).toMatchObject({
      tests: 50_001,
      passed: 25_001,
      failed: 25_000,
      flaky: 0,
    });
  });

  it('numbers repeats of distinct long ids that share their start with one try each', () => {
    const folder = new AttemptFolder();
    const count = 20_000;
    const longIds = Array.from(
      { length: count },
      (_, i) => `${'a'.repeat(1020)}${String(i).padStart(4, '0')}`,
    );
    for (const id of longIds) {
      folder.add(attempt(id));
      folder.add(attempt(id));
    }
    const ids = folder.results().map(c => c.testId);
    expect(ids).toHaveLength(2 * count);
    expect(new Set(ids).size).toBe(2 * count);
    for (const [i, id] of longIds.entries()) {
      expect(ids[2 * i]).toBe(id);
      expect(ids[2 * i + 1]).toBe(
        `${'a'.repeat(1005)}#${sha256(id).slice(0, 16)}#2`,
      );
    }
    expect(folder.work.idsTried).toBe(count);
  });

  it('tries the next ordinal of a long id past ids the report holds itself', () => {
    const long = 'l'.repeat(1024);
    const taken = [2, 3].map(n => ordinalTestId(long, n));
    const folder = new AttemptFolder();
    for (const id of [long, ...taken, long, long]) {
      folder.add(attempt(id));
    }
    expect(folder.results().map(c => c.testId)).toEqual([
      long,
      ...taken,
      ordinalTestId(long, 4),
      ordinalTestId(long, 5),
    ]);
    expect(ordinalTestId(long, 4)).toHaveLength(1024);
    expect(folder.work.idsTried).toBe(4);
  });

  it('looks back past each test of nested suites once, however many retries follow', () => {
    const nested = 20_000;
    const retries = 20_000;
    const failed = { status: 'failed' as const };
    const folder = new AttemptFolder();
    folder.add(attempt('x', failed), 1);
    for (let suite = 2; suite <= nested + 1; suite++) {
      folder.add(attempt('x', failed), suite);
    }
    for (let i = 0; i < retries; i++) {
      folder.add(attempt('x', failed), 1);
    }
    const cases = folder.results();
    expect(cases).toHaveLength(nested + 1);
    expect(cases[0]).toMatchObject({
      testId: 'x',
      status: 'failed',
      attempts: retries + 1,
    });
    expect(cases[nested]).toMatchObject({
      testId: `x#${nested + 1}`,
      status: 'failed',
      attempts: 1,
    });
    // One step for each appearance, one more for each nested test passed over.
    expect(folder.work.lookBackSteps).toBe(nested + 1 + nested + retries - 1);
  });

  it('passes over tests of closed suites once, however many enclosing suites come back to them', () => {
    const depth = 60;
    const nested = 1000;
    const folder = new AttemptFolder();
    // Suites 1 … depth, each inside the one before; inside the innermost, `nested`
    // suites with a test each; then a test in each enclosing suite, inside out.
    for (let suite = depth + 1; suite <= depth + nested; suite++) {
      folder.add(attempt('x'), suite);
    }
    for (let suite = depth; suite >= 1; suite--) {
      folder.add(attempt('x'), suite);
    }
    const ids = folder.results().map(c => c.testId);
    expect(ids).toHaveLength(nested + depth);
    expect(new Set(ids).size).toBe(nested + depth);
    expect(folder.work.lookBackSteps).toBeLessThanOrEqual(2 * (nested + depth));
  });

  it('folds as the documented rule says, on many generated reports', () => {
    const random = seededRandom(12);
    for (let report = 0; report < 2000; report++) {
      const appearances = generatedReport(random);
      const folder = new AttemptFolder();
      for (const a of appearances) {
        folder.add(
          attempt(a.testId, { name: a.name, status: a.status }),
          a.suite,
          a.mayBeRetry,
        );
      }
      const cases = folder.results();
      expect(cases.map(c => [c.name, c.status, c.attempts, c.flaky])).toEqual(
        foldedByTheRule(appearances),
      );
      expect(new Set(cases.map(c => c.testId)).size).toBe(cases.length);
      expect(folder.work.lookBackSteps).toBeLessThanOrEqual(
        2 * appearances.length,
      );
    }
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
