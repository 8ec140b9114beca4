/*
 * yarn bench:ingest — ingest of a 100,000-testcase JUnit file end to end over HTTP, on
 * SQLite and PostgreSQL, against a bare streaming parse of the same file (the floor).
 * Prints figures; asserts nothing. Targets: ≤ 1.0 s on SQLite, ≤ 1.5 s on PostgreSQL,
 * RSS growth ≤ 100 MiB, and 10 concurrent uploads of 10,000 test cases each to the
 * same backend without an error. Then parses hostile reports at about the upload
 * limits (bench/hostileIngest.ts), printed as `hostile: …` lines (BENCH_HOSTILE=0
 * leaves them out). BENCH_PORT: the first backend's port (default 7420).
 *
 * Each upload goes to a backend started in a fresh child process, which measures its
 * own RSS growth during the upload: from that backend's baseline, not from a heap
 * that the parse-only runs or the other database's upload already grew, and without
 * the client's buffers.
 */
import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { parseJunitXmlFolded } from '../src/ingest/junit/JunitParser';
import {
  BenchDatabase,
  mib,
  postgresAvailable,
  sampleRss,
  startBenchBackend,
} from './benchBackend';
import { hostileParses } from './hostileIngest';

const TESTCASES = Number(process.env.BENCH_TESTCASES ?? 100_000);
/** Uploads sent at once after the large one, and the test cases of each. */
const CONCURRENT_UPLOADS = 10;
const CONCURRENT_TESTCASES = 10_000;
const TARGET_MS: Record<BenchDatabase, number> = {
  sqlite: 1000,
  postgres: 1500,
};

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

/** What an upload parses to, with every case built once (as storing it does). */
async function parserOnly(file: string): Promise<number> {
  const started = performance.now();
  const report = await parseJunitXmlFolded(createReadStream(file));
  let cases = 0;
  for (const _ of report.cases) cases += 1;
  if (report.totals.tests !== TESTCASES || cases !== TESTCASES) {
    throw new Error('wrong count');
  }
  return performance.now() - started;
}

type UploadResult = {
  ms: number;
  tests: number;
  rssGrowthMiB: number;
  concurrent: { ms: number; errors: number; tests: number };
};

/** POSTs a JUnit file as a stream; the answer's status and body. */
async function upload(
  baseUrl: string,
  file: string,
  commit: string,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/test-reports?commit=${commit}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/xml',
      Authorization: 'Bearer mock-service-token',
    },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: await res.json() };
}

/**
 * {@link CONCURRENT_UPLOADS} uploads of the same small file at once, each for its own
 * commit (so each is stored, none is a duplicate of another): the wall time of all,
 * the uploads not answered 201 (or that failed) and the tests stored.
 */
async function concurrentUploads(baseUrl: string, file: string) {
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: CONCURRENT_UPLOADS }, (_, i) =>
      upload(baseUrl, file, `c0ffee${String(i).padStart(2, '0')}`),
    ),
  );
  const ms = performance.now() - started;
  let errors = 0;
  let tests = 0;
  for (const result of results) {
    if (result.status === 'fulfilled' && result.value.status === 201) {
      tests += result.value.body.report.summary.totals.tests;
    } else {
      errors += 1;
      console.error(
        'concurrent upload failed:',
        result.status === 'fulfilled'
          ? `${result.value.status} ${JSON.stringify(result.value.body)}`
          : result.reason,
      );
    }
  }
  return { ms, errors, tests };
}

/**
 * The next message of a child process that carries `key`; other messages (the
 * backend's own IPC) are ignored, and the child's exit before then is an error.
 */
function nextMessage<T>(child: ChildProcess, key: keyof T): Promise<T> {
  return new Promise((resolve, reject) => {
    function onExit(code: number | null) {
      child.off('message', onMessage);
      reject(new Error(`backend process exited with ${code}`));
    }
    function onMessage(message: unknown) {
      if (typeof message === 'object' && message !== null && key in message) {
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as T);
      }
    }
    child.on('exit', onExit);
    child.on('message', onMessage);
  });
}

/**
 * Uploads the file to a backend started in a child process, which measures its own
 * RSS growth during the upload: the client's buffers are not the backend's.
 */
async function overHttp(
  file: string,
  smallFile: string,
  database: BenchDatabase,
  port: number,
): Promise<UploadResult> {
  const child = fork(__filename, ['--backend', database, String(port)]);
  try {
    const { baseUrl } = await nextMessage<{ baseUrl: string }>(
      child,
      'baseUrl',
    );
    const started = performance.now();
    let answer: { status: number; body: any };
    try {
      answer = await upload(baseUrl, file, 'abc1234');
    } finally {
      child.send({ uploaded: true });
    }
    const ms = performance.now() - started;
    const { rssGrowthMiB } = await nextMessage<{ rssGrowthMiB: number }>(
      child,
      'rssGrowthMiB',
    );
    if (answer.status !== 201) {
      throw new Error(
        `upload answered ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
    }
    const concurrent = await concurrentUploads(baseUrl, smallFile);
    return {
      ms,
      tests: answer.body.report.summary.totals.tests,
      rssGrowthMiB,
      concurrent,
    };
  } finally {
    if (child.connected) child.send({ done: true });
    if (child.exitCode === null && child.signalCode === null) {
      await once(child, 'exit');
    }
  }
}

/** The child of {@link overHttp}: a backend that reports its RSS growth. */
async function backendMain(database: BenchDatabase, port: number) {
  const backend = await startBenchBackend({ database, port });
  global.gc?.();
  const before = process.memoryUsage.rss();
  const rss = sampleRss();
  process.on('message', async message => {
    if ((message as { uploaded?: boolean }).uploaded) {
      const peak = rss.stop();
      process.send!({ rssGrowthMiB: peak - mib(before) });
    } else if ((message as { done?: boolean }).done) {
      await backend.stop();
      // The backend may leave handles open after stopping; the figures are sent.
      process.exit(0);
    }
  });
  process.send!({ baseUrl: backend.baseUrl });
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'hardening-bench-'));
  const file = join(dir, 'junit.xml');
  await writeFile(file, junitFile(TESTCASES));
  const smallFile = join(dir, 'junit-small.xml');
  await writeFile(smallFile, junitFile(CONCURRENT_TESTCASES));
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

  let port = Number(process.env.BENCH_PORT ?? 7420);
  for (const database of databases) {
    const result = await overHttp(file, smallFile, database, port++);
    const target = TARGET_MS[database];
    console.log(
      `HTTP upload + store on ${database.padEnd(8)}  ${result.ms.toFixed(
        0,
      )} ms (target ≤ ${target} ms, ${(result.ms / floor).toFixed(
        2,
      )}x floor ${floor.toFixed(0)} ms), ${
        result.tests
      } tests stored, RSS growth ${result.rssGrowthMiB.toFixed(
        0,
      )} MiB (target ≤ 100)`,
    );
    const { concurrent } = result;
    console.log(
      `${CONCURRENT_UPLOADS} concurrent uploads of ${CONCURRENT_TESTCASES} on ${database.padEnd(
        8,
      )} ${concurrent.ms.toFixed(0)} ms, errors=${concurrent.errors}, ${
        concurrent.tests
      } tests stored (target errors=0)`,
    );
  }
  await rm(dir, { recursive: true, force: true });
  if (process.env.BENCH_HOSTILE !== '0') await hostileParses();
}

const [mode, ...args] = process.argv.slice(2);
(mode === '--backend'
  ? backendMain(args[0] as BenchDatabase, Number(args[1]))
  : main()
).catch(error => {
  console.error(error);
  process.exit(1);
});
