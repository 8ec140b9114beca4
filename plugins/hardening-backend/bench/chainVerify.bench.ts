/*
 * Verification speed and memory of release audit chains. Generates a chain of
 * BENCH_ENTRIES (default 1,000,000) entries, one batch at a time, and verifies it with
 * the ChainVerifier the backend uses (streaming, constant memory), two ways:
 *
 *   entries  JSONL lines parsed and pushed as objects (canonical JSON computed per
 *            entry): what an upload goes through;
 *   stored   canonical content and hash columns pushed as stored: what
 *            GET …/audit-chain/verify does with the database rows.
 *
 * Each is run on the intact chain and on one edited 1000 entries before its end, after
 * a pass of the generator alone (its garbage is what makes V8 grow the heap, so the
 * verify passes' RSS growth shows what verification adds). Prints figures; asserts
 * nothing. Target: ≤ 3 s per 1,000,000 entries, flat memory.
 *
 *   node --expose-gc --require @backstage/cli-node/config/nodeTransform.cjs \
 *     plugins/hardening-backend/bench/chainVerify.bench.ts
 *
 * "verify" times only the verifier; "parse" is JSON.parse of the lines. Generating
 * the chain is not timed. "heap retained" is measured after a full GC while the
 * verifier is still alive: what it keeps. BENCH_ENTRIES and BENCH_BATCH change the size
 * of the chain and of the batches (default 1000).
 */
import { performance } from 'node:perf_hooks';
import {
  AuditChainEntry,
  canonicalEntryContent,
  ChainVerifier,
  GENESIS_PREV_HASH,
  hashCanonicalContent,
} from '@hardening/backstage-plugin-hardening-common';
import { sha256Hex } from '../src/ingest/auditChain/sha256Hex';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const ACTIONS = ['verify', 'migrate', 'build', 'canary', 'promote'] as const;

type StoredRow = { prevHash: string; hash: string; payload: string };
type Batch = { lines: string[]; rows: StoredRow[] };

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const count = (n: number) => n.toLocaleString('en-US');

function collectGarbage() {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The chain, BATCH entries at a time, as JSONL lines and as stored rows. */
function* chainBatches(tamperAt?: number): Generator<Batch> {
  let prevHash = GENESIS_PREV_HASH;
  for (let from = 0; from < ENTRIES; from += BATCH) {
    const batch: Batch = { lines: [], rows: [] };
    for (let i = from; i < Math.min(ENTRIES, from + BATCH); i++) {
      const content = {
        action: ACTIONS[i % ACTIONS.length],
        timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        actor: 'release-bot',
        details: { release: `r${Math.floor(i / 7)}`, step: i % 7 },
        prevHash,
      };
      const canonical = canonicalEntryContent(content);
      const hash = hashCanonicalContent(prevHash, canonical, sha256Hex);
      const kept = i === tamperAt ? { ...content, actor: 'mallory' } : content;
      batch.lines.push(JSON.stringify({ ...kept, hash }));
      batch.rows.push({
        prevHash,
        hash,
        payload: kept === content ? canonical : canonicalEntryContent(kept),
      });
      prevHash = hash;
    }
    yield batch;
  }
}

function run(mode: 'entries' | 'stored', tamperAt?: number) {
  collectGarbage();
  const before = process.memoryUsage();
  let rssPeak = before.rss;
  let parseMs = 0;
  let verifyMs = 0;
  let pushed = 0;
  const verifier = new ChainVerifier(sha256Hex);

  for (const { lines, rows } of chainBatches(tamperAt)) {
    if (mode === 'entries') {
      let started = performance.now();
      const entries = lines.map(line => JSON.parse(line) as AuditChainEntry);
      parseMs += performance.now() - started;
      started = performance.now();
      for (const entry of entries) {
        verifier.push(entry);
        pushed++;
        if (verifier.done) break;
      }
      verifyMs += performance.now() - started;
    } else {
      const started = performance.now();
      for (const row of rows) {
        verifier.pushCanonical(row, row.payload);
        pushed++;
        if (verifier.done) break;
      }
      verifyMs += performance.now() - started;
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    if (verifier.done) break;
  }
  collectGarbage();
  // Measured while the verifier is still alive: what it keeps.
  const retained = process.memoryUsage().heapUsed - before.heapUsed;
  const result = verifier.finish();

  const label = `${mode}, ${tamperAt === undefined ? 'intact' : 'edited'}`;
  console.log(`\n${label}`);
  console.log(`  entries pushed   ${count(pushed)}`);
  console.log(
    `  verify           ${verifyMs.toFixed(0)} ms  (${count(
      Math.round(pushed / (verifyMs / 1000)),
    )} entries/s)`,
  );
  if (mode === 'entries') {
    console.log(`  parse + verify   ${(parseMs + verifyMs).toFixed(0)} ms`);
  }
  console.log(
    `  memory           heap retained ${mib(retained)}; RSS ${mib(
      before.rss,
    )} before, peak ${mib(rssPeak)} (growth ${mib(rssPeak - before.rss)})`,
  );
  console.log(
    `  result           ${
      result.ok
        ? `ok, length ${count(result.length)}, head seq ${result.head?.seq}`
        : `broken at index ${result.index} (seq ${result.seq}): ${result.reason}`
    }`,
  );
}

console.log(
  `chainVerify bench: node ${process.version}, ${count(
    ENTRIES,
  )} entries, batches of ${count(BATCH)}${
    (globalThis as { gc?: unknown }).gc
      ? ''
      : ' (run with --expose-gc for memory figures)'
  }`,
);
/** The generator alone, first: V8 grows its heap for the generator's garbage here. */
function generateOnly() {
  collectGarbage();
  const before = process.memoryUsage().rss;
  let peak = before;
  const started = performance.now();
  for (const _batch of chainBatches()) {
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  console.log(`\ngenerate only (baseline, not verified)`);
  console.log(
    `  time             ${(performance.now() - started).toFixed(0)} ms`,
  );
  console.log(
    `  memory           RSS ${mib(before)} before, peak ${mib(
      peak,
    )} (growth ${mib(peak - before)})`,
  );
}

generateOnly();
for (const mode of ['entries', 'stored'] as const) {
  run(mode);
  run(mode, ENTRIES - 1000);
}
