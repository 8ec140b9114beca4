import {
  milestoneSchema,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { buildAuditChain, toJsonl } from '../__testUtils__/auditChainFixtures';
import {
  greenMilestone,
  seedStoresOn,
  stressRunJson,
} from '../__testUtils__/milestoneFixtures';
import { storeFrozenGreenEntity } from '../__testUtils__/scorecardFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { scorecardMetrics } from '../scorecard/scorecardMetrics';
import {
  SeedStores,
  uploadAuditChain,
  uploadContractResults,
  uploadGatesReport,
  uploadGitTags,
  uploadStressRun,
  uploadTestReport,
  uploadTriageReport,
  uploadValidationReport,
} from '../seed/seedUploads';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseMilestoneStore } from './DatabaseMilestoneStore';
import { DatabaseRunbookFileStore } from './DatabaseRunbookFileStore';
import {
  DatabaseScorecardEvidenceReader,
  ScorecardEvidence,
} from './DatabaseScorecardEvidenceReader';
import { DatabaseTestHistoryStore } from './DatabaseTestHistoryStore';
import { RecordedRunbookFile } from './RunbookFileStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

const GREEN = 'component:default/payments-api';
const MIXED = 'component:default/ledger-service';
const BARE = 'component:default/new-service';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number, minutes = 0) =>
  new Date(NOW.getTime() - days * DAY_MS + minutes * 60_000);
const context = { commit: 'abcdef1234567', tags: [] };

/** The metrics of read evidence at NOW, with the settings every test here uses. */
const metricsAt = (evidence: ScorecardEvidence) =>
  scorecardMetrics(evidence, {
    now: NOW,
    stressDefaults: { p95LimitMs: 500, errorRateLimit: 0.01 },
    runbookStaleAfterDays: 90,
  });

const flakyJunit = `<testsuite name="unit" tests="3">
<testcase classname="unit" name="retries a refund"><flakyFailure message="ECONNRESET"/></testcase>
<testcase classname="unit" name="lists orders"><flakyFailure message="timeout"/></testcase>
<testcase classname="unit" name="creates an order"/>
</testsuite>`;

function triageBody(failures: Array<[string, string]>) {
  return JSON.stringify({
    failures: failures.map(([scenarioId, invariantId]) => ({
      scenarioId,
      invariantId,
      title: `${scenarioId} broke ${invariantId}`,
    })),
  });
}

async function storeGreenEntity(knex: Knex, stores: SeedStores) {
  // Frozen two days ago.
  await storeFrozenGreenEntity(knex, stores, GREEN, daysAgo(3));
  // Flaky twice in the window, and once before it (not counted).
  await uploadTestReport(stores, {
    entityRef: GREEN,
    body: flakyJunit,
    context,
    receivedAt: daysAgo(1),
  });
  await uploadTestReport(stores, {
    entityRef: GREEN,
    body: flakyJunit.replace('lists orders', 'audits a token'),
    context,
    receivedAt: daysAgo(30),
  });
  await knex('runbook_uploads').insert([
    {
      entity_ref: GREEN,
      runbook_id: 'triage',
      markdown:
        '# Triage\n\nLast updated: 2026-10-01\nNext review: 2026-11-01\n',
      digest: 'a'.repeat(64),
      size_bytes: 60,
      uploaded_at: daysAgo(40),
      uploaded_by: 'user:default/ana',
    },
    {
      entity_ref: GREEN,
      runbook_id: 'release',
      markdown: '# Release\n\nNext review: 2027-01-15\n',
      digest: 'b'.repeat(64),
      size_bytes: 40,
      uploaded_at: daysAgo(40),
      uploaded_by: 'user:default/ana',
    },
  ]);
}

