import { appendEntry, Appended, chainHead } from '../chainAppend';
import { chainProblems, ListedChainEntry } from '../chainShape';
import {
  chainPageSchema,
  chainVerificationSchema,
  entityPath,
  ReplicaClient,
  transparencySchema,
} from '../hardeningApi';
import { Replica } from '../replica';

async function listChain(client: ReplicaClient, entity: string) {
  const items: ListedChainEntry[] = [];
  let cursor: string | undefined;
  let head: { seq: number; hash: string } | null = null;
  do {
    const page = await client.get(
      `${entityPath(entity)}/audit-chain?limit=500${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`,
      chainPageSchema,
    );
    items.push(...page.items);
    head = page.head;
    cursor = page.nextCursor;
  } while (cursor);
  return { items, head };
}

/** What each replica says about the chain: its entries, head, verdict and checkpoint. */
async function chainAsSeenBy(replica: Replica, entity: string) {
  const base = entityPath(entity);
  const listed = await listChain(replica.read, entity);
  return {
    replica: replica.name,
    ...listed,
    verdict: await replica.read.get(
      `${base}/audit-chain/verify`,
      chainVerificationSchema,
    ),
    transparency: await replica.read.get(
      `${base}/audit-chain/transparency`,
      transparencySchema,
    ),
    checkpoint: await replica.read.getText(`${base}/audit-chain/checkpoint`),
  };
}

/**
 * Writers on every replica append to one entity's chain at the same time, each retrying
 * on 409 from the head it reads again. Afterwards every replica must list one linear
 * chain holding every appended entry once, answer the same head, verify it, and serve
 * the same signed checkpoint of that size.
 */
export async function checkConcurrentChainAppends(
  replicas: readonly Replica[],
  options: {
    entity: string;
    writersPerReplica: number;
    entriesPerWriter: number;
  },
): Promise<string> {
  const { entity } = options;
  const before = ((await chainHead(replicas[0].read, entity))?.seq ?? -1) + 1;
  const writers = replicas.flatMap(replica =>
    Array.from({ length: options.writersPerReplica }, async (_, w) => {
      const done: Appended[] = [];
      for (let k = 0; k < options.entriesPerWriter; k++) {
        done.push(
          await appendEntry(replica.upload, entity, {
            actor: `${replica.name}-writer-${w}`,
            details: { entry: k },
          }),
        );
      }
      return done;
    }),
  );
  const started = performance.now();
  const appended = (await Promise.all(writers)).flat();
  const seconds = (performance.now() - started) / 1000;
  const total = before + appended.length;

  const problems: string[] = [];
  const seen = await Promise.all(replicas.map(r => chainAsSeenBy(r, entity)));
  for (const view of seen) {
    const where = `${view.replica}:`;
    problems.push(
      ...chainProblems(view.items, total).map(p => `${where} ${p}`),
    );
    const last = view.items[view.items.length - 1];
    if (view.head?.seq !== total - 1 || view.head.hash !== last?.entry.hash) {
      problems.push(
        `${where} head ${JSON.stringify(
          view.head,
        )} is not the last of ${total} entries`,
      );
    }
    const hashes = new Set(view.items.map(i => i.entry.hash));
    const lost = appended.filter(a => !hashes.has(a.hash));
    if (lost.length > 0) {
      problems.push(`${where} ${lost.length} appended entries are not listed`);
    }
    if (!view.verdict.ok || view.verdict.length !== total) {
      problems.push(`${where} verify answers ${JSON.stringify(view.verdict)}`);
    }
    if (view.transparency.treeSize !== total) {
      problems.push(
        `${where} the transparency log has ${view.transparency.treeSize} leaves, not ${total}`,
      );
    }
    if (view.transparency.checkpoint !== view.checkpoint) {
      problems.push(`${where} the checkpoint route and the status disagree`);
    }
  }
  const [first, ...others] = seen;
  for (const other of others) {
    if (other.head?.hash !== first.head?.hash) {
      problems.push(
        `${first.replica} and ${other.replica} answer different heads`,
      );
    }
    if (other.checkpoint !== first.checkpoint) {
      problems.push(
        `${first.replica} and ${other.replica} serve different checkpoints:\n${first.checkpoint}\n${other.checkpoint}`,
      );
    }
  }
  const seqs = new Set(appended.map(a => a.seq));
  if (seqs.size !== appended.length) {
    problems.push('two accepted appends were told the same seq');
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const conflicts = appended.reduce((sum, a) => sum + a.conflicts, 0);
  return `${writers.length} writers appended ${
    appended.length
  } entries in ${seconds.toFixed(
    1,
  )} s (${conflicts} answers 409 re-read the head and retried): seq 0..${
    total - 1
  } linear and verified on every replica, same head ${first.head?.hash.slice(
    0,
    12,
  )}…, same checkpoint (tree size ${total})`;
}
