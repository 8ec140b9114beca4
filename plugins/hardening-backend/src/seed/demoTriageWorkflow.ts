import { createHash } from 'node:crypto';
import {
  EvidenceKind,
  TriageClass,
  TriageFailureInput,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { DatabaseRunbookStore } from '../database/DatabaseRunbookStore';
import { DatabaseTriageWorkflowStore } from '../database/DatabaseTriageWorkflowStore';
import { EntityFileReader } from '../runbook/EntityFileReader';
import { RunbookService } from '../runbook/RunbookService';
import { TriageService } from '../triage/TriageService';
import { DEFAULT_TRIAGE_SETTINGS } from '../triage/triageSettings';
import { SeedStores, uploadTriageReport } from './seedUploads';

/** Who the seed says triaged the demo failures. */
export const DEMO_TRIAGER = 'user:default/hardening-seed';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The demo failures of payments-api, one per triage class and a missing invariant. */
const FAILURES = {
  /** Left open since the oldest run: escalated, and TENANT-002 also fails under SCH. */
  bids: {
    scenarioId: 'BID-004',
    invariantId: 'TENANT-002',
    organizationUnderTest: 'org-a',
    keyEntityIds: ['org-a', 'org-b', 'bw-4411'],
    title: "Bid window listed another organisation's bids",
    symptom: 'cross-tenant rows in the bid list',
    message: 'org-b received 2 bids placed by org-a in bid window bw-4411',
    labels: {
      expected: 'org-b sees only its own bids in bw-4411',
      observed: '2 bids of org-a in the org-b response',
      repro:
        'INTEGRATION_TEST=1 yarn test:integration -t "BID-004" --seed 4411',
    },
  },
  /** Classified as data/schema drift by the seed. */
  caps: {
    scenarioId: 'SCH-012',
    invariantId: 'TENANT-002',
    organizationUnderTest: 'org-b',
    keyEntityIds: ['org-b', 'week-2026-47'],
    title: 'Weekly caps query failed after the migration',
    message: 'error: relation "shift_caps" does not exist',
  },
  /** An algorithm regression with its defect filed. */
  refunds: {
    scenarioId: 'API-031',
    invariantId: 'IDEMP-001',
    organizationUnderTest: 'org-a',
    keyEntityIds: ['org-a', 'rf-2093', 'rf-2094'],
    title: 'A retried refund created a second refund',
    symptom: 'duplicate refund after a retry with the same Idempotency-Key',
    message: 'refunds rf-2093 and rf-2094 share Idempotency-Key 7c1e',
  },
  /** The database was not up: infra/CI by its signature. */
  health: {
    scenarioId: 'HLT-003',
    invariantId: 'STATE-001',
    organizationUnderTest: 'org-a',
    keyEntityIds: ['org-a'],
    title: 'Health scoring could not reach the database',
    message: 'connect ECONNREFUSED 127.0.0.1:5432',
    stack:
      'Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect (node:net:1611:16)',
  },
  /** No invariantId: a harness/diagnostics defect by rule. */
  exports: {
    scenarioId: 'API-044',
    organizationUnderTest: 'org-a',
    keyEntityIds: ['org-a'],
    title: 'GET /exports answered 500 and the harness named no invariant',
    message: 'expected 200, got 500',
  },
  /** Failed in one of the two runs of one commit: flaky by history. */
  reminders: {
    scenarioId: 'NOS-002',
    invariantId: 'NOTIF-001',
    organizationUnderTest: 'org-b',
    keyEntityIds: ['org-b', 'as-771'],
    title: 'The no-show reminder was sent twice',
    message: 'two reminders for assignment as-771, 340 ms apart',
  },
} satisfies Record<string, TriageFailureInput>;

/** One integration run of the demo, relative to the last day's CI run. */
type DemoRun = {
  number: number;
  commit: string;
  before: number;
  failures: TriageFailureInput[];
};

const commitOf = (seed: string) =>
  createHash('sha256').update(seed).digest('hex').slice(0, 40);

const RUNS: DemoRun[] = [
  {
    number: 301,
    commit: commitOf('payments-api:301'),
    before: 12 * DAY_MS + 70 * MINUTE_MS,
    failures: [FAILURES.bids, FAILURES.caps],
  },
  {
    number: 318,
    commit: commitOf('payments-api:318'),
    before: DAY_MS + 70 * MINUTE_MS,
    failures: Object.values(FAILURES),
  },
  // The same commit again: everything but the reminders failed again.
  {
    number: 319,
    commit: commitOf('payments-api:318'),
    before: DAY_MS + 20 * MINUTE_MS,
    failures: [
      FAILURES.bids,
      FAILURES.caps,
      FAILURES.refunds,
      FAILURES.health,
      FAILURES.exports,
    ],
  },
];

/** What people did with the failures, an hour apart, after the last run. */
const TRIAGE: Array<{
  scenarioId: string;
  class: TriageClass;
  note: string;
  defectUrl?: string;
}> = [
  {
    scenarioId: 'SCH-012',
    class: 'data-schema-drift',
    note: 'migration 0042 renamed shift_caps; the seed still uses the old name',
  },
  {
    scenarioId: 'API-031',
    class: 'algorithm-regression',
    note: 'reproduces locally with the retry scenario',
    defectUrl: 'https://github.com/northwind-freight/payments-api/issues/318',
  },
  {
    scenarioId: 'HLT-003',
    class: 'infra-ci',
    note: 'postgres service container not healthy before the tests',
  },
  {
    scenarioId: 'API-044',
    class: 'harness',
    note: 'the exports scenario prints no invariant id',
  },
  {
    scenarioId: 'NOS-002',
    class: 'flake',
    note: 'reminder job and cutoff timer race; make the clock explicit',
  },
];

/** The runbook the demo uploads for payments-api: its next review is overdue. */
export const DEMO_RUNBOOK_ID = 'integration-triage';

export const DEMO_RUNBOOK = `---
title: Payments API integration triage
owner: team-payments
last_updated: 2026-07-14
next_review: 2026-10-14
---

# Payments API integration triage

What to do when the nightly integration run of payments-api reports failures.
Every failure names a scenario and an invariant; start from those.

## Walkthroughs

### W1. Get the run's artifacts

\`\`\`bash
gh run download <run-id> --dir artifacts/<run-id>
ls artifacts/<run-id>
\`\`\`

Pass signal: the folder holds \`triage-report.json\` and \`integration.log\`.

### W2. Reset a local database

\`\`\`bash
docker compose up -d postgres
INTEGRATION_TEST=1 yarn db:reset
INTEGRATION_TEST=1 yarn db:seed --mode e2e
\`\`\`

Pass signal: the seed ends with \`3 organisations, 0 errors\`.

### W3. Run the failing scenario alone

\`\`\`bash
INTEGRATION_TEST=1 yarn test:integration -t "<scenarioId>"
\`\`\`

Pass signal: the scenario fails the same way twice in a row; if it passes once, treat it as a flake.

## Scenario sections

### BID — bidding

Check the bid window's organisation filter before the winner selection.

### SCH — scheduling

Week boundaries and caps; a failing migration shows here first.

### HLT — health scoring

Needs the database and the scoring worker; connection errors are infrastructure.

### API — API journeys

Organisation-scoped authorisation; compare the actor's organisation with the rows returned.

### NOS — no-shows

The cutoff timer and the reminder job race; use the test clock.

## Known issues

| Issue | Severity | Status | Priority | Workaround |
| ----- | -------- | ------ | -------- | ---------- |
| Refund retries can duplicate under load | High | Investigating | P1 | Retry with a fresh Idempotency-Key only after 60 s |
| Reminder job runs twice after a deploy | Medium | Open | P2 | Pause the job for one minute after deploying |
| Seed is slow on ARM laptops | Low | Mitigated | P3 | Use \`--mode e2e\` |
`;

/** The demo triage of each entity that has one. */
const DEMO_TRIAGE_ENTITIES = new Set(['component:default/payments-api']);

/**
 * The triage demo of payments-api: three integration runs (through the same upload path
 * as the API), five of the six failures classified by the workflow (one with its defect
 * filed), the oldest left open so that it is escalated, and an uploaded runbook whose
 * next review is overdue. Running it again changes nothing: reports are recognised by
 * their digest, failures that already have a history are left alone, and the runbook's
 * bytes are the same.
 */
export async function seedTriageWorkflow(options: {
  entityRef: string;
  database: Knex;
  stores: SeedStores;
  /** The last day's CI run. */
  lastRun: { at: Date };
  count: (kind: EvidenceKind, created: boolean) => void;
}): Promise<void> {
  const { entityRef, database, stores, lastRun, count } = options;
  if (!DEMO_TRIAGE_ENTITIES.has(entityRef)) return;
  const service = entityRef.split('/').pop()!;
  const at = (offset: number) => new Date(lastRun.at.getTime() + offset);

  for (const run of RUNS) {
    const runUrl = `https://ci.example.com/${service}/integration/${run.number}`;
    const stored = await uploadTriageReport(stores, {
      entityRef,
      body: `${JSON.stringify(
        {
          run: { id: `nightly-${run.number}`, url: runUrl, commit: run.commit },
          failures: run.failures.map(f => ({
            ...f,
            evidence: [
              { kind: 'log', uri: `${runUrl}/artifacts/integration.log` },
              {
                kind: 'report',
                uri: `${runUrl}/artifacts/triage-report.json`,
                label: 'harness report',
              },
            ],
          })),
        },
        null,
        2,
      )}\n`,
      context: {
        commit: run.commit,
        branch: 'main',
        runUrl,
        pipeline: 'integration',
        tags: ['nightly'],
      },
      receivedAt: at(-run.before),
    });
    count('triage', stored.created);
  }

  let now = at(0);
  const clock = () => now;
  const workflow = new DatabaseTriageWorkflowStore(database);
  const runbooks = new RunbookService({
    store: new DatabaseRunbookStore(database),
    files: new EntityFileReader({}),
    settings: DEFAULT_TRIAGE_SETTINGS,
    clock,
  });
  const triage = new TriageService({
    workflow,
    runbooks,
    files: new EntityFileReader({}),
    settings: DEFAULT_TRIAGE_SETTINGS,
    clock,
  });
  const groups = await workflow.groups([entityRef], {
    limit: 100,
    activeOnly: false,
  });
  for (const [i, step] of TRIAGE.entries()) {
    const group = groups.find(g => g.latest.scenarioId === step.scenarioId);
    if (!group) continue;
    if ((await workflow.history(entityRef, group.fingerprint)).length > 0) {
      continue;
    }
    now = at((i + 1) * HOUR_MS);
    await triage.classify(
      entityRef,
      group.latest.id,
      { class: step.class, note: step.note },
      DEMO_TRIAGER,
    );
    if (step.defectUrl) {
      now = at((i + 1) * HOUR_MS + 10 * MINUTE_MS);
      await triage.linkDefect(
        entityRef,
        group.latest.id,
        { url: step.defectUrl },
        DEMO_TRIAGER,
      );
    }
  }

  now = at(-30 * DAY_MS);
  const bytes = Buffer.from(DEMO_RUNBOOK);
  await runbooks.upload({
    entityRef,
    runbookId: DEMO_RUNBOOK_ID,
    markdown: DEMO_RUNBOOK,
    digest: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
    uploadedBy: DEMO_TRIAGER,
  });
}