async function storeMixedEntity(knex: Knex, stores: SeedStores) {
  // An older green gates report, superseded by one where lint failed.
  for (const [lint, days] of [
    ['passed', 5],
    ['failed', 1],
  ] as const) {
    await uploadGatesReport(stores, {
      entityRef: MIXED,
      body: JSON.stringify({
        gates: [
          { name: 'lint', status: lint },
          { name: 'build', status: 'passed' },
        ],
      }),
      context,
      receivedAt: daysAgo(days),
    });
  }
  await uploadContractResults(stores, {
    entityRef: MIXED,
    body: JSON.stringify({
      results: [
        { gateId: 'a', status: 'pass', matchedFiles: 3, violations: [] },
        { gateId: 'b', status: 'pass', matchedFiles: 3, violations: [] },
        { gateId: 'c', status: 'pass', matchedFiles: 3, violations: [] },
        {
          gateId: 'd',
          status: 'fail',
          matchedFiles: 3,
          violations: [{ file: 'src/x.ts', message: 'no tenant filter' }],
        },
      ],
    }),
    context,
    receivedAt: daysAgo(1),
  });
  // 60 failed reads of 6,000 and of 8,000 requests overall: 0.75 %, under 1 %; p95 140.
  await uploadStressRun(stores, {
    entityRef: MIXED,
    body: stressRunJson(700, 60),
    context,
    receivedAt: daysAgo(1),
  });
  await uploadValidationReport(stores, {
    entityRef: MIXED,
    body: JSON.stringify({
      environment: 'production',
      checkedAt: daysAgo(1).toISOString(),
      metrics: [
        { id: 'tenant-isolation', status: 'pass' },
        { id: 'rbac', status: 'pass' },
        { id: 'feature-flags', status: 'pass' },
        { id: 'immutable-audit', status: 'fail', detail: 'gap in the log' },
        // determinism and rollback are missing: they count as failed too.
        { id: 'backup.restore', status: 'pass' },
      ],
    }),
    context,
    receivedAt: daysAgo(1),
  });
  await uploadTriageReport(stores, {
    entityRef: MIXED,
    body: triageBody([
      ['BID-001', 'TENANT-01'],
      ['BID-002', 'TENANT-02'],
    ]),
    context,
    receivedAt: daysAgo(10),
  });
  await uploadTriageReport(stores, {
    entityRef: MIXED,
    body: triageBody([
      ['BID-002', 'TENANT-02'],
      ['PAY-007', 'LEDGER-03'],
      ['PAY-008', 'LEDGER-04'],
    ]),
    context,
    receivedAt: daysAgo(4),
  });
  const fingerprints = (
    await knex('triage_failures')
      .where({ entity_ref: MIXED })
      .distinct('fingerprint', 'scenario_id')
  ).reduce(
    (
      m: Record<string, string>,
      r: { fingerprint: string; scenario_id: string },
    ) => ({
      ...m,
      [r.scenario_id]: r.fingerprint,
    }),
    {},
  );
  const state = (scenario: string, status: string, cls: string | null) => ({
    entity_ref: MIXED,
    fingerprint: fingerprints[scenario],
    status,
    class: cls,
    classified_at: cls ? daysAgo(2) : null,
    classified_by: cls ? 'user:default/ana' : null,
    status_changed_at: daysAgo(2),
    status_changed_by: 'user:default/ana',
    version: 1,
  });
  await knex('triage_states').insert([
    state('BID-001', 'fixed', 'flake'),
    state('BID-002', 'classified', 'infra-ci'),
    state('PAY-007', 'defect-filed', 'algorithm-regression'),
  ]);
  // A chain whose head row was left behind by a later entry: not verified.
  await uploadAuditChain(stores, {
    entityRef: MIXED,
    body: toJsonl(buildAuditChain(3)),
    context,
    receivedAt: daysAgo(2),
  });
  await knex('audit_chain_heads')
    .where({ entity_ref: MIXED })
    .update({ seq: 1 });
  await knex('milestones').insert({
    entity_ref: MIXED,
    milestone_key: 'm1',
    milestone_id: 'M1',
    title: 'Ledger hardened',
    stage: 'hardening-slice',
    thresholds: JSON.stringify(
      milestoneSchema.parse({
        id: 'M1',
        title: 'Ledger hardened',
        stage: 'hardening-slice',
        thresholds: { p95LimitMs: 800, errorRateLimit: 0.01 },
      }).thresholds,
    ),
    tag_pattern: 'milestone/{id}-hardened',
    created_at: daysAgo(20),
    updated_at: daysAgo(20),
    updated_by: 'user:default/ana',
  });
}

