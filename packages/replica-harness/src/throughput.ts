import { ciQuery, junitReport } from './evidenceKinds';
import { entityPath, HttpError } from './hardeningApi';
import { runPool } from './pool';
import { PAYMENTS_ENTITIES, Replica } from './replica';

export type Throughput = { uploadsPerSecond: number; readsPerSecond: number };

/**
 * The measured workload: `uploads` JUnit reports of 20 tests, then `reads` requests
 * (the summary and the first page of test reports, alternately), over the three
 * entities, `concurrency` requests in flight, sent round-robin to `targets`.
 */
export async function measureThroughput(
  targets: readonly Replica[],
  options: {
    uploads: number;
    reads: number;
    concurrency: number;
    runTag: string;
  },
): Promise<Throughput> {
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length];
  const time = async (tasks: (() => Promise<void>)[]) => {
    const started = performance.now();
    await runPool(tasks, options.concurrency);
    return tasks.length / ((performance.now() - started) / 1000);
  };
  const expect = (
    what: string,
    status: number,
    wanted: number,
    text: string,
  ) => {
    if (status !== wanted) throw new HttpError(what, status, text);
  };

  const uploadsPerSecond = await time(
    Array.from({ length: options.uploads }, (_, i) => async () => {
      const replica = pick(targets, i);
      const path = `${entityPath(
        pick(PAYMENTS_ENTITIES, i),
      )}/test-reports${ciQuery(options.runTag, i)}`;
      const answer = await replica.upload.send('POST', path, {
        contentType: 'application/xml',
        bytes: junitReport(i, 20),
      });
      expect(`upload to ${replica.name}`, answer.status, 201, answer.text);
    }),
  );
  const readsPerSecond = await time(
    Array.from({ length: options.reads }, (_, i) => async () => {
      const replica = pick(targets, i);
      const base = entityPath(pick(PAYMENTS_ENTITIES, i));
      const path =
        i % 2 === 0 ? `${base}/summary` : `${base}/test-reports?limit=20`;
      const answer = await replica.read.send('GET', path);
      expect(`GET ${path} on ${replica.name}`, answer.status, 200, answer.text);
    }),
  );
  return { uploadsPerSecond, readsPerSecond };
}

export type Comparison = { two: Throughput; one: Throughput; runs: string[] };

/**
 * The workload against both replicas and against replica A alone (B idle), in the
 * order one, two, two, one so that warming up and the growing tables favour neither,
 * after a warm-up run on both that is not counted. Each figure is the mean of its two
 * runs.
 */
export async function compareOneAndTwo(
  replicas: readonly Replica[],
  options: {
    uploads: number;
    reads: number;
    concurrency: number;
    runTag: string;
  },
): Promise<Comparison> {
  await measureThroughput(replicas, {
    ...options,
    uploads: Math.ceil(options.uploads / 4),
    reads: Math.ceil(options.reads / 4),
    runTag: `${options.runTag}-warm-up`,
  });
  const order = [1, 2, 2, 1] as const;
  const measured: Record<1 | 2, Throughput[]> = { 1: [], 2: [] };
  const runs: string[] = [];
  for (const [i, count] of order.entries()) {
    const figures = await measureThroughput(replicas.slice(0, count), {
      ...options,
      runTag: `${options.runTag}-${i}`,
    });
    measured[count].push(figures);
    runs.push(
      `${
        count === 2 ? 'two replicas' : 'one replica '
      }: ${figures.uploadsPerSecond.toFixed(
        1,
      )} uploads/s, ${figures.readsPerSecond.toFixed(1)} reads/s`,
    );
  }
  const mean = (list: Throughput[]): Throughput => ({
    uploadsPerSecond:
      list.reduce((s, t) => s + t.uploadsPerSecond, 0) / list.length,
    readsPerSecond:
      list.reduce((s, t) => s + t.readsPerSecond, 0) / list.length,
  });
  return { one: mean(measured[1]), two: mean(measured[2]), runs };
}
