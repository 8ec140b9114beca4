/*
 * yarn bench:ingest — ingest of a 100,000-testcase JUnit file end to end over HTTP, on
 * SQLite and PostgreSQL, against a bare streaming parse of the same file (the floor).
 * Prints figures; asserts nothing. Targets: ≤ 3 s on SQLite, ≤ 5 s on PostgreSQL,
 * RSS growth ≤ 100 MB.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { parseJunitXml } from '../src/ingest';
import {
  BenchDatabase,
  mib,
  postgresAvailable,
  sampleRss,
  startBenchBackend,
} from './benchBackend';

const TESTCASES = Number(process.env.BENCH_TESTCASES ?? 100_000);

function junitFile(testcases: number): string {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n',
  ];
  const perSuite = 1000;
  for (let s = 0; s < testcases / perSuite; s += 1) {
    parts.push(`<testsuite name="suite-${s}" tests="${perSuite}">\n`);
    for (let t = 0; t < perSuite; t += 1) {
      const i = s * perSuite + t;
      let body = '';
      if (i % 997 === 0) {
        body = `<failure message="expected 200, got 500">at suite-${s}.test.ts:${t}</failure>`;
      } else if (i % 5003 === 0) {
        body = '<flakyFailure message="ECONNRESET"/>';
      }
      parts.push(
        `<testcase classname="bench.suite${s}" name="case ${i} does the thing" time="0.0${
          t % 10
        }1">${body}<system-out>log line for case ${i}</system-out></testcase>\n`,
      );
    }
    parts.push('</testsuite>\n');
  }
  parts.push('</testsuites>\n');
  return parts.join('');
}

async function bareParse(file: string): Promise<number> {
  const started = performance.now();
  const parser = new SaxesParser();
  let elements = 0;
  parser.on('opentag', () => {
    elements += 1;
  });
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    parser.write(chunk);
  }
  parser.close();
  if (elements === 0) throw new Error('nothing parsed');
  return performance.now() - started;
}

async function parserOnly(file: string): Promise<number> {
  const started = performance.now();
  const report = await parseJunitXml(createReadStream(file));
  if (report.totals.tests !== TESTCASES) throw new Error('wrong count');
  return performance.now() - started;
}

async function overHttp(file: string, database: BenchDatabase, port: number) {
  const backend = await startBenchBackend({ database, port });
  try {
    global.gc?.();
    const before = process.memoryUsage.rss();
    const rss = sampleRss();
    const started = performance.now();
    const res = await fetch(`${backend.baseUrl}/test-reports?commit=abc1234`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/xml',
        Authorization: 'Bearer mock-service-token',
      },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const body = await res.json();
    const ms = performance.now() - started;
    const peak = rss.stop();
    if (res.status !== 201) {
      throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
    }
    return {
      ms,
      tests: body.report.summary.totals.tests as number,
      rssGrowthMiB: peak - mib(before),
    };
  } finally {
    await backend.stop();
  }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'hardening-bench-'));
  const file = join(dir, 'junit.xml');
  await writeFile(file, junitFile(TESTCASES));
  const size = (await stat(file)).size;
  console.log(
    `JUnit file: ${TESTCASES} test cases, ${mib(size).toFixed(1)} MiB`,
  );

  const floor = await bareParse(file);
  console.log(`floor: bare saxes parse            ${floor.toFixed(0)} ms`);
  const parsed = await parserOnly(file);
  console.log(
    `JUnit parser (no storage)          ${parsed.toFixed(0)} ms (${(
      parsed / floor
    ).toFixed(2)}x floor)`,
  );

  const databases: BenchDatabase[] = ['sqlite'];
  if (await postgresAvailable()) databases.push('postgres');
  else console.log('PostgreSQL not reachable: skipping its run');

  let port = 7420;
  for (const database of databases) {
    const result = await overHttp(file, database, port++);
    const target = database === 'sqlite' ? 3000 : 5000;
    console.log(
      `HTTP upload + store on ${database.padEnd(8)}  ${result.ms.toFixed(
        0,
      )} ms (target ≤ ${target} ms, ${(result.ms / floor).toFixed(
        2,
      )}x floor), ${
        result.tests
      } tests stored, RSS growth ${result.rssGrowthMiB.toFixed(
        0,
      )} MiB (target ≤ 100)`,
    );
  }
  await rm(dir, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
