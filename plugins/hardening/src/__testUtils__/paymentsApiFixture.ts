import {
  CiGatesSummary,
  ContractDocument,
  currentMilestoneOf,
  describeMilestoneStressVerdict,
  evaluateFreezeChecklist,
  evaluateLevel,
  evaluateRequiredGates,
  evaluateStressRun,
  FlakyTestList,
  FreezeEvidence,
  judgeStressRunAgainstLimits,
  Milestone,
  milestoneSchema,
  MilestoneStatus,
  requiredGatesOf,
  ScorecardMetrics,
  StoredContract,
  StressRun,
  StressRunSummary,
  summarizeContractResults,
} from '@hardening/backstage-plugin-hardening-common';
import { http, HttpResponse } from 'msw';
import { HASH_A, HASH_B, storedReport, T0, T1, testReport } from './fixtures';
import { emptyEvidenceHandlers } from './handlers';
import { baseUrl, entityUrl } from './renderWithEntity';
import {
  entityScorecard,
  groupResponse,
  groupSummary,
  LEVELS,
  orgResponse,
  scorecardAverages,
  scorecardMetrics,
} from './scorecardFixtures';

/**
 * ONE entity, payments-api, as every route that shows it would answer, built the way the
 * backend builds its answers (the -common rules on the same evidence): its milestones'
 * checklists, its scorecard, its group's and the organisation's roll-ups. Tests render
 * every view from these answers and check that they say the same thing.
 *
 * The evidence is the golden demo's, with the contradictions of issue 13 in it: M3.4's
 * p95 limit of 100 ms under a run within its own 300 ms, a contract file naming M1, the
 * entity's four required gates against a gates report with lint and build only, 5 flaky
 * tests in the window and 1 test passing on a rerun in the latest report.
 */
const ENTITY = 'component:default/payments-api';
const ACTIVE_GATES = [
  'security.auth-before-db',
  'security.input-validation',
  'security.no-hardcoded-secrets',
  'tenant.where-tenant-id',
  'audit.critical-actions',
];

/** The entity's required-gates list (`GET …/required-gates`). */
export const ENTITY_GATES = ['build', 'lint', 'tests', 'typecheck'];

const contract: ContractDocument = {
  version: 1,
  milestone: 'M1',
  gates: [
    ...ACTIVE_GATES.map(id => ({
      id,
      description: `${id} holds`,
      type: 'file_content' as const,
      targets: ['src/**/*.ts'],
      must_match: ['ok'],
      status: 'active' as const,
    })),
    {
      id: 'ops.incident-runbook',
      description: 'an incident runbook',
      type: 'file_exists',
      targets: ['docs/runbooks/payments-api.md'],
      status: 'planned',
      milestone: 'M2',
    },
  ],
};

const storedContract: StoredContract = {
  id: 'contract-1',
  entityRef: ENTITY,
  digest: HASH_B,
  gateCount: contract.gates.length,
  uploadedAt: T0,
  uploadedBy: 'hardening-seed',
  contract,
};

const contractResults = storedReport(
  'contract-results',
  summarizeContractResults(
    'native',
    {
      results: contract.gates.map(g => ({
        gateId: g.id,
        status: 'pass' as const,
        matchedFiles: 4,
        violations: [],
      })),
    },
    { digest: HASH_B, contract },
  ),
);

const run: StressRun = {
  scenario: 'share-pack',
  startedAt: T1,
  phases: [
    {
      name: 'write',
      kind: 'happy',
      requests: 2000,
      failures: 0,
      latencyMs: { p95: 236 },
    },
    {
      name: 'read',
      kind: 'read',
      requests: 4000,
      failures: 1,
      latencyMs: { p95: 256 },
    },
    { name: 'forged tokens', kind: 'negative', requests: 120, failures: 0 },
  ],
  thresholds: {
    maxErrorRate: 0.01,
    p95Ms: 300,
    happyPathZeroErrors: true,
    negativePassRate: 1,
  },
};

