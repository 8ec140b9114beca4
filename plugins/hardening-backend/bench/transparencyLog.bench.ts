/*
 * Transparency log of one entity's audit chain (issue 14), the second half of
 * `yarn bench:chain`. One chain of BENCH_TREE_ENTRIES (default 1,000,000) entries, made
 * like chainVerify.bench.ts makes its chain, measured three ways:
 *
 *   in memory  the bare SHA-256 chain (`hashCanonicalContent` with the backend's
 *              `sha256Hex`: one hash per entry, the floor) beside the Merkle append of
 *              the same entries' canonical content (RFC 9162 leaf hash of its UTF-8 bytes,
 *              `latin1TreeHasher.entryLeafHash`, plus the subtrees each leaf completes,
 *              `appendToFrontier`: the code an append runs before it writes the tiles).
 *              "tree/floor" is the tree's throughput over the floor's. Target ≥ 50%.
 *   stored     the chain appended through `DatabaseAuditChainStore.appendChain` in uploads
 *              of BENCH_TREE_UPLOAD (default 10,000) entries, on SQLite (file) and
 *              PostgreSQL, each append extending the tree and signing a checkpoint in its
 *              transaction, as in production. "tree tiles" is the time spent in
 *              `MerkleTreeStore.append` (reading the frontier, hashing, writing the tile
 *              rows), "checkpoint" in signing and storing the checkpoint; "without them"
 *              is the throughput the rest (plan, report row, chain rows, head) would
 *              have alone. Appends slow down as the tables outgrow the database's cache.
 *   HTTP       a real backend (benchBackend.ts) on that database serves BENCH_TREE_PROOFS
 *              (default 1,000) inclusion proofs of random leaves against the latest tree,
 *              as many against random older tree sizes, and as many consistency proofs of
 *              random (from, to) pairs, one request at a time from a client process of
 *              its own, after a full GC of the backend and a warm-up. Latency is the
 *              client's (request sent to body received), p50/p95/p99. Target p99 ≤ 5 ms.
 *              "backend handling" is the part of it the backend spends from reading the
 *              request to finishing the response (timed in its process). "floor" is the
 *              plugin's health route (one database read, no access check, no proof),
 *              interleaved with the proofs: what any request of this backend costs on
 *              this machine. "slowest 1%" says how many of the slowest proofs overlapped
 *              a garbage-collection pause of the backend or of the client (node's `gc`
 *              performance entries of each process), and how many neither (the
 *              scheduler: two cores shared by client, backend and database).
 *              Before the proofs the database is settled (see settleDatabase) and the
 *              backend runs the production root logger (see benchBackend.ts).
 *
 * Every proof is checked in the client with -common's `verifyInclusion` /
 * `verifyConsistency`, against roots the bench computed itself from the entries (the
 * latest one must also be the root of the signed checkpoint the backend serves, its
 * signature checked with the log's public key); "proof size" is the most hashes a
 * proof had, beside 2·log2(n) of its tree size (target ≤). Prints figures and asserts
 * nothing, except that a proof that does not verify ends the run non-zero.
 *
 * BENCH_TREE_SEED changes the random leaves and sizes (default 14); BENCH_DATABASES=sqlite
 * (or postgres) runs one database.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuditChainEntry,
  canonicalEntryContent,
  consistencyProofSchema,
  fromHex,
  generateNoteKey,
  GENESIS_PREV_HASH,
  hashCanonicalContent,
  inclusionProofSchema,
  noteVerifier,
  openSignedNote,
  parseCheckpoint,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { fork } from 'node:child_process';
import { Agent, get as httpGet, Server, ServerResponse } from 'node:http';
import { loadavg } from 'node:os';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { DatabaseAuditChainStore } from '../src/database/DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from '../src/database/DatabaseEvidenceStore';
import { sha256Hex } from '../src/ingest/auditChain/sha256Hex';
import {
  appendToFrontier,
  frontierRoot,
  HashedNode,
} from '../src/transparency/frontier';
import { MerkleTreeStore } from '../src/transparency/MerkleTreeStore';
import { latin1TreeHasher, treeHasher } from '../src/transparency/nodeSha256';
import { TransparencyLog } from '../src/transparency/TransparencyLog';
import { readTransparencySettings } from '../src/transparency/transparencySettings';
import {
  BENCH_ENTITY,
  BenchDatabase,
  postgresAvailable,
  startBenchBackend,
} from './benchBackend';

const ENTRIES = Number(process.env.BENCH_TREE_ENTRIES ?? 1_000_000);
const UPLOAD = Number(process.env.BENCH_TREE_UPLOAD ?? 10_000);
const PROOFS = Number(process.env.BENCH_TREE_PROOFS ?? 1000);
const SEED = Number(process.env.BENCH_TREE_SEED ?? 14);
/** Requests of each kind before the timed ones (other random leaves and sizes). */
const WARM_UP = Number(process.env.BENCH_TREE_WARM_UP ?? 300);
/** BENCH_DATABASES=sqlite (or postgres) runs one of the two. */
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const ACTIONS = ['verify', 'migrate', 'build', 'canary', 'promote'] as const;

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const perSecond = (n: number, ms: number) => count(n / (ms / 1000));
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** mulberry32: a small seeded generator, so that every run asks for the same proofs. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** An integer in [min, max]. */
  return (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));
}

