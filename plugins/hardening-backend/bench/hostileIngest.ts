/*
 * Part of `yarn bench:ingest`: parses reports shaped against the folding and parsing
 * (src/__testUtils__/hostileReports.ts) at about the upload limits (64 MiB or 500,000
 * test cases for JUnit, 16 MiB for CTRF) and prints how long each takes. A step that
 * grows faster than the report shows here as minutes instead of a second or two.
 */
import { performance } from 'node:perf_hooks';
import {
  deepLongSuites,
  longNameDifferingAtTheEnd,
  manySuitesUnderDeepLongSuites,
  repeatedLongIds,
  retriesPastNestedSuites,
} from '../src/__testUtils__/hostileReports';
import { parseCtrfJson } from '../src/ingest/ctrf/CtrfParser';
import { parseJunitXmlFolded } from '../src/ingest/junit/JunitParser';
import { mib } from './benchBackend';

async function* inPieces(text: string): AsyncGenerator<Buffer> {
  const piece = 1 << 20;
  for (let at = 0; at < text.length; at += piece) {
    yield Buffer.from(text.slice(at, at + piece));
  }
}

function print(label: string, tests: number, bytes: number, ms: number) {
  console.log(
    `hostile: ${label.padEnd(44)} ${tests} tests, ${mib(bytes).toFixed(
      1,
    )} MiB: ${ms.toFixed(0)} ms`,
  );
}

/** Parses `xml` and builds every case once, as storing it does. */
async function timeJunit(label: string, xml: string): Promise<void> {
  const started = performance.now();
  const report = await parseJunitXmlFolded(inPieces(xml));
  let cases = 0;
  for (const _ of report.cases) cases += 1;
  print(label, cases, Buffer.byteLength(xml), performance.now() - started);
}

function timeCtrf(label: string, count: number): void {
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
  print(label, report.totals.tests, bytes, performance.now() - started);
}

export async function hostileParses(): Promise<void> {
  await timeJunit(
    'JUnit 1024-char ids differing at the end, x2',
    repeatedLongIds(30_000),
  );
  await timeJunit(
    'JUnit retries past 250,000 nested suites',
    retriesPastNestedSuites(249_999, 250_000),
  );
  await timeJunit(
    'JUnit no classname, 61 suites of 1000 chars',
    deepLongSuites(61, 500_000),
  );
  await timeJunit(
    'JUnit a suite per test, 60 of 1000 chars out',
    manySuitesUnderDeepLongSuites(60, 500_000),
  );
  timeCtrf('CTRF long names differing at the end, x2', 7_500);
}
