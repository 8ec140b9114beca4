import { REQUIRED_VALIDATION_METRICS } from '@hardening/backstage-plugin-hardening-common';

/**
 * Every evidence kind a CI token allowed `hardening.evidence.create` can upload (the
 * OpenAPI spec's upload routes, formats as the `hardening` CLI sends them), with a small
 * valid body for the n-th upload. Audit chains are driven by their own check.
 */
export type EvidenceKind = {
  name: string;
  /** The upload route under the entity, which also lists the uploaded reports. */
  route: string;
  contentType: string;
  body(n: number): string;
};

const json = (value: unknown) => JSON.stringify(value);

export const EVIDENCE_KINDS: readonly EvidenceKind[] = [
  {
    name: 'test-report (JUnit XML)',
    route: 'test-reports',
    contentType: 'application/xml',
    body: n => junitReport(n, 3),
  },
  {
    name: 'test-report (CTRF)',
    route: 'test-reports',
    contentType: 'application/json',
    body: n =>
      json({
        results: {
          tool: { name: 'playwright' },
          summary: { tests: 2, passed: 2 },
          tests: [
            { name: `opens the ledger ${n}`, status: 'passed', duration: 900 },
            { name: `closes the ledger ${n}`, status: 'passed', duration: 700 },
          ],
        },
      }),
  },
  {
    name: 'ci-gates',
    route: 'ci-gates',
    contentType: 'application/json',
    body: n =>
      json({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: n % 3 === 0 ? 'failed' : 'passed' },
        ],
      }),
  },
  {
    name: 'contract-results',
    route: 'contract-results',
    contentType: 'application/json',
    body: n =>
      json({
        results: [
          {
            gateId: 'security.auth-before-data',
            status: 'pass',
            matchedFiles: 2 + n,
            violations: [],
          },
        ],
      }),
  },
  {
    name: 'stress-run',
    route: 'stress-runs',
    contentType: 'application/json',
    body: n => stressRunBody({ happyRequests: 200 + n }),
  },
  {
    name: 'validation',
    route: 'validation-reports',
    contentType: 'application/json',
    body: n =>
      json({
        environment: 'production',
        release: `1.4.${n}`,
        checkedAt: '2026-11-20T11:00:00Z',
        metrics: REQUIRED_VALIDATION_METRICS.map(id => ({
          id,
          status: 'pass',
        })),
      }),
  },
  {
    name: 'triage',
    route: 'triage-reports',
    contentType: 'application/json',
    body: n =>
      json({
        failures: [
          {
            scenarioId: 'BID-001',
            invariantId: 'TENANT-001',
            title: `cross-tenant read ${n}`,
          },
        ],
      }),
  },
  {
    name: 'git-tags',
    route: 'git-tags',
    contentType: 'application/json',
    body: n =>
      json({
        tags: [{ name: `milestone/m${n}-hardened`, commit: commitOf(n) }],
      }),
  },
];

/**
 * A stress run of one happy phase without failures and one negative phase of 100 forged
 * tokens, `leaks` of them answered 200 (the rest 401).
 */
export function stressRunBody(options: {
  happyRequests?: number;
  leaks?: number;
}): string {
  const { happyRequests = 200, leaks = 0 } = options;
  return json({
    scenario: 'replicas',
    startedAt: '2026-11-21T10:00:00Z',
    finishedAt: '2026-11-21T10:04:00Z',
    phases: [
      {
        name: 'post ledger entries',
        kind: 'happy',
        requests: happyRequests,
        failures: 0,
        latencyMs: { p50: 40, p95: 120, max: 240 },
      },
      {
        name: 'forged tokens',
        kind: 'negative',
        requests: 100,
        failures: leaks,
        statusCounts: leaks
          ? { '401': 100 - leaks, '200': leaks }
          : { '401': 100 },
      },
    ],
    thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
  });
}

/** A JUnit report of `cases` passing tests whose names carry `n`. */
export function junitReport(n: number, cases: number): string {
  const testcases = Array.from(
    { length: cases },
    (_, i) =>
      `    <testcase classname="replicas" name="case ${i} of run ${n}" time="0.01"/>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="replicas" tests="${cases}">
${testcases}
  </testsuite>
</testsuites>
`;
}

/** A 40-hex commit made from `n`. */
export function commitOf(n: number): string {
  return n.toString(16).padStart(40, 'a');
}

/** The CI context of the n-th run: its own run id, so equal bytes are a new report. */
export function ciQuery(runTag: string, n: number): string {
  return `?commit=${commitOf(n)}&branch=main&runId=${encodeURIComponent(
    `${runTag}-${n}`,
  )}&runAttempt=1`;
}