type Batch = {
  /** The seq of the first entry. */
  from: number;
  entries: AuditChainEntry[];
  /** Each entry's canonical content: what the chain hashes and the tree's leaf holds. */
  canonical: string[];
};

/** The chain, UPLOAD entries at a time (the same entries on every pass). */
function* chainBatches(): Generator<Batch> {
  let prevHash = GENESIS_PREV_HASH;
  for (let from = 0; from < ENTRIES; from += UPLOAD) {
    const batch: Batch = { from, entries: [], canonical: [] };
    for (let i = from; i < Math.min(ENTRIES, from + UPLOAD); i++) {
      const content = {
        action: ACTIONS[i % ACTIONS.length],
        timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        actor: 'release-bot',
        details: { release: `r${Math.floor(i / 7)}`, step: i % 7 },
        prevHash,
      };
      const canonical = canonicalEntryContent(content);
      const hash = hashCanonicalContent(prevHash, canonical, sha256Hex);
      batch.entries.push({ ...content, hash });
      batch.canonical.push(canonical);
      prevHash = hash;
    }
    yield batch;
  }
}

/** The proofs every database is asked for. */
type ProofPlan = {
  inclusions: Array<{ seq: number; treeSize?: number }>;
  consistencies: Array<{ from: number; to: number }>;
};

function planProofs(seed: number, proofs: number): ProofPlan {
  const pick = random(seed);
  const inclusions: ProofPlan['inclusions'] = [];
  for (let i = 0; i < proofs; i++) {
    inclusions.push({ seq: pick(0, ENTRIES - 1) });
  }
  for (let i = 0; i < proofs; i++) {
    const treeSize = pick(1, ENTRIES);
    inclusions.push({ seq: pick(0, treeSize - 1), treeSize });
  }
  const consistencies: ProofPlan['consistencies'] = [];
  for (let i = 0; i < proofs; i++) {
    const a = pick(1, ENTRIES);
    const b = pick(1, ENTRIES);
    consistencies.push({ from: Math.min(a, b), to: Math.max(a, b) });
  }
  return { inclusions, consistencies };
}

/** What the client knows without asking the backend: roots and leaf hashes it computed. */
type Expected = {
  roots: Map<number, Uint8Array>;
  leafHashes: Map<number, Uint8Array>;
};

/**
 * The in-memory pass: times the floor and the tree over the same entries, and keeps the
 * roots and leaf hashes the proofs are checked against (outside the timers).
 */
