import {
  DefectDraft,
  Runbook,
  TriageHistoryEntry,
  TriageQueueItem,
  TriageQueueResponse,
} from '@hardening/backstage-plugin-hardening-common';
import { T0, T1 } from './fixtures';

export const PAYMENTS_REF = 'component:default/payments-api';

/** A queue item of payments-api: BID-004/TENANT-002, open, nothing suggested. */
export function queueItem(
  overrides: Partial<TriageQueueItem> = {},
): TriageQueueItem {
  return {
    entityRef: PAYMENTS_REF,
    failureId: '41',
    fingerprint: 'BID-004|TENANT-002',
    scenarioId: 'BID-004',
    invariantId: 'TENANT-002',
    scenario: { prefix: 'BID', label: 'Bidding', known: true },
    invariant: { prefix: 'TENANT', label: 'Tenant isolation', known: true },
    organizationUnderTest: 'org-a',
    keyEntityIds: ['org-a', 'bid-window-9'],
    evidence: [
      {
        kind: 'log',
        uri: 'https://ci.example.com/runs/311/artifacts/integration.log',
      },
      { kind: 'screenshot', uri: 'ci-artifacts/ui/bid-window.png' },
    ],
    title: 'Winner notification sent to the wrong organisation',
    message: 'org-b received notification n-77',
    commit: 'abcdef1234567890',
    ciRunUrl: 'https://ci.example.com/runs/311',
    firstSeen: T0,
    lastSeen: T1,
    occurrences: 3,
    reports: 2,
    diagnosticsDefect: false,
    unknownTaxonomy: false,
    state: { status: 'open' },
    routing: {
      ownerRef: 'group:default/team-payments',
      why: "the entity's owner: the failure is not classified yet",
    },
    escalation: { unclassifiedTooLong: false, spansScenarioClasses: false },
    ...overrides,
  };
}

/** A flake suggested by history: NOS-002/NOTIF-001, open. */
export const FLAKE_ITEM = queueItem({
  failureId: '52',
  fingerprint: 'NOS-002|NOTIF-001',
  scenarioId: 'NOS-002',
  invariantId: 'NOTIF-001',
  scenario: { prefix: 'NOS', label: 'No-shows', known: true },
  invariant: { prefix: 'NOTIF', label: 'Notifications', known: true },
  suggestion: {
    class: 'flake',
    because: {
      kind: 'history',
      detail:
        'it failed in some integration runs of commit abcdef123456 and passed in others',
    },
  },
});

/** BID-004/TENANT-002, open past its deadline and spanning scenario classes, with a runbook. */
export const ESCALATED_ITEM = queueItem({
  runbookSection: {
    runbookId: 'triage',
    runbookTitle: 'Payments API runbook',
    sectionId: 'bid--bidding-failures',
    heading: 'BID-* bidding failures',
  },
  escalation: {
    unclassifiedTooLong: true,
    spansScenarioClasses: true,
    scenarioPrefixes: ['BID', 'SCH'],
    escalateAt: '2026-11-21T09:00:00.000Z',
  },
});

/** API-044 without its invariantId: a harness/diagnostics defect by the built-in rule. */
export const NO_INVARIANT_ITEM = queueItem({
  failureId: '44',
  fingerprint: 'API-044|#0123456789abcdef',
  scenarioId: 'API-044',
  invariantId: undefined,
  scenario: { prefix: 'API', label: 'API journeys', known: true },
  invariant: undefined,
  diagnosticsDefect: true,
  diagnosticsReason: 'missing invariantId',
  suggestion: {
    class: 'harness',
    because: {
      kind: 'rule',
      ruleName: 'builtin:missing-ids',
      detail:
        'the failure does not name its invariantId: the harness must print both',
    },
  },
});

/** `item` on the component `name` (permission answers are cached per entity). */
export function onEntity(name: string, item: TriageQueueItem): TriageQueueItem {
  return { ...item, entityRef: `component:default/${name}` };
}

export function queue(
  items: TriageQueueItem[],
  entityRefs: string[] = [PAYMENTS_REF],
): TriageQueueResponse {
  return { items, entityRefs, evaluatedAt: T1, escalateAfterHours: 24 };
}

export function historyEntry(
  overrides: Partial<TriageHistoryEntry> = {},
): TriageHistoryEntry {
  return {
    at: T1,
    by: 'user:default/alice',
    from: 'open',
    to: 'classified',
    class: 'flake',
    ...overrides,
  };
}

export const DEFECT_MARKDOWN = [
  '## Integration failure: BID-004 / TENANT-002 (winner notified in another organisation)',
  '',
  '- scenarioId: BID-004',
  '- invariantId: TENANT-002',
  '- CI run: https://ci.example.com/runs/311',
].join('\n');

