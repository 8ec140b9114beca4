import {
  ChecklistItem,
  FlakyTestList,
  FREEZE_CHECKLIST_ITEMS,
  FreezeState,
  MilestoneStatus,
  StoredReport,
  StressRunSummary,
  TestReportSummary,
} from '@hardening/backstage-plugin-hardening-common';

/** Fixed times so that every rendered date is the same on every machine. */
export const T0 = '2026-11-20T10:00:00.000Z';
export const T1 = '2026-11-21T10:00:00.000Z';

/** `GET …/tests/flaky` of an entity without flaky tests, in the window at T1. */
export const NO_FLAKY_TESTS: FlakyTestList = {
  items: [],
  total: 0,
  since: '2026-11-08T00:00:00.000Z',
  windowDays: 14,
};

export const HASH_A = 'a'.repeat(64);
export const HASH_B = 'b'.repeat(64);

let nextId = 0;
function uuid(): string {
  nextId += 1;
  return `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`;
}

export function storedReport<T extends object>(
  kind: StoredReport['kind'],
  summary: T,
  overrides: Partial<StoredReport<T>> = {},
): StoredReport<T> {
  return {
    id: uuid(),
    entityRef: 'component:default/payments-api',
    kind,
    digest: HASH_A,
    receivedAt: T1,
    context: { commit: 'abcdef1234567890', branch: 'main', tags: [] },
    summary,
    ...overrides,
  };
}

export function testReport(
  totals: Partial<TestReportSummary['totals']> = {},
  overrides: Partial<StoredReport<TestReportSummary>> = {},
) {
  return storedReport<TestReportSummary>(
    'test-report',
    {
      format: 'junit',
      tool: 'jest',
      totals: {
        tests: 10,
        passed: 9,
        failed: 1,
        errors: 0,
        skipped: 0,
        flaky: 0,
        durationMs: 1200,
        ...totals,
      },
    },
    overrides,
  );
}

export function stressRun(
  p95: number,
  failures: number,
  overrides: Partial<StoredReport<StressRunSummary>> = {},
) {
  return storedReport<StressRunSummary>(
    'stress-run',
    {
      format: 'native',
      run: {
        scenario: 'share-pack',
        startedAt: overrides.receivedAt ?? T1,
        phases: [
          {
            name: 'write',
            kind: 'happy',
            requests: 1000,
            failures,
            latencyMs: { p95 },
          },
          {
            name: 'forged tokens',
            kind: 'negative',
            requests: 100,
            failures: 0,
          },
        ],
        thresholds: {
          maxErrorRate: 0.01,
          p95Ms: 500,
          happyPathZeroErrors: true,
          negativePassRate: 1,
        },
      },
      evaluation: {
        passing: failures === 0 && p95 < 500,
        verdicts:
          failures === 0
            ? []
            : [
                {
                  id: 'happy-path-zero-errors',
                  phase: 'write',
                  passing: false,
                  actual: failures,
                  limit: 0,
                  message: `phase "write" had ${failures} failed requests`,
                },
              ],
      },
    },
    overrides,
  );
}

/** The five checklist items, all passing except those named in `failing`. */
export function checklistItems(
  failing: Partial<Record<ChecklistItem['id'], string>> = {},
): ChecklistItem[] {
  return FREEZE_CHECKLIST_ITEMS.map(({ id, label }) => ({
    id,
    label,
    passed: failing[id] === undefined,
    reason: failing[id] ?? `${label}: ok`,
    evidence:
      id === 'stress'
        ? [
            {
              kind: 'stress-run' as const,
              reportId: '11111111-2222-4333-8444-555555555555',
              digest: HASH_A,
              receivedAt: T0,
            },
          ]
        : [],
  }));
}

export function milestoneStatus(
  id: string,
  state: FreezeState,
  options: {
    failing?: Partial<Record<ChecklistItem['id'], string>>;
    createdAt?: string;
  } = {},
): MilestoneStatus {
  const frozen = state === 'frozen' || state === 'regressed';
  const failing =
    options.failing ??
    (state === 'blocked' || state === 'regressed'
      ? { stress: 'p95 of phase "write" is 640 ms, above the limit of 500 ms' }
      : {});
  return {
    milestone: {
      id,
      title: `Milestone ${id}`,
      stage: 'hardening-slice',
      thresholds: {
        p95LimitMs: 500,
        errorRateLimit: 0,
        requiredGates: ['lint', 'build'],
        e2eTags: ['e2e:happy', 'e2e:security'],
      },
      tagPattern: 'milestone/{id}-hardened',
      entityRef: 'component:default/payments-api',
      createdAt: options.createdAt ?? T0,
      updatedAt: T0,
      updatedBy: 'user:default/guest',
      freeze: frozen
        ? {
            milestoneId: id,
            tag: `milestone/${id.toLowerCase()}-hardened`,
            frozenAt: T0,
            frozenBy: 'user:default/guest',
            evidence: [],
            chainEntryHash: HASH_B,
          }
        : null,
      regression:
        state === 'regressed'
          ? {
              regressedAt: T1,
              failingItems: [
                {
                  id: 'stress',
                  label: 'Stress run within thresholds',
                  reason: 'p95 above the limit',
                },
              ],
            }
          : null,
    },
    checklist: {
      milestoneId: id,
      state,
      evaluatedAt: T1,
      items: checklistItems(failing),
      requiredGates: {
        milestoneId: id,
        entity: [],
        milestone: ['lint', 'build'],
        gates: ['lint', 'build'],
      },
    },
  };
}