function inMemory(plan: ProofPlan): Expected {
  const sizes = new Set<number>([ENTRIES]);
  const leaves = new Set<number>();
  for (const { seq, treeSize } of plan.inclusions) {
    leaves.add(seq);
    if (treeSize) sizes.add(treeSize);
  }
  for (const { from, to } of plan.consistencies) sizes.add(from).add(to);
  const sortedSizes = [...sizes].sort((a, b) => a - b);

  const roots = new Map<number, Uint8Array>();
  const leafHashes = new Map<number, Uint8Array>();
  const frontier: HashedNode<string>[] = [];
  let chainMs = 0;
  let treeMs = 0;
  let nodes = 0;
  let nextSize = 0;
  let sink = 0;
  for (const { from, entries, canonical } of chainBatches()) {
    let started = performance.now();
    for (let i = 0; i < canonical.length; i++) {
      sink += hashCanonicalContent(
        entries[i].prevHash,
        canonical[i],
        sha256Hex,
      ).length;
    }
    chainMs += performance.now() - started;

    const end = from + canonical.length;
    let at = from;
    while (at < end) {
      // Up to the next size a root is wanted at (its fold is not timed).
      while (sortedSizes[nextSize] <= at) nextSize++;
      const until = Math.min(end, sortedSizes[nextSize] ?? end);
      started = performance.now();
      const hashes: string[] = [];
      for (let i = at; i < until; i++) {
        hashes.push(latin1TreeHasher.entryLeafHash(canonical[i - from]));
      }
      nodes += appendToFrontier(latin1TreeHasher, frontier, at, hashes).length;
      treeMs += performance.now() - started;
      for (let i = at; i < until; i++) {
        if (leaves.has(i)) {
          leafHashes.set(i, Buffer.from(hashes[i - at], 'latin1'));
        }
      }
      if (sizes.has(until))
        roots.set(
          until,
          Buffer.from(frontierRoot(latin1TreeHasher, frontier), 'latin1'),
        );
      at = until;
    }
  }
  if (sink === 0) throw new Error('unreachable');
  console.log(`\nin memory, ${count(ENTRIES)} entries`);
  console.log(
    `  SHA-256 chain (floor)   ${ms(chainMs).padStart(8)}  ${perSecond(
      ENTRIES,
      chainMs,
    )} entries/s`,
  );
  console.log(
    `  Merkle append           ${ms(treeMs).padStart(8)}  ${perSecond(
      ENTRIES,
      treeMs,
    )} entries/s  (${count(nodes)} nodes: leaves and completed subtrees)`,
  );
  console.log(
    `  tree/floor              ${((100 * chainMs) / treeMs).toFixed(
      0,
    )}%  (target ≥ 50%)`,
  );
  return { roots, leafHashes };
}

/** Times `MerkleTreeStore.append` (the store's tree part) while the bench appends. */
function timeTreeAppends() {
  const append = MerkleTreeStore.prototype.append;
  const timer = { ms: 0 };
  MerkleTreeStore.prototype.append = async function timed(...args) {
    const started = performance.now();
    try {
      return await append.apply(this, args);
    } finally {
      timer.ms += performance.now() - started;
    }
  };
  return {
    timer,
    restore: () => {
      MerkleTreeStore.prototype.append = append;
    },
  };
}