export function defectDraft(overrides: Partial<DefectDraft> = {}): DefectDraft {
  return {
    title:
      'Integration failure: BID-004 / TENANT-002 (winner notified in another organisation)',
    markdown: DEFECT_MARKDOWN,
    fields: {
      title:
        'Integration failure: BID-004 / TENANT-002 (winner notified in another organisation)',
      scenarioId: 'BID-004',
      invariantId: 'TENANT-002',
      symptom: 'winner notified in another organisation',
      organizationUnderTest: 'org-a',
      ciRun: 'https://ci.example.com/runs/311',
      commit: 'abcdef1234567890',
      artifacts: ['https://ci.example.com/runs/311/artifacts/integration.log'],
      expected: 'only org-a is notified',
      observed: 'org-b received notification n-77',
      repro: 'yarn test:integration -t "BID-004"',
      keyEntityIds: ['org-a', 'bid-window-9'],
      fingerprint: 'BID-004|TENANT-002',
      entityRef: PAYMENTS_REF,
      runbookUrl: '',
      runbookSection: '',
    },
    template: { kind: 'default' },
    newIssue: {
      tracker: 'github',
      url: 'https://github.com/acme/payments-api/issues/new?title=Integration%20failure',
      truncated: false,
    },
    ...overrides,
  };
}

/** A runbook in the shape the backend parses it into. */
export const RUNBOOK_MARKDOWN = `# Payments API runbook

Last updated: 2026-09-01 · Next review: 2026-10-01

Start with [the walkthroughs](#walkthroughs).

## Walkthroughs

### W1. Run one scenario

\`\`\`bash
INTEGRATION_TEST=1 yarn test:integration -t "BID-004"
\`\`\`

Pass signal: the scenario finishes green twice in a row.

## \`BID-*\` bidding failures

Check the bid window first.

## Known issues

| Issue | Severity | Status | Priority |
| ----- | -------- | ------ | -------- |
| KI-1 Refund webhook retried twice | High | Open | P1 |
| KI-2 Slow seed on ARM laptops | Low | Mitigated | P3 |
| KI-3 Flaky clock in CI | High | Mitigated | P2 |
`;

export function runbook(overrides: Partial<Runbook> = {}): Runbook {
  return {
    id: 'triage',
    title: 'Payments API runbook',
    source: {
      kind: 'url',
      url: 'https://github.com/acme/payments-api/blob/main/docs/runbooks/triage.md',
      path: 'docs/runbooks/triage.md',
    },
    lastUpdated: '2026-09-01',
    nextReview: '2026-10-01',
    stale: true,
    staleReason: 'Its next review was due on 2026-10-01',
    markdown: RUNBOOK_MARKDOWN,
    toc: [
      { id: 'payments-api-runbook', text: 'Payments API runbook', depth: 1 },
      { id: 'walkthroughs', text: 'Walkthroughs', depth: 2 },
      { id: 'w1-run-one-scenario', text: 'W1. Run one scenario', depth: 3 },
      {
        id: 'bid--bidding-failures',
        text: 'BID-* bidding failures',
        depth: 2,
      },
      { id: 'known-issues', text: 'Known issues', depth: 2 },
    ],
    commands: [
      {
        lang: 'bash',
        code: 'INTEGRATION_TEST=1 yarn test:integration -t "BID-004"',
        sectionId: 'w1-run-one-scenario',
      },
    ],
    walkthroughs: [
      {
        sectionId: 'w1-run-one-scenario',
        title: 'W1. Run one scenario',
        commands: [
          {
            lang: 'bash',
            code: 'INTEGRATION_TEST=1 yarn test:integration -t "BID-004"',
            sectionId: 'w1-run-one-scenario',
          },
        ],
        passSignals: ['the scenario finishes green twice in a row.'],
      },
    ],
    knownIssues: [
      {
        title: 'KI-1 Refund webhook retried twice',
        severity: 'High',
        status: 'Open',
        priority: 'P1',
        cells: {},
        sectionId: 'known-issues',
      },
      {
        title: 'KI-2 Slow seed on ARM laptops',
        severity: 'Low',
        status: 'Mitigated',
        priority: 'P3',
        cells: {},
        sectionId: 'known-issues',
      },
      {
        title: 'KI-3 Flaky clock in CI',
        severity: 'High',
        status: 'Mitigated',
        priority: 'P2',
        cells: {},
        sectionId: 'known-issues',
      },
    ],
    prefixSections: { BID: 'bid--bidding-failures' },
    ...overrides,
  };
}