const stressReport = storedReport<StressRunSummary>('stress-run', {
  format: 'native',
  run,
  evaluation: evaluateStressRun(run),
});

const gatesReport = storedReport<CiGatesSummary>('ci-gates', {
  gates: [
    { name: 'lint', status: 'passed' },
    { name: 'build', status: 'failed' },
  ],
});

const latestTests = testReport(
  { tests: 48, passed: 48, failed: 0, flaky: 1 },
  {
    context: {
      commit: 'abcdef1234567890',
      tags: ['e2e:happy', 'e2e:security'],
    },
  },
);

const evidence: FreezeEvidence = {
  contract: storedContract,
  contractResults,
  stressRun: stressReport,
  gates: gatesReport,
  requiredGates: ENTITY_GATES,
  taggedTestReports: { 'e2e:happy': latestTests, 'e2e:security': latestTests },
  gitTags: ['m3.2', 'm3.3.1'].map(id => ({
    name: `milestone/${id}-hardened`,
    commit: 'abcdef1234567890',
    reportId: 'tags-1',
    digest: HASH_A,
    receivedAt: T1,
  })),
};

function milestone(id: string, p95LimitMs: number, createdAt: string) {
  const parsed: Milestone = milestoneSchema.parse({
    id,
    title: `Milestone ${id}`,
    stage: 'hardening-slice',
    thresholds: {
      p95LimitMs,
      errorRateLimit: 0.001,
      contractGateIds: ACTIVE_GATES,
    },
  });
  return { ...parsed, createdAt };
}

const frozenAt = '2026-11-20T06:30:00.000Z';

/** `GET …/milestones`: each checklist computed by `evaluateFreezeChecklist`. */
export const MILESTONES: MilestoneStatus[] = [
  { ...milestone('M3.2', 400, '2026-10-20T06:00:00.000Z'), frozen: true },
  { ...milestone('M3.3.1', 300, '2026-10-20T06:01:00.000Z'), frozen: false },
  { ...milestone('M3.4', 100, '2026-10-20T06:02:00.000Z'), frozen: false },
].map(({ frozen, createdAt, ...m }) => {
  const stored = {
    ...m,
    entityRef: ENTITY,
    createdAt,
    updatedAt: createdAt,
    updatedBy: 'user:default/hardening-seed',
    freeze: frozen
      ? {
          milestoneId: m.id,
          tag: `milestone/${m.id.toLowerCase()}-hardened`,
          frozenAt,
          frozenBy: 'user:default/hardening-seed',
          evidence: [],
          chainEntryHash: HASH_B,
        }
      : null,
    regression: null,
  };
  return {
    milestone: stored,
    checklist: evaluateFreezeChecklist(stored, evidence, new Date(T1)),
  };
});

/** `GET …/tests/flaky?limit=20`: 5 flaky tests in the window, 2 of them listed. */
export const FLAKY: FlakyTestList = {
  items: ['settles a payout', 'retries a refund'].map((name, i) => ({
    testId: `payments::${name}`,
    name,
    runs: 14,
    failures: 3 - i,
    flakyRuns: 3 - i,
    flakeRate: (3 - i) / 14,
    lastFlakyAt: T1,
    rerunPasses: 2 - i,
    sameCommitFlips: 1,
    recent: ['failed', 'passed'],
    lastSeen: T1,
    lastStatus: 'passed' as const,
  })),
  total: 5,
  since: '2026-11-08T00:00:00.000Z',
  windowDays: 14,
};

