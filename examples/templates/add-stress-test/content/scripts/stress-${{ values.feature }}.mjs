#!/usr/bin/env node
// Stress test of "${{ values.feature }}" (${{ values.entityRef }}), written by the Hardening
// template "Add a stress test". Three phases:
//   1. happy    - create resources with a valid token: no request may fail
//   2. read     - read them back: error rate below the limit
//   3. negative - forged, missing and cross-tenant tokens: every request must be denied
// Usage: node scripts/stress-${{ values.feature }}.mjs <baseUrl> <token> [otherTenantToken]
// It writes a Hardening stress-run document (upload it with `hardening upload stress-run`)
// and exits 1 when a threshold is missed. Node.js 18 or later, no dependencies.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const CONFIG = {
  scenario: '${{ values.feature }}',
  path: '${{ values.path }}',
  happyRequests: ${{ values.happyRequests }},
  readRequests: ${{ values.readRequests }},
  negativeRequests: ${{ values.negativeRequests }},
  concurrency: ${{ values.concurrency }},
  thresholds: {
    maxErrorRate: ${{ values.maxErrorRate }},
    p95Ms: ${{ values.p95Ms }},
    happyPathZeroErrors: true,
    negativePassRate: 1,
  },
  output: process.env.STRESS_OUTPUT ?? 'stress-results/${{ values.feature }}.json',
};

// ---- What each phase sends: adapt these to the feature. ----

/** Phase 1: the request that creates resource number `i`. */
function createRequest(i) {
  return { method: 'POST', path: CONFIG.path, body: { name: `stress-${i}` } };
}

/** The id of a created resource, from the answer to `createRequest`. */
function createdId(answer) {
  return answer?.id;
}

/** Phase 2: the request that reads resource `id`. */
function readRequest(id) {
  return { method: 'GET', path: id ? `${CONFIG.path}/${encodeURIComponent(id)}` : CONFIG.path };
}

/** Phase 3: requests that must be refused. `token` is null to send none. */
function negativeCases(otherTenantToken) {
  const cases = [
    { name: 'negative: no token', token: null, expected: [401] },
    { name: 'negative: forged token', token: 'forged.eyJzdWIiOiJhdHRhY2tlciJ9.invalid', expected: [401, 403] },
  ];
  if (otherTenantToken) {
    cases.push({ name: 'negative: cross-tenant read', token: otherTenantToken, expected: [403, 404] });
  }
  return cases;
}

// ---- The run. ----

async function send(baseUrl, request, token) {
  const started = performance.now();
  try {
    const res = await fetch(new URL(request.path, baseUrl), {
      method: request.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(request.body ? { 'content-type': 'application/json' } : {}),
      },
      body: request.body ? JSON.stringify(request.body) : undefined,
    });
    const text = await res.text();
    let answer;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    return { status: res.status, ms: performance.now() - started, answer };
  } catch {
    // No answer at all counts as status 0.
    return { status: 0, ms: performance.now() - started };
  }
}

/** Runs `count` requests, `CONFIG.concurrency` at a time. */
async function runPool(count, job) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await job(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONFIG.concurrency, count) }, worker));
  return results;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function phase(name, kind, results, isFailure, expected) {
  const statusCounts = {};
  for (const r of results) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
  const sorted = results.map(r => Math.round(r.ms * 10) / 10).sort((a, b) => a - b);
  return {
    name,
    kind,
    requests: results.length,
    failures: results.filter(isFailure).length,
    ...(kind === 'negative'
      ? { expectedStatuses: expected }
      : {
          latencyMs: {
            p50: percentile(sorted, 50),
            p90: percentile(sorted, 90),
            p95: percentile(sorted, 95),
            p99: percentile(sorted, 99),
            max: sorted[sorted.length - 1] ?? 0,
          },
        }),
    statusCounts,
  };
}

function verdicts(run) {
  const problems = [];
  for (const p of run.phases) {
    const rate = p.requests === 0 ? 0 : p.failures / p.requests;
    if (p.kind === 'happy' && p.failures > 0) problems.push(`${p.name}: ${p.failures} failed request(s), none allowed`);
    if (p.kind === 'read' && rate >= run.thresholds.maxErrorRate) problems.push(`${p.name}: error rate ${rate} not below ${run.thresholds.maxErrorRate}`);
    if (p.kind !== 'negative' && p.latencyMs.p95 >= run.thresholds.p95Ms) problems.push(`${p.name}: p95 ${p.latencyMs.p95} ms not below ${run.thresholds.p95Ms} ms`);
    if (p.kind === 'negative' && p.failures > 0) problems.push(`${p.name}: ${p.failures} request(s) were not denied`);
  }
  return problems;
}

async function main() {
  const [baseUrl, token, otherTenantToken] = process.argv.slice(2);
  if (!baseUrl || !token) {
    console.error('usage: node scripts/stress-${{ values.feature }}.mjs <baseUrl> <token> [otherTenantToken]');
    process.exit(2);
  }
  const startedAt = new Date().toISOString();
  const failed = r => r.status === 0 || r.status >= 400;

  const created = await runPool(CONFIG.happyRequests, i => send(baseUrl, createRequest(i), token));
  const ids = created.map(r => createdId(r.answer)).filter(id => id !== undefined);
  const read = await runPool(CONFIG.readRequests, i =>
    send(baseUrl, readRequest(ids.length ? ids[i % ids.length] : undefined), token),
  );
  const phases = [
    phase('happy: create', 'happy', created, failed),
    phase('read: fetch created', 'read', read, failed),
  ];
  for (const negative of negativeCases(otherTenantToken)) {
    const results = await runPool(CONFIG.negativeRequests, i =>
      send(baseUrl, readRequest(ids.length ? ids[i % ids.length] : undefined), negative.token),
    );
    phases.push(phase(negative.name, 'negative', results, r => !negative.expected.includes(r.status), negative.expected));
  }

  const run = {
    scenario: CONFIG.scenario,
    target: baseUrl,
    startedAt,
    finishedAt: new Date().toISOString(),
    phases,
    thresholds: CONFIG.thresholds,
  };
  await mkdir(dirname(CONFIG.output), { recursive: true });
  await writeFile(CONFIG.output, `${JSON.stringify(run, null, 2)}\n`);

  for (const p of phases) {
    const latency = p.latencyMs ? `, p95 ${p.latencyMs.p95} ms` : '';
    console.log(`${p.name}: ${p.requests} requests, ${p.failures} failed${latency}`);
  }
  const problems = verdicts(run);
  console.log(problems.length ? `FAILED:\n  ${problems.join('\n  ')}` : 'all thresholds met');
  console.log(`results: ${CONFIG.output}`);
  process.exitCode = problems.length ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exit(2);
});
