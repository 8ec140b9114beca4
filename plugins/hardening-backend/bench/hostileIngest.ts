/*
 * Part of `yarn bench:ingest`: parses reports shaped against the folding and parsing
 * (src/__testUtils__/hostileReports.ts) at about the upload limits (64 MiB or 500,000
 * test cases for JUnit, 16 MiB for CTRF) and prints how long each takes and how much
 * memory it holds. A step that grows faster than the report shows here as minutes
 * instead of a second or two.
 *
 * Each JUnit shape is parsed twice: without the test text budget (as if
 * hardening.ingest.maxTestTextBytes were unlimited: the time to parse it whole and what
 * the parsed report holds) and with the default budget (what an upload does: refused
 * early when it would store more than 128 MiB of test text). `holds` is the heap and
 * buffers the parsed report keeps until it is stored (after a GC); `peak` the largest
 * growth of heap and buffers seen while parsing, garbage included.
 */
import { performance } from 'node:perf_hooks';
import {
  deepLongSuites,
  longNameDifferingAtTheEnd,
  manySuitesUnderDeepLongSuites,
  repeatedLongIds,
  retriesPastNestedSuites,
  suiteFileOnEveryTest,
} from '../src/__testUtils__/hostileReports';
import { parseCtrfJson } from '../src/ingest/ctrf/CtrfParser';
import { parseJunitXmlFolded } from '../src/ingest/junit/JunitParser';
import { mib } from './benchBackend';

/** Heap and buffers in use. */
function used(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/**
 * {@link used} after a full GC; buffers freed by one are only counted out a moment
 * later, hence the pause and the second GC.
 */
async function usedAfterGc(): Promise<number> {
  global.gc?.();
  await new Promise(resolve => setTimeout(resolve, 100));
  global.gc?.();
  return used();
}

/** The largest growth of {@link used} from a start, sampled at each piece of input. */
class PeakUse {
  #base = 0;
  #peak = 0;
  async start(): Promise<void> {
    this.#base = await usedAfterGc();
    this.#peak = this.#base;
  }
  sample(): void {
    this.#peak = Math.max(this.#peak, used());
  }
  get growthMiB(): number {
    return mib(this.#peak - this.#base);
  }
  /** What is still held (after a GC) above the start. */
  async heldMiB(): Promise<number> {
    return mib((await usedAfterGc()) - this.#base);
  }
}

async function* inPieces(text: string, peak: PeakUse): AsyncGenerator<Buffer> {
  const piece = 1 << 20;
  for (let at = 0; at < text.length; at += piece) {
    yield Buffer.from(text.slice(at, at + piece));
    peak.sample();
  }
}

const label = (text: string) => `hostile: ${text.padEnd(44)}`;
const size = (bytes: number) => `${mib(bytes).toFixed(1)} MiB`;
const ms = (since: number) => `${(performance.now() - since).toFixed(0)} ms`;

/**
 * Parses `xml` and builds every case once, as storing it does (timed together), or is
 * refused; `holds` is measured between the two.
 */
async function parseOnce(xml: string, maxTestTextBytes?: number) {
  const peak = new PeakUse();
  await peak.start();
  let started = performance.now();
  try {
    const report = await parseJunitXmlFolded(inPieces(xml, peak), {
      maxTestTextBytes,
    });
    peak.sample();
    let took = performance.now() - started;
    const held = await peak.heldMiB();
    started = performance.now();
    let cases = 0;
    for (const _ of report.cases) cases += 1;
    took += performance.now() - started;
    return `${cases} tests: ${took.toFixed(0)} ms, holds ${held.toFixed(
      0,
    )} MiB, peak +${peak.growthMiB.toFixed(0)} MiB`;
  } catch (error) {
    const tests = /first (\d+) tests/.exec(String(error))?.[1] ?? '?';
    return `refused at test ${tests}: ${ms(
      started,
    )}, peak +${peak.growthMiB.toFixed(0)} MiB`;
  }
}

async function junit(text: string, xml: string): Promise<void> {
  // Also flattens the string, which would otherwise count in the first parse.
  const bytes = Buffer.byteLength(xml);
  const whole = await parseOnce(xml, Number.POSITIVE_INFINITY);
  console.log(`${label(text)} ${size(bytes)}, no budget: ${whole}`);
  const budgeted = await parseOnce(xml);
  console.log(`${label('')} with the default text budget: ${budgeted}`);
}

function ctrf(text: string, count: number): void {
  const tests = [];
  for (let i = 0; i < count; i++) {
    const name = longNameDifferingAtTheEnd(i);
    tests.push({ name, status: 'passed', suite: 'c' });
    tests.push({ name, status: 'passed', suite: 'c' });
  }
  const json = { results: { tool: { name: 'bench' }, tests } };
  const bytes = Buffer.byteLength(JSON.stringify(json));
  const started = performance.now();
  const report = parseCtrfJson(json);
  console.log(
    `${label(text)} ${size(bytes)}: ${report.totals.tests} tests: ${ms(
      started,
    )}`,
  );
}

/** The JUnit shapes, each made only when it is parsed. */
const JUNIT_SHAPES: ReadonlyArray<[string, () => string]> = [
  [
    'JUnit 1024-char ids differing at the end, x2',
    () => repeatedLongIds(30_000),
  ],
  [
    'JUnit retries past 250,000 nested suites',
    () => retriesPastNestedSuites(249_999, 250_000),
  ],
  [
    'JUnit no classname, 61 suites of 1000 chars',
    () => deepLongSuites(61, 500_000),
  ],
  [
    'JUnit no classname, 1 suite of 1000 chars',
    () => deepLongSuites(1, 500_000),
  ],
  // Each test stores about 268 bytes, 134 MB in all: the most text held under the budget.
  [
    'JUnit just under the budget, 245-char file',
    () => suiteFileOnEveryTest(245, 500_000),
  ],
  [
    'JUnit a suite per test, 60 of 1000 chars out',
    () => manySuitesUnderDeepLongSuites(60, 500_000),
  ],
  [
    'JUnit a 2048-char suite file on every test',
    () => suiteFileOnEveryTest(2_048, 500_000),
  ],
];

export async function hostileParses(): Promise<void> {
  for (const [text, make] of JUNIT_SHAPES) {
    await junit(text, make());
  }
  ctrf('CTRF long names differing at the end, x2', 7_500);
}