/** Appends the whole chain through the store, one upload after the other. */
async function appendStored(knex: Knex, config: Config) {
  const settings = readTransparencySettings(config);
  const log = new TransparencyLog({
    db: knex,
    signer: settings.signingKey!,
    settings,
    clock: () => new Date(),
  });
  const checkpointTimer = { ms: 0 };
  const chains = new DatabaseAuditChainStore(
    knex,
    new DatabaseEvidenceStore(knex),
    {
      async signCheckpoint(trx, entityRef, size, root) {
        const started = performance.now();
        await log.signCheckpoint(trx, entityRef, size, root);
        checkpointTimer.ms += performance.now() - started;
      },
    },
  );
  const tree = timeTreeAppends();
  let totalMs = 0;
  let uploads = 0;
  try {
    for (const { from, entries } of chainBatches()) {
      const started = performance.now();
      const { created, report } = await chains.appendChain({
        entityRef: BENCH_ENTITY,
        digest: sha256Hex(`bench upload ${from}`),
        context: { tags: [] },
        receivedAt: new Date(),
        entries,
      });
      totalMs += performance.now() - started;
      uploads++;
      if (!created || report.summary.length !== from + entries.length) {
        throw new Error(`Upload of entries ${from}… was not appended`);
      }
    }
  } finally {
    tree.restore();
  }
  const [{ n: tileRows }] = await knex('audit_chain_tree_tiles')
    .where({ entity_ref: BENCH_ENTITY })
    .count({ n: '*' });
  const rest = totalMs - tree.timer.ms - checkpointTimer.ms;
  console.log(
    `  appendChain             ${ms(totalMs).padStart(8)}  ${perSecond(
      ENTRIES,
      totalMs,
    )} entries/s  (${uploads} uploads of ${count(UPLOAD)})`,
  );
  console.log(
    `    tree tiles            ${ms(tree.timer.ms).padStart(8)}  ${(
      (100 * tree.timer.ms) /
      totalMs
    ).toFixed(0)}%  (${count(Number(tileRows))} tile rows)`,
  );
  console.log(
    `    checkpoint            ${ms(checkpointTimer.ms).padStart(8)}  ${(
      (100 * checkpointTimer.ms) /
      totalMs
    ).toFixed(1)}%  (one signed per upload)`,
  );
  console.log(
    `    without them          ${ms(rest).padStart(8)}  ${perSecond(
      ENTRIES,
      rest,
    )} entries/s`,
  );
}

type Latencies = number[];

function percentiles(label: string, values: Latencies) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return `  ${label.padEnd(24)}p50 ${at(50).toFixed(2)} ms  p95 ${at(
    95,
  ).toFixed(2)} ms  p99 ${at(99).toFixed(2)} ms  max ${sorted[
    sorted.length - 1
  ].toFixed(2)} ms  (${values.length} requests)`;
}

/** 2·log2(n): the most hashes a proof in a tree of n leaves may have. */
const bound = (n: number) => 2 * Math.log2(n);

type ProofSize = { hashes: number; treeSize: number };

/** How much of the bound a proof uses. */
const share = (s: ProofSize) =>
  s.hashes === 0 ? 0 : s.hashes / bound(s.treeSize);

const largest = (sizes: ProofSize[]) =>
  sizes.reduce((a, b) => (share(b) > share(a) ? b : a));

/** The client: node:http on one kept-alive socket. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(
      url,
      { agent, headers: { authorization: 'Bearer mock-user-token' } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) resolve(text);
          else reject(new Error(`GET ${url}: ${res.statusCode} ${text}`));
        });
      },
    ).on('error', reject);
  });
}

type TimedAnswer = Span & { ms: number; body: string };

/**
 * Times, in the backend's process, each request from the HTTP server's `request` event
 * to its response's `finish`: the part of the latency spent handling it, without the
 * client, the socket and whatever delays the event loop before the request is read.
 */
function timeHandling() {
  const times: Latencies = [];
  const emit = Server.prototype.emit;
  Server.prototype.emit = function timed(
    this: Server,
    event: string | symbol,
    ...args: unknown[]
  ) {
    if (event === 'request') {
      const started = performance.now();
      (args[1] as ServerResponse).once('finish', () =>
        times.push(performance.now() - started),
      );
    }
    return emit.call(this, event, ...args);
  };
  const pauses = observeGcPauses();
  return {
    stop() {
      Server.prototype.emit = emit;
      return { times, pauses: pauses.stop() };
    },
  };
}

/** A span of wall-clock time, in ms since the epoch (comparable across processes). */
type Span = { start: number; end: number };
const epochNow = () => performance.timeOrigin + performance.now();

