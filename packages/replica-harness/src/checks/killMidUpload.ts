import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { BackendProcess } from '../backendProcess';
import { writeBigJunit } from '../bigJunit';
import { chainHead } from '../chainAppend';
import { ciQuery } from '../evidenceKinds';
import {
  entityPath,
  HttpError,
  reportPageSchema,
  summarySchema,
} from '../hardeningApi';
import { HardeningDatabase, StoredRun } from '../hardeningDatabase';
import { listeningPid, processGroupOf } from '../listener';
import { pollReads } from '../readPoller';
import { Replica } from '../replica';

export type KillOptions = {
  entity: string;
  testcases: number;
  runTag: string;
  database: HardeningDatabase;
  /** Replica A as started; its backend is killed. */
  backendA: BackendProcess;
  port: number;
  /** Stops what is left of A's process group and starts A again with the same command. */
  restartA(): Promise<void>;
};

type Outcome = { answer: string; completed: boolean };

/**
 * `kill -9` of replica A's backend while it stores a big JUnit upload: the kill is sent
 * as soon as a transaction holds the write lock on `test_results` (rows inserted, not
 * committed). Then the upload must be absent or complete in the database and on B, B
 * must have answered a read every ~100 ms throughout (kill and restart of A), A must
 * come back with the same data as B, and the CI job's retry must store the report whole.
 */
export async function checkKillMidUpload(
  replicas: readonly Replica[],
  options: KillOptions,
): Promise<string> {
  const [a, b] = replicas;
  const { database } = options;
  const base = entityPath(options.entity);
  const runId = `${options.runTag}-0`;
  const query = ciQuery(options.runTag, 0);
  const dir = await mkdtemp(join(tmpdir(), 'replicas-kill-'));
  const file = join(dir, 'junit.xml');
  let poller: ReturnType<typeof pollReads> | undefined;
  try {
    const size = await writeBigJunit(file, options.testcases);
    const newestOnB = async () =>
      (await b.read.get(`${base}/test-reports?limit=1`, reportPageSchema))
        .items[0]?.id;
    const newestBefore = await newestOnB();

    poller = pollReads(b.read, `${base}/summary`, {
      everyMs: 100,
      timeoutMs: 2_000,
    });
    let sent = 0;
    const counted = createReadStream(file).on('data', chunk => {
      sent += chunk.length;
    });
    const upload: Promise<Outcome> = a.upload
      .postStream(
        `${base}/test-reports${query}`,
        'application/xml',
        Readable.toWeb(counted) as ReadableStream<Uint8Array>,
      )
      .then(
        r => ({ answer: `${r.status}`, completed: r.status === 201 }),
        (error: unknown) => ({
          answer: `no answer (${
            error instanceof Error ? error.cause ?? error.message : error
          })`,
          completed: false,
        }),
      );
    let settled: Outcome | undefined;
    void upload.then(o => {
      settled = o;
    });

    // Kill at the first sight of uncommitted test rows.
    const deadline = Date.now() + 120_000;
    while (!settled && !(sent > 0 && (await database.testRowsBeingWritten()))) {
      if (Date.now() > deadline) throw new Error('no test rows written by A');
      await sleep(10);
    }
    if (settled) {
      await poller.stop();
      throw new Error(
        `the upload ended (${settled.answer}) before A wrote test rows; nothing was killed`,
      );
    }
    const pid = listeningPid(options.port);
    if (processGroupOf(pid) !== options.backendA.group) {
      throw new Error(`process ${pid} on port ${options.port} is not A's`);
    }
    process.kill(pid, 'SIGKILL');
    const sentAtKill = sent;
    const outcome = await upload;

    // PostgreSQL rolls the dead connection's transaction back once it sees the socket close.
    let stored: StoredRun[] = [];
    const settleBy = Date.now() + 30_000;
    while (await database.testRowsBeingWritten()) {
      if (Date.now() > settleBy) throw new Error('the write lock stayed');
      await sleep(50);
    }
    stored = await database.reportsOfRun(runId);
    const partial = stored.filter(
      r => r.testResults !== r.tests || r.tests !== options.testcases,
    );
    if (partial.length > 0 || stored.length > 1) {
      throw new Error(
        `partial report after the kill: ${JSON.stringify(stored)}`,
      );
    }
    const newestAfter = await newestOnB();
    const expectedNewest = stored[0]?.id ?? newestBefore;
    if (newestAfter !== expectedNewest) {
      throw new Error(
        `B lists ${newestAfter} as the newest test report, the database says ${expectedNewest}`,
      );
    }

    const restartStarted = performance.now();
    await options.restartA();
    const restartSeconds = (performance.now() - restartStarted) / 1000;
    const reads = await poller.stop();
    if (reads.failures.length > 0) {
      throw new Error(
        `B failed ${reads.failures.length} of ${
          reads.polls
        } reads during the kill and restart: ${reads.failures
          .slice(0, 3)
          .join('; ')}`,
      );
    }

    const differences: string[] = [];
    const same = async (path: string) => {
      const [onA, onB] = await Promise.all(
        [a, b].map(r => r.read.getText(path)),
      );
      if (onA !== onB) differences.push(path);
    };
    await same(`${base}/summary`);
    await same(`${base}/test-reports?limit=50`);
    await same(`${entityPath('component:default/payments-api')}/summary`);
    const heads = await Promise.all(
      [a, b].map(r => chainHead(r.read, 'component:default/payments-api')),
    );
    if (heads[0]?.hash !== heads[1]?.hash) differences.push('chain head');
    if (differences.length > 0) {
      throw new Error(
        `restarted A and B answer differently: ${differences.join(', ')}`,
      );
    }

    const retryStarted = performance.now();
    const retry = await a.upload.postStream(
      `${base}/test-reports${query}`,
      'application/xml',
      Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    );
    if (retry.status !== 201 && retry.status !== 200) {
      throw new HttpError('retried upload to A', retry.status, retry.text);
    }
    const retrySeconds = (performance.now() - retryStarted) / 1000;
    const whole = await database.reportsOfRun(runId);
    if (
      whole.length !== 1 ||
      whole[0].testResults !== options.testcases ||
      whole[0].tests !== options.testcases
    ) {
      throw new Error(`after the retry: ${JSON.stringify(whole)}`);
    }
    await b.read.get(`${base}/summary`, summarySchema);

    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    return [
      `killed A's backend (pid ${pid}) with test rows uncommitted, ${mib(
        sentAtKill,
      )} of ${mib(size)} MiB sent; the client got ${outcome.answer}`,
      stored.length === 0
        ? 'no report of the run afterwards (database and B)'
        : `the report was complete (${stored[0].testResults} rows)`,
      `B answered ${reads.polls} of ${
        reads.polls
      } reads (every 100 ms) during the kill and A's restart (${restartSeconds.toFixed(
        1,
      )} s)`,
      'restarted A answers the same summaries, report list and chain head as B',
      `the retried upload stored ${
        options.testcases
      } test rows in ${retrySeconds.toFixed(1)} s`,
    ].join('\n    ');
  } finally {
    await poller?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