/** The scorecard metrics the backend computes from the same evidence. */
function metrics(): ScorecardMetrics {
  const current = currentMilestoneOf(MILESTONES, s => s.milestone)!;
  const { milestone: m, checklist } = current;
  const required = requiredGatesOf(ENTITY_GATES, {
    id: m.id,
    requiredGates: m.thresholds.requiredGates,
  });
  const gates = evaluateRequiredGates(
    required.gates,
    gatesReport.summary.gates,
  );
  const limits = m.thresholds;
  return scorecardMetrics({
    milestoneId: m.id,
    freezeState: checklist.state,
    frozen: false,
    failingChecklistItems: checklist.items
      .filter(i => !i.passed)
      .map(i => i.id),
    daysSinceFreeze: null,
    requiredGates: required,
    requiredGatesGreen: gates.passing,
    failingRequiredGates: gates.gates.filter(g => !g.passing).map(g => g.name),
    stressP95Ms: 256,
    stressErrorRate: 1 / 6000,
    stressP95LimitMs: limits.p95LimitMs,
    stressErrorRateLimit: limits.errorRateLimit,
    stressWithinThresholds: judgeStressRunAgainstLimits(run, limits).passing,
    stressVerdict: describeMilestoneStressVerdict(m.id, run, limits),
    flakyTests: FLAKY.total,
  });
}

const scorecard = (() => {
  const m = metrics();
  return {
    ...entityScorecard('payments-api', 'none', {
      owner: 'group:default/team-payments',
    }),
    metrics: m,
    ...evaluateLevel(m, LEVELS),
  };
})();

/** Means over payments-api alone: its group and the organisation hold only it. */
const averages = scorecardAverages({
  rank: scorecard.rank,
  contractGatePassRate: scorecard.metrics.contractGatePassRate,
  frozenShare: 0,
  requiredGatesGreenShare: 0,
  stressWithinThresholdsShare: 0,
  releaseChainVerifiedShare: 1,
  openTriageFailures: 0,
  flakyTests: scorecard.metrics.flakyTests,
});

const team = groupSummary('team-payments', {
  title: 'Payments',
  entities: 1,
  directEntities: 1,
  levels: { none: 1 },
  averages,
});

/** msw handlers answering every route of every view of payments-api from this fixture. */
export function paymentsApiHandlers() {
  const url = entityUrl('payments-api');
  const items = (list: unknown[]) => () => HttpResponse.json({ items: list });
  return [
    http.get(`${url}/milestones`, items(MILESTONES)),
    http.get(`${url}/test-reports`, items([latestTests])),
    http.get(`${url}/test-reports/:id/cases`, items([])),
    http.get(`${url}/tests/flaky`, () => HttpResponse.json(FLAKY)),
    http.get(`${url}/ci-gates`, items([gatesReport])),
    http.get(`${url}/required-gates`, () =>
      HttpResponse.json({
        required: ENTITY_GATES,
        latestReportId: gatesReport.id,
        ...evaluateRequiredGates(ENTITY_GATES, gatesReport.summary.gates),
      }),
    ),
    http.get(`${url}/contract`, () => HttpResponse.json(storedContract)),
    http.get(`${url}/contract-results`, items([contractResults])),
    http.get(`${url}/contract-results/:id/violations`, items([])),
    http.get(`${url}/stress-runs`, items([stressReport])),
    http.get(`${baseUrl}/health`, () =>
      HttpResponse.json({ status: 'ok', schemaVersion: '20261207030000' }),
    ),
    http.get(
      `${baseUrl}/scorecards/entities/component/default/payments-api`,
      () => HttpResponse.json({ scorecard, levels: LEVELS, computedAt: T1 }),
    ),
    http.get(`${baseUrl}/scorecards/groups/default/team-payments`, () =>
      HttpResponse.json(groupResponse({ group: team, entities: [scorecard] })),
    ),
    http.get(`${baseUrl}/scorecards/org`, () =>
      HttpResponse.json(
        orgResponse({
          overall: {
            entities: 1,
            directEntities: 1,
            levels: { none: 1 },
            averages,
          },
          teams: [{ ...team, position: 1 }],
          entities: { items: [scorecard], totalCount: 1, offset: 0, limit: 25 },
        }),
      ),
    ),
    // The kinds of evidence none of the contradictions is about.
    ...emptyEvidenceHandlers('payments-api'),
  ];
}