/** Records this process's garbage-collection pauses until stopped. */
function observeGcPauses() {
  const pauses: Span[] = [];
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      const start = performance.timeOrigin + entry.startTime;
      pauses.push({ start, end: start + entry.duration });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      observer.disconnect();
      return pauses;
    },
  };
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** How many of the slowest 1% of `answers` overlapped a GC pause of each process. */
function explainTail(
  answers: TimedAnswer[],
  backendPauses: Span[],
  clientPauses: Span[],
) {
  const slowest = [...answers]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Math.ceil(answers.length / 100));
  let backend = 0;
  let client = 0;
  for (const answer of slowest) {
    if (backendPauses.some(pause => overlaps(pause, answer))) backend++;
    else if (clientPauses.some(pause => overlaps(pause, answer))) client++;
  }
  const firstStart = Math.min(...answers.map(answer => answer.start));
  const during = (pauses: Span[]) =>
    pauses.filter(pause => pause.end > firstStart);
  const longest = (pauses: Span[]) =>
    Math.max(0, ...pauses.map(pause => pause.end - pause.start)).toFixed(1);
  const timedBackend = during(backendPauses);
  const timedClient = during(clientPauses);
  return `  slowest 1% (${
    slowest.length
  })        ${backend} during a backend GC pause, ${client} during a client GC pause, ${
    slowest.length - backend - client
  } neither; GC pauses while timing: backend ${
    timedBackend.length
  } (longest ${longest(timedBackend)} ms), client ${
    timedClient.length
  } (longest ${longest(timedClient)} ms)`;
}

/**
 * GETs `urls` one at a time from a child process (this file again, with
 * BENCH_PROOF_CLIENT set), after GETs of `warmUp`, and answers each one's latency
 * (request sent to body received) and body.
 */
