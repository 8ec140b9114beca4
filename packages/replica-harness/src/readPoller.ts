import { setTimeout as sleep } from 'node:timers/promises';
import { ReplicaClient } from './hardeningApi';

export type PollCount = { polls: number; failures: string[] };

/**
 * Sends a GET of `path` every `everyMs` (each with a deadline of `timeoutMs`) until
 * stopped, counting the answers that were not 200. `stop()` resolves with the counts.
 */
export function pollReads(
  client: ReplicaClient,
  path: string,
  options: { everyMs: number; timeoutMs: number },
): { stop(): Promise<PollCount> } {
  const count: PollCount = { polls: 0, failures: [] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const sent = performance.now();
      count.polls++;
      try {
        const answer = await client.send('GET', path, undefined, {
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (answer.status !== 200) {
          count.failures.push(`${answer.status} ${answer.text.slice(0, 120)}`);
        }
      } catch (error) {
        count.failures.push(
          error instanceof Error ? error.message : `${error}`,
        );
      }
      await sleep(Math.max(0, options.everyMs - (performance.now() - sent)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return count;
    },
  };
}