describe.each(ids)('DatabaseScorecardEvidenceReader on %s', databaseId => {
  let knex: Knex;
  let reader: DatabaseScorecardEvidenceReader;
  let metrics: Map<string, ScorecardMetrics>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const stores = seedStoresOn(knex, new DatabaseEvidenceStore(knex));
    await storeGreenEntity(knex, stores);
    await storeMixedEntity(knex, stores);
    reader = new DatabaseScorecardEvidenceReader(knex);
    const evidence = await reader.read([GREEN, MIXED, BARE], {
      flakySince: daysAgo(14),
    });
    metrics = new Map([...evidence].map(([ref, e]) => [ref, metricsAt(e)]));
  });

  it('reads a frozen, green entity: freeze age, gates, stress, chain, flaky tests and runbooks', () => {
    expect(metrics.get(GREEN)).toMatchObject({
      milestoneId: 'M3.3.1',
      freezeState: 'frozen',
      failingChecklistItems: [],
      frozen: true,
      daysSinceFreeze: 2,
      daysSinceRegression: null,
      contractGatePassRate: 1,
      requiredGatesGreen: true,
      failingRequiredGates: [],
      stressP95Ms: 140,
      stressP95LimitMs: 300,
      stressErrorRate: 0,
      stressWithinThresholds: true,
      releaseChainVerified: true,
      validationPassed: null,
      validationFailed: null,
      openTriageFailures: 0,
      oldestOpenTriageDays: 0,
      flakyTests: 2,
      runbooks: 2,
      staleRunbooks: 1,
      lastEvidenceAt: daysAgo(1).toISOString(),
    });
  });

  it('reads the newest report of each kind and the open failures by class', () => {
    expect(metrics.get(MIXED)).toMatchObject({
      milestoneId: 'M1',
      // No contract, no e2e report, lint failed and no tag; the stress run is fine.
      freezeState: 'blocked',
      failingChecklistItems: ['contract', 'e2e', 'gates', 'tag'],
      frozen: false,
      contractGatePassRate: 0.75,
      requiredGatesGreen: false,
      failingRequiredGates: ['lint'],
      stressP95Ms: 700,
      stressP95LimitMs: 800,
      stressErrorRate: 60 / 8000,
      stressWithinThresholds: true,
      releaseChainVerified: false,
      validationPassed: 4,
      validationFailed: 3,
      openTriageFailures: 3,
      openTriageByClass: {
        'infra-ci': 1,
        harness: 0,
        'algorithm-regression': 1,
        'data-schema-drift': 0,
        flake: 0,
        unclassified: 1,
      },
      // BID-002, first seen in the report of ten days ago, is still being worked on.
      oldestOpenTriageDays: 10,
      flakyTests: 0,
      runbooks: 0,
    });
  });

  it('gives an entity without evidence null metrics rather than invented ones', () => {
    expect(metrics.get(BARE)).toMatchObject({
      milestoneId: null,
      freezeState: 'no-milestone',
      contractGatePassRate: null,
      requiredGates: {
        milestoneId: null,
        entity: [],
        milestone: [],
        gates: ['lint', 'build'],
      },
      requiredGatesGreen: null,
      failingRequiredGates: ['lint', 'build'],
      stressP95Ms: null,
      stressWithinThresholds: null,
      releaseChainVerified: null,
      validationPassed: null,
      openTriageFailures: 0,
      flakyTests: 0,
      lastEvidenceAt: null,
    });
  });

  it('reads only the entities asked for, whatever else is stored', async () => {
    const only = await reader.read([MIXED], { flakySince: daysAgo(14) });
    expect([...only.keys()]).toEqual([MIXED]);
    expect(only.get(MIXED)!.flakyTests).toBe(0);
    expect((await reader.read([], { flakySince: NOW })).size).toBe(0);
  });

  it('counts repository runbooks as last recorded, an upload replacing the file of its id', async () => {
    const files = new DatabaseRunbookFileStore(knex);
    const file = (runbookId: string, dates: Partial<RecordedRunbookFile>) => ({
      runbookId,
      path: `docs/${runbookId}.md`,
      url: `https://git.example.com/ledger/docs/${runbookId}.md`,
      digest: 'c'.repeat(64),
      title: runbookId,
      lastUpdated: null,
      nextReview: null,
      error: null,
      ...dates,
    });
    await files.recordEntity(
      GREEN,
      [
        file('oncall', { nextReview: '2026-12-01' }),
        file('failover', { lastUpdated: '2026-06-01' }),
        file('missing', {
          digest: null,
          error: 'docs/missing.md was not found',
        }),
        // The upload with this id (past its review) is the one that counts.
        file('triage', { nextReview: '2027-06-01' }),
      ],
      NOW,
    );
    const evidence = await reader.read([GREEN], { flakySince: daysAgo(14) });
    expect(metricsAt(evidence.get(GREEN)!)).toMatchObject({
      // Uploads: triage (stale), release. Files: oncall, failover (172 days old: stale),
      // missing (unreadable: stale).
      runbooks: 5,
      staleRunbooks: 3,
    });
    await files.recordEntity(GREEN, [], NOW);
  });

  it('tells a never-frozen milestone blocked by exactly its failing items from a ready one', async () => {
    const stores = seedStoresOn(knex, new DatabaseEvidenceStore(knex));
    const milestones = new DatabaseMilestoneStore(knex, stores.chains);
    await milestones.saveMilestone(
      GREEN,
      milestoneSchema.parse({ ...greenMilestone, id: 'M3.4' }),
      { at: daysAgo(0, -60), by: 'user:default/ana' },
    );
    const stateOf = async () => {
      const evidence = await reader.read([GREEN], { flakySince: daysAgo(14) });
      return evidence.get(GREEN)!.milestone;
    };
    // Green evidence, but the tag of M3.4 was never reported.
    expect(await stateOf()).toMatchObject({
      id: 'M3.4',
      state: 'blocked',
      failingItems: ['tag'],
    });
    await uploadGitTags(stores, {
      entityRef: GREEN,
      body: JSON.stringify({
        tags: [{ name: 'milestone/m3.4-hardened', commit: 'abcdef1234567' }],
      }),
      context,
      receivedAt: daysAgo(0, -50),
    });
    expect(await stateOf()).toMatchObject({
      id: 'M3.4',
      state: 'ready',
      failingItems: [],
    });
    await knex('milestones')
      .where({ entity_ref: GREEN, milestone_key: 'm3.4' })
      .delete();
    expect(await stateOf()).toMatchObject({ id: 'M3.3.1', state: 'frozen' });
  });

  it('picks the current milestone as the milestone card does: the newest never frozen', async () => {
    const stores = seedStoresOn(knex, new DatabaseEvidenceStore(knex));
    const milestones = new DatabaseMilestoneStore(knex, stores.chains);
    // Created before the frozen M3.3.1, and never frozen: it is the one being worked on.
    await milestones.saveMilestone(
      GREEN,
      milestoneSchema.parse({ ...greenMilestone, id: 'M3.1' }),
      { at: daysAgo(10), by: 'user:default/ana' },
    );
    try {
      const evidence = await reader.read([GREEN], { flakySince: daysAgo(14) });
      expect(evidence.get(GREEN)!.milestone).toMatchObject({
        id: 'M3.1',
        state: 'blocked',
        failingItems: ['tag'],
      });
    } finally {
      await knex('milestones')
        .where({ entity_ref: GREEN, milestone_key: 'm3.1' })
        .delete();
    }
  });

  it("checks the gates the current milestone needs: the entity's plus its own", async () => {
    const store = new DatabaseEvidenceStore(knex);
    await store.setRequiredGates(MIXED, ['typecheck'], {
      updatedAt: NOW,
      updatedBy: 'user:default/ana',
    });
    try {
      const evidence = await reader.read([MIXED], { flakySince: daysAgo(14) });
      expect(metricsAt(evidence.get(MIXED)!)).toMatchObject({
        requiredGates: {
          milestoneId: 'M1',
          entity: ['typecheck'],
          milestone: ['lint', 'build'],
          gates: ['typecheck', 'lint', 'build'],
        },
        requiredGatesGreen: false,
        failingRequiredGates: ['typecheck', 'lint'],
        // The milestone's checklist judges the same list.
        failingChecklistItems: expect.arrayContaining(['gates']),
      });
    } finally {
      await store.setRequiredGates(MIXED, [], {
        updatedAt: NOW,
        updatedBy: 'user:default/ana',
      });
    }
  });

  it('counts flaky tests as GET …/tests/flaky lists them: reruns and same-commit flips', async () => {
    const FLIPS = 'component:default/flip-service';
    const stores = seedStoresOn(knex, new DatabaseEvidenceStore(knex));
    const junit = (status: 'passed' | 'failed', other: 'passed' | 'failed') =>
      `<testsuite name="unit" tests="2">
<testcase classname="unit" name="settles a payout">${
        status === 'failed' ? '<failure message="boom"/>' : ''
      }</testcase>
<testcase classname="unit" name="fails on one commit only">${
        other === 'failed' ? '<failure message="boom"/>' : ''
      }</testcase>
</testsuite>`;
    const upload = (body: string, commit: string, days: number) =>
      uploadTestReport(stores, {
        entityRef: FLIPS,
        body,
        context: { commit, tags: [] },
        receivedAt: daysAgo(days),
      });
    // "settles a payout" failed and passed on commit a1 (flaky); "fails on one commit
    // only" failed on a1 and passed on b2 (a fix, not a flake); a flip on c3 is too old.
    await upload(junit('failed', 'failed'), 'a1a1a1a', 3);
    await upload(junit('passed', 'failed'), 'a1a1a1a', 2);
    await upload(junit('passed', 'passed'), 'b2b2b2b', 1);
    await upload(junit('failed', 'passed'), 'c3c3c3c', 20);
    await upload(junit('passed', 'passed'), 'c3c3c3c', 19);
    const evidence = await reader.read([FLIPS], { flakySince: daysAgo(14) });
    expect(evidence.get(FLIPS)!.flakyTests).toBe(1);
    const listed = await new DatabaseTestHistoryStore(knex).flakyTests(FLIPS, {
      since: daysAgo(14),
      limit: 10,
    });
    expect(listed.total).toBe(1);
    expect(listed.items.map(t => t.name)).toEqual(['settles a payout']);
  });

  it('reads only the versions when nothing changed since the last read', async () => {
    await reader.read([GREEN, MIXED, BARE], { flakySince: daysAgo(14) });
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    try {
      const again = await reader.read([GREEN, MIXED, BARE], {
        flakySince: daysAgo(14),
      });
      expect(queries).toHaveLength(1);
      expect(queries[0]).toContain('evidence_versions');
      expect(again.get(GREEN)!.flakyTests).toBe(2);
      // A new window start re-reads the flaky counts, of every entity in one query.
      queries.length = 0;
      const later = await reader.read([GREEN, MIXED, BARE], {
        flakySince: daysAgo(0),
      });
      expect(queries).toHaveLength(2);
      expect(later.get(GREEN)!.flakyTests).toBe(0);
    } finally {
      knex.removeListener('query', onQuery);
    }
  });

  it('marks a regressed milestone and counts days since the regression', async () => {
    await knex('milestones')
      .where({ entity_ref: GREEN })
      .update({ regressed_at: daysAgo(1), regression: '[]' });
    const evidence = await reader.read([GREEN], { flakySince: daysAgo(14) });
    const regressed = metricsAt(evidence.get(GREEN)!);
    expect(regressed).toMatchObject({
      freezeState: 'regressed',
      frozen: false,
      daysSinceFreeze: null,
      daysSinceRegression: 1,
    });
    await knex('milestones')
      .where({ entity_ref: GREEN })
      .update({ regressed_at: null, regression: null });
  });
  it('reads again what changed since its last read: triage states, flaky results, newer reports', async () => {
    const metricsOf = async () => {
      const evidence = await reader.read([MIXED], { flakySince: daysAgo(14) });
      return metricsAt(evidence.get(MIXED)!);
    };
    expect(await metricsOf()).toMatchObject({
      openTriageFailures: 3,
      flakyTests: 0,
      requiredGatesGreen: false,
    });

    const [{ fingerprint }] = await knex('triage_failures')
      .where({ entity_ref: MIXED, scenario_id: 'PAY-008' })
      .select('fingerprint');
    await knex('triage_states').insert({
      entity_ref: MIXED,
      fingerprint,
      status: 'wont-fix',
      class: 'flake',
      status_changed_at: NOW,
      status_changed_by: 'user:default/ana',
      version: 1,
    });
    const stores = seedStoresOn(knex, new DatabaseEvidenceStore(knex));
    await uploadTestReport(stores, {
      entityRef: MIXED,
      body: flakyJunit,
      context,
      receivedAt: daysAgo(0, -30),
    });
    await uploadGatesReport(stores, {
      entityRef: MIXED,
      body: JSON.stringify({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: 'passed' },
          { name: 'typecheck', status: 'passed' },
        ],
      }),
      context,
      receivedAt: daysAgo(0, -30),
    });

    expect(await metricsOf()).toMatchObject({
      openTriageFailures: 2,
      openTriageByClass: { unclassified: 0, 'infra-ci': 1 },
      flakyTests: 2,
      requiredGatesGreen: true,
      failingRequiredGates: [],
    });
  });
});