function timeInClientProcess(
  urls: string[],
  warmUp: string[],
): Promise<{ answers: TimedAnswer[]; pauses: Span[] }> {
  const child = fork(__filename, [], {
    execArgv: process.execArgv,
    env: { ...process.env, BENCH_PROOF_CLIENT: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    // The module loader of the child reports on the same channel ("watch"): only the
    // answers are taken.
    child.on('message', message => {
      const { kind, answers, pauses } = message as {
        kind?: string;
        answers?: unknown;
        pauses?: unknown;
      };
      if (kind !== 'proof-answers') return;
      resolve({
        answers: answers as TimedAnswer[],
        pauses: pauses as Span[],
      });
      child.kill();
    });
    child.once('error', reject);
    child.once('exit', code => {
      if (code) reject(new Error(`the proof client exited with ${code}`));
    });
    child.send({ kind: 'proof-urls', urls, warmUp });
  });
}

/** The child of {@link timeInClientProcess}. */
function runProofClient() {
  process.on('message', async message => {
    const { kind, urls, warmUp } = message as {
      kind?: string;
      urls: string[];
      warmUp: string[];
    };
    if (kind !== 'proof-urls') return;
    for (const url of warmUp) await getText(url);
    const answers: TimedAnswer[] = [];
    const gc = observeGcPauses();
    for (const url of urls) {
      const start = epochNow();
      const body = await getText(url);
      const end = epochNow();
      answers.push({ start, end, ms: end - start, body });
    }
    const pauses = gc.stop();
    process.send!({ kind: 'proof-answers', answers, pauses }, () =>
      process.exit(0),
    );
  });
}

/** Asks for every planned proof over HTTP, verifies them, prints the figures. */
async function proveOverHttp(
  baseUrl: string,
  origin: string,
  plan: ProofPlan,
  expected: Expected,
): Promise<number> {
  /** GET of a path under the entity, its body as text (node:http, one kept-alive socket). */
  const get = (path: string) => {
    return getText(`${baseUrl}${path}`);
  };
  let failures = 0;
  const fail = (what: string) => {
    failures++;
    if (failures <= 10) console.log(`  FAILED: ${what}`);
  };

  const publicKey = (
    await getText(`${origin}/api/hardening/transparency/public-key`)
  ).trim();
  const note = await get('/audit-chain/checkpoint');
  const checkpoint = parseCheckpoint(
    openSignedNote(note, [noteVerifier(publicKey)]).text,
  );
  const latestRoot = expected.roots.get(ENTRIES)!;
  if (
    checkpoint.size !== ENTRIES ||
    toHex(checkpoint.rootHash) !== toHex(latestRoot)
  ) {
    fail(
      `the signed checkpoint (size ${checkpoint.size}) is not the tree of the ${ENTRIES} entries`,
    );
  }

  const inclusionUrl = ({ seq, treeSize }: ProofPlan['inclusions'][number]) =>
    `/audit-chain/proof/inclusion?seq=${seq}${
      treeSize ? `&treeSize=${treeSize}` : ''
    }`;
  const consistencyUrl = ({ from, to }: ProofPlan['consistencies'][number]) =>
    `/audit-chain/proof/consistency?from=${from}&to=${to}`;
  // Timed by a client process of its own, so that neither its garbage nor its event
  // loop adds to the backend's latency; the backend's heap is collected first (it is
  // not serving proofs in the middle of a million-entry import), then it serves
  // WARM_UP requests of each kind for other leaves (its code is compiled, as in a
  // backend that has been running). The three kinds are interleaved, so that whatever
  // else the machine does falls on all of them alike.
  const warmUp = planProofs(SEED + 1, WARM_UP);
  const floorUrl = `${origin}/api/hardening/health`;
  const urlsOf = (proofs: ProofPlan) => {
    const latest = proofs.inclusions.filter(p => !p.treeSize);
    const older = proofs.inclusions.filter(p => p.treeSize);
    return proofs.consistencies.flatMap((consistency, i) => [
      ...[
        inclusionUrl(latest[i]),
        inclusionUrl(older[i]),
        consistencyUrl(consistency),
      ].map(path => `${baseUrl}${path}`),
      floorUrl,
    ]);
  };
  (globalThis as { gc?: () => void }).gc?.();
  const handling = timeHandling();
  const client = await timeInClientProcess(urlsOf(plan), urlsOf(warmUp));
  const backend = handling.stop();
  const kinds = 4;
  const handled = backend.times
    .slice(kinds * WARM_UP)
    .filter((_, i) => i % kinds !== 3);
  // Back to the plan's order: latest inclusions, older ones, consistencies.
  const answers = [0, 1, 2].flatMap(kind =>
    client.answers.filter((_, i) => i % kinds === kind),
  );
  const floor = client.answers.filter((_, i) => i % kinds === 3);

  const latencies = { latest: [] as Latencies, older: [] as Latencies };
  const sizes: ProofSize[] = [];
  plan.inclusions.forEach((asked, i) => {
    const { ms: took, body } = answers[i];
    (asked.treeSize ? latencies.older : latencies.latest).push(took);
    const proof = inclusionProofSchema.parse(JSON.parse(body));
    const size = asked.treeSize ?? ENTRIES;
    const leafHash = expected.leafHashes.get(asked.seq)!;
    const ok =
      proof.treeSize === size &&
      proof.leafHash === toHex(leafHash) &&
      verifyInclusion(
        treeHasher,
        asked.seq,
        size,
        leafHash,
        proof.hashes.map(hash => fromHex(hash)!),
        expected.roots.get(size)!,
      );
    if (!ok) fail(`inclusion of seq ${asked.seq} in the tree of ${size}`);
    sizes.push({ hashes: proof.hashes.length, treeSize: size });
  });

  const consistencyLatencies: Latencies = [];
  const consistencySizes: ProofSize[] = [];
  plan.consistencies.forEach(({ from, to }, i) => {
    const { ms: took, body } = answers[plan.inclusions.length + i];
    consistencyLatencies.push(took);
    const proof = consistencyProofSchema.parse(JSON.parse(body));
    const ok = verifyConsistency(
      treeHasher,
      from,
      to,
      proof.hashes.map(hash => fromHex(hash)!),
      expected.roots.get(from)!,
      expected.roots.get(to)!,
    );
    if (!ok) fail(`consistency from ${from} to ${to}`);
    consistencySizes.push({ hashes: proof.hashes.length, treeSize: to });
  });

  console.log(percentiles('inclusion, latest tree', latencies.latest));
  console.log(percentiles('inclusion, older trees', latencies.older));
  console.log(percentiles('consistency', consistencyLatencies));
  console.log(percentiles('backend handling, all', handled));
  console.log(
    percentiles(
      'floor: health route',
      floor.map(answer => answer.ms),
    ),
  );
  console.log(explainTail(answers, backend.pauses, client.pauses));
  const describe = (what: string, all: ProofSize[]) => {
    const top = largest(all);
    const over = all.filter(s => s.hashes > bound(s.treeSize)).length;
    const most = Math.max(...all.map(s => s.hashes));
    return `  ${what.padEnd(24)}at most ${most} hashes; closest to the bound: ${
      top.hashes
    } in a tree of ${count(top.treeSize)} (2·log2(n) = ${bound(
      top.treeSize,
    ).toFixed(1)}); ${over} over it`;
  };
  console.log(describe('inclusion proof size', sizes));
  console.log(describe('consistency proof size', consistencySizes));
  console.log(
    `  verified                ${
      sizes.length + consistencySizes.length - failures
    } of ${
      sizes.length + consistencySizes.length
    } proofs and the signed checkpoint (size ${count(
      checkpoint.size,
    )}); ${failures} failed`,
  );
  return failures;
}

/**
 * What a database does after a bulk import before it serves steadily: on PostgreSQL the
 * autovacuum and statistics of the million new rows and the flush of their pages, done
 * now (VACUUM (ANALYZE), CHECKPOINT) instead of in the middle of the timed proofs.
 */
async function settleDatabase(database: BenchDatabase, knex: Knex) {
  const started = performance.now();
  if (database === 'postgres') {
    await knex.raw('VACUUM (ANALYZE)');
    await knex.raw('CHECKPOINT');
  } else {
    await knex.raw('ANALYZE');
  }
  console.log(
    `  settle (${
      database === 'postgres' ? 'VACUUM (ANALYZE), CHECKPOINT' : 'ANALYZE'
    })${ms(performance.now() - started).padStart(8)}`,
  );
}

async function run(
  database: BenchDatabase,
  port: number,
  plan: ProofPlan,
  expected: Expected,
): Promise<number> {
  let handOver: (db: { knex: Knex; config: Config }) => void = () => {};
  const pluginDatabase = new Promise<{ knex: Knex; config: Config }>(
    resolve => {
      handOver = resolve;
    },
  );
  // A module of the plugin: its database service is the plugin's database.
  const probe = createBackendModule({
    pluginId: 'hardening',
    moduleId: 'transparency-bench',
    register(env) {
      env.registerInit({
        deps: {
          database: coreServices.database,
          config: coreServices.rootConfig,
        },
        async init({ database: service, config }) {
          handOver({ knex: await service.getClient(), config });
        },
      });
    },
  });
  const backend = await startBenchBackend({
    database,
    port,
    features: [probe],
    logger: 'production',
    extraConfig: {
      hardening: {
        transparency: {
          signingKey: generateNoteKey(`localhost:${port}/hardening`).signerKey,
        },
      },
    },
  });
  try {
    const { knex, config } = await pluginDatabase;
    console.log(`\n${database}, ${count(ENTRIES)} entries`);
    await appendStored(knex, config);
    await settleDatabase(database, knex);
    return await proveOverHttp(backend.baseUrl, backend.origin, plan, expected);
  } finally {
    await backend.stop();
  }
}

async function main() {
  console.log(
    `transparencyLog bench: node ${process.version}, ${count(
      ENTRIES,
    )} entries, uploads of ${count(UPLOAD)}, ${count(
      PROOFS,
    )} proofs of each kind, seed ${SEED}, load average ${loadavg()
      .map(n => n.toFixed(1))
      .join(' ')}`,
  );
  const plan = planProofs(SEED, PROOFS);
  const expected = inMemory(plan);
  let failures = 0;
  if (DATABASES.includes('sqlite')) {
    failures += await run('sqlite', 7440, plan, expected);
  }
  if (DATABASES.includes('postgres')) {
    if (await postgresAvailable()) {
      failures += await run('postgres', 7441, plan, expected);
    } else {
      console.log('\nPostgreSQL not reachable: skipping its run');
    }
  }
  // A stopped backend keeps its plugins' knex pools (their reaping timers keep the process
  // alive); the figures are printed, so end here.
  process.exit(failures === 0 ? 0 : 1);
}

if (process.env.BENCH_PROOF_CLIENT) {
  runProofClient();
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
