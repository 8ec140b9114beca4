import { mockServices } from '@backstage/backend-test-utils';
import {
  ContractResultsSummary,
  INVARIANT_TAXONOMY,
  SCENARIO_TAXONOMY,
  StressRunSummary,
  ValidationReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseContractStore } from '../database/DatabaseContractStore';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { DatabaseTriageStore } from '../database/DatabaseTriageStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { parseContractYaml } from '../ingest/contract/ContractYamlParser';
import { seedStoresOn } from '../__testUtils__/milestoneFixtures';
import { DatabaseFreezeEvidenceReader } from '../database/DatabaseFreezeEvidenceReader';
import { DatabaseMilestoneStore } from '../database/DatabaseMilestoneStore';
import { MilestoneService } from '../service/milestoneService';
import { DEMO_ACTIVE_GATES, DEMO_PLANNED_GATE } from './demoContract';
import { REQUIRED_DEMO_GATES, runSeed } from './SeedRunner';
import { ConfigReader } from '@backstage/config';
import { DatabaseRunbookStore } from '../database/DatabaseRunbookStore';
import { DatabaseTriageWorkflowStore } from '../database/DatabaseTriageWorkflowStore';
import { EntityFileReader } from '../runbook/EntityFileReader';
import { RunbookService } from '../runbook/RunbookService';
import { TriageService } from '../triage/TriageService';
import { readTriageSettings } from '../triage/triageSettings';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const PAYMENTS = 'component:default/payments-api'; // steady
const INVOICES = 'component:default/invoice-generator'; // struggling
const FRAUD = 'component:default/fraud-scoring'; // flaky, leaks in the negative phase
const LEDGER = 'component:default/ledger-service'; // flaky, a gate that matched no file
const entityRefs = [PAYMENTS, INVOICES, FRAUD, LEDGER];

/** Every table the seed writes, with its row count. */
const TABLES = [
  'evidence_reports',
  'test_results',
  'required_gates',
  'delivery_contracts',
  'contract_violations',
  'audit_chain_entries',
  'audit_chain_tree_tiles',
  'audit_chain_checkpoints',
  'audit_chain_cosignatures',
  'audit_chain_heads',
  'triage_failures',
  'milestones',
  'milestone_freezes',
  'git_tags',
  'triage_states',
  'triage_state_history',
  'runbook_uploads',
];

async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ n }] = await knex(table).count({ n: '*' });
    out[table] = Number(n);
  }
  return out;
}

/** What a re-run must leave exactly as it was, besides row counts. */
async function stamps(knex: Knex) {
  return {
    contracts: (
      await knex('delivery_contracts')
        .orderBy('entity_ref')
        .select('entity_ref', 'digest', 'uploaded_at', 'uploaded_by')
    ).map(r => ({ ...r, uploaded_at: new Date(r.uploaded_at).toISOString() })),
    heads: (
      await knex('audit_chain_heads')
        .orderBy('entity_ref')
        .select('entity_ref', 'seq', 'hash', 'verified_at')
    ).map(r => ({
      ...r,
      seq: Number(r.seq),
      verified_at: new Date(r.verified_at).toISOString(),
    })),
  };
}

const E2E_KINDS = {
  'test-report': { reports: 12, created: 12 },
  'ci-gates': { reports: 12, created: 12 },
  'contract-results': { reports: 12, created: 12 },
  // days 0 and 2 of 3: every 7th day and the last one
  'stress-run': { reports: 8, created: 8 },
  validation: { reports: 4, created: 4 },
  // one release chain per service, and the freeze of payments-api's M3.2
  'audit-chain': { reports: 5, created: 5 },
  // payments-api's milestone tags
  'git-tags': { reports: 1, created: 1 },
  // flaky and struggling services (3 of the 4), and payments-api's triage demo
  triage: { reports: 9, created: 9 },
};

describe.each(ids)('runSeed on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseEvidenceStore;
  let contracts: DatabaseContractStore;
  let chains: DatabaseAuditChainStore;
  let triage: DatabaseTriageStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseEvidenceStore(knex);
    contracts = new DatabaseContractStore(knex, store);
    chains = new DatabaseAuditChainStore(knex, store);
    triage = new DatabaseTriageStore(knex, store);
  });

  async function latest<T extends object>(
    entityRef: string,
    kind: Parameters<DatabaseEvidenceStore['listReports']>[1],
  ) {
    const page = await store.listReports<T>(entityRef, kind, { limit: 100 });
    return { newest: page.items[0], all: page.items };
  }

  it('refuses to run without the database and writes nothing', async () => {
    await expect(runSeed({ mode: 'e2e', entityRefs, store })).rejects.toThrow(
      /runSeed needs `database`.*pass `database: knex` from plugin\.ts/,
    );
    expect(Object.values(await rowCounts(knex)).every(n => n === 0)).toBe(true);
  });

  it('writes every kind of evidence, counted per kind', async () => {
    const logger = mockServices.logger.mock();
    const summary = await runSeed({
      mode: 'e2e',
      entityRefs,
      store,
      database: knex,
      logger,
    });
    expect(summary).toEqual({
      entities: 4,
      reports: 63,
      created: 63,
      kinds: E2E_KINDS,
      contracts: { uploaded: 4, created: 4 },
    });
    const byKind: { kind: string; n: number | string }[] = await knex(
      'evidence_reports',
    )
      .groupBy('kind')
      .select('kind')
      .count({ n: '*' });
    expect(Object.fromEntries(byKind.map(r => [r.kind, Number(r.n)]))).toEqual(
      Object.fromEntries(
        Object.entries(E2E_KINDS).map(([kind, c]) => [kind, c.reports]),
      ),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('63 of 63 reports written for 4 entities'),
    );
  });

  it('writes a test report and a gates report per entity and day, with required gates', async () => {
    const history = await store.listReports(PAYMENTS, 'test-report', {
      limit: 10,
    });
    expect(history.items.map(r => r.receivedAt)).toEqual([
      '2026-11-20T06:00:00.000Z',
      '2026-11-19T06:00:00.000Z',
      '2026-11-18T06:00:00.000Z',
    ]);
    expect(history.items[0].context).toMatchObject({
      branch: 'main',
      tags: ['e2e:happy', 'e2e:security'],
    });
    expect(history.items[0].context.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await store.getRequiredGates(PAYMENTS)).toEqual(
      [...REQUIRED_DEMO_GATES].sort(),
    );
  });

  it('gives each entity a contract with the security defaults and one planned gate', async () => {
    const contract = await contracts.latestContract(PAYMENTS);
    expect(contract?.uploadedBy).toBe('hardening-seed');
    expect(contract?.uploadedAt).toBe('2026-11-17T06:00:00.000Z');
    const gates = contract!.contract.gates;
    expect(gates.filter(g => g.status === 'active').map(g => g.id)).toEqual([
      ...DEMO_ACTIVE_GATES,
    ]);
    expect(gates.filter(g => g.status === 'planned').map(g => g.id)).toEqual([
      DEMO_PLANNED_GATE,
    ]);
    expect(
      Number((await knex('delivery_contracts').count({ n: '*' }))[0].n),
    ).toBe(4);
  });

  it('judges contract results: steady passes on matched files, struggling has violations, an unmatched gate is no pass', async () => {
    const steady = await latest<ContractResultsSummary>(
      PAYMENTS,
      'contract-results',
    );
    expect(steady.all).toHaveLength(3);
    for (const report of steady.all) {
      const { evaluation, gates, contractDigest } = report.summary;
      expect(contractDigest).toBe(
        (await contracts.latestContract(PAYMENTS))!.digest,
      );
      expect(evaluation).toMatchObject({
        status: 'evaluated',
        passing: true,
        counts: { active: 5, activePassing: 5, planned: 1 },
        warnings: [],
      });
      for (const gateId of DEMO_ACTIVE_GATES) {
        expect(gates.find(g => g.gateId === gateId)).toMatchObject({
          status: 'pass',
          matchedFiles: expect.any(Number),
        });
        expect(
          gates.find(g => g.gateId === gateId)!.matchedFiles,
        ).toBeGreaterThan(0);
      }
    }

    const struggling = await latest<ContractResultsSummary>(
      INVOICES,
      'contract-results',
    );
    for (const report of struggling.all) {
      expect(report.summary.evaluation.passing).toBe(false);
      const violations = await contracts.listViolations(INVOICES, report.id, {
        limit: 100,
        gateId: 'tenant.where-tenant-id',
      });
      expect(violations.items.length).toBeGreaterThan(0);
      for (const v of violations.items) {
        expect(v).toEqual({
          gateId: 'tenant.where-tenant-id',
          file: expect.stringMatching(/^src\/repositories\/\w+Repository\.ts$/),
          line: expect.any(Number),
          message: expect.stringContaining('not filtered by tenantId'),
        });
      }
    }

    const unmatched = await latest<ContractResultsSummary>(
      LEDGER,
      'contract-results',
    );
    const verdict = unmatched.newest.summary.evaluation.gates.find(
      g => g.gateId === 'tenant.where-tenant-id',
    );
    expect(unmatched.newest.summary.evaluation.passing).toBe(false);
    expect(verdict).toMatchObject({
      result: 'pass',
      passing: false,
      blocking: true,
      reason: expect.stringContaining('matched no file'),
    });
  });

  it('writes weekly stress runs judged against 1 % and 500 ms', async () => {
    const steady = await latest<StressRunSummary>(PAYMENTS, 'stress-run');
    expect(steady.all.map(r => r.receivedAt)).toEqual([
      '2026-11-20T05:20:00.000Z',
      '2026-11-18T05:20:00.000Z',
    ]);
    for (const report of steady.all) {
      expect(report.summary.format).toBe('native');
      expect(report.summary.run.thresholds).toEqual({
        maxErrorRate: 0.01,
        p95Ms: 500,
        happyPathZeroErrors: true,
        negativePassRate: 1,
      });
      expect(report.summary.run.phases.map(p => p.kind)).toEqual([
        'happy',
        'read',
        'negative',
      ]);
      expect(report.summary.evaluation.passing).toBe(true);
    }

    const struggling = await latest<StressRunSummary>(INVOICES, 'stress-run');
    for (const report of struggling.all) {
      const failed = report.summary.evaluation.verdicts.filter(v => !v.passing);
      expect(failed.map(v => v.id)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^(happy-path-zero-errors|p95)$/),
        ]),
      );
    }
    const [happyFailures, slow] = [
      struggling.all.find(r =>
        r.summary.evaluation.verdicts.some(
          v => v.id === 'happy-path-zero-errors' && !v.passing,
        ),
      ),
      struggling.all.find(r =>
        r.summary.evaluation.verdicts.some(v => v.id === 'p95' && !v.passing),
      ),
    ];
    expect(happyFailures?.summary.run.phases[0].failures).toBeGreaterThan(0);
    expect(slow?.summary.run.phases[0].latencyMs?.p95).toBeGreaterThan(500);

    const leaking = await latest<StressRunSummary>(FRAUD, 'stress-run');
    const negative = leaking.newest.summary.run.phases[2];
    expect(negative.statusCounts?.['200']).toBeGreaterThan(0);
    expect(leaking.newest.summary.evaluation.verdicts).toContainEqual(
      expect.objectContaining({
        id: 'negative-denials',
        passing: false,
        message: expect.stringContaining('answered 200'),
      }),
    );
  });

  it('writes a production validation report on the last day; struggling fails rollback', async () => {
    const steady = await latest<ValidationReportSummary>(
      PAYMENTS,
      'validation',
    );
    expect(steady.all).toHaveLength(1);
    expect(steady.newest.summary.report).toMatchObject({
      environment: 'production',
      release: 'v1.1.0',
      checkedAt: '2026-11-20T05:30:00.000Z',
    });
    expect(steady.newest.summary.evaluation.passing).toBe(true);
    expect(steady.newest.summary.evaluation.metrics).toHaveLength(6);

    const struggling = await latest<ValidationReportSummary>(
      INVOICES,
      'validation',
    );
    expect(
      struggling.newest.summary.evaluation.metrics
        .filter(m => !m.passing)
        .map(m => m.id),
    ).toEqual(['rollback']);
  });

  it('writes one verified release audit chain per entity, with a rollback for a struggling service', async () => {
    for (const entityRef of entityRefs) {
      const verification = await chains.verifyStoredChain(entityRef);
      // payments-api's chain ends with the freeze of its milestone M3.2
      expect(verification).toMatchObject({
        ok: true,
        length: entityRef === PAYMENTS ? 11 : 10,
      });
    }
    const steady = await chains.listEntries(PAYMENTS, { limit: 100 });
    expect(steady.items.map(i => i.entry.action)).toEqual([
      ...['verify', 'migrate', 'build', 'canary', 'promote'],
      ...['verify', 'migrate', 'build', 'canary', 'promote'],
      'freeze',
    ]);
    expect(steady.items[0].entry.prevHash).toBe('0'.repeat(64));

    const struggling = await chains.listEntries(INVOICES, { limit: 100 });
    expect(struggling.items.map(i => i.entry.action)).toEqual([
      ...['verify', 'migrate', 'build', 'canary', 'rollback'],
      ...['verify', 'migrate', 'build', 'canary', 'promote'],
    ]);
    expect((await latest(PAYMENTS, 'audit-chain')).all).toHaveLength(2);
  });

  it('writes triage reports for flaky and struggling services, in the taxonomies, with one diagnostics defect', async () => {
    for (const entityRef of [INVOICES, FRAUD, LEDGER]) {
      const reports = await latest(entityRef, 'triage');
      expect(reports.all).toHaveLength(2);
      const failures = await triage.listFailures(entityRef, { limit: 1000 });
      for (const f of failures.items) {
        expect(f.unknownTaxonomy).toBe(false);
        expect(SCENARIO_TAXONOMY).toContain(f.scenarioPrefix);
        expect(f.organizationUnderTest).toMatch(/^org-[ab]$/);
        expect(f.keyEntityIds.length).toBeGreaterThan(0);
        expect(f.evidence.length).toBeGreaterThan(0);
        for (const e of f.evidence) {
          expect(e.uri).toMatch(/^https:\/\/ci\.example\.com\//);
        }
      }
      for (const f of failures.items.filter(x => !x.diagnosticsDefect)) {
        expect(INVARIANT_TAXONOMY).toContain(f.invariantPrefix);
      }
      const defects = failures.items.filter(f => f.diagnosticsDefect);
      expect(defects).toEqual([
        expect.objectContaining({
          reportId: reports.newest.id,
          diagnosticsReason: 'missing invariantId',
        }),
      ]);
      expect(reports.newest.context).toMatchObject({
        pipeline: 'integration',
        runUrl: expect.stringMatching(/^https:\/\/ci\.example\.com\//),
      });
    }
    const groups = await triage.groupedFailures(INVOICES, { limit: 100 });
    expect(groups).toContainEqual(
      expect.objectContaining({
        fingerprint: 'BID-004|TENANT-002',
        reports: 2,
      }),
    );
  });

  it('gives payments-api a triage demo: several classes, a missing invariant, a flake by history, an escalated failure and a stale runbook', async () => {
    expect((await latest(PAYMENTS, 'triage')).all).toHaveLength(3);
    const settings = readTriageSettings(new ConfigReader({}));
    const clock = () => new Date('2026-11-20T12:00:00.000Z');
    const files = new EntityFileReader({});
    const runbooks = new RunbookService({
      store: new DatabaseRunbookStore(knex),
      files,
      settings,
      clock,
    });
    const service = new TriageService({
      workflow: new DatabaseTriageWorkflowStore(knex),
      runbooks,
      files,
      settings,
      clock,
    });
    const payments = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-api', namespace: 'default' },
      spec: { owner: 'team-payments' },
    };
    const { items } = await service.queue([payments], 100);
    const byScenario = Object.fromEntries(items.map(i => [i.scenarioId, i]));
    expect(
      items.map(i => [i.scenarioId, i.state.status, i.state.class]).sort(),
    ).toEqual([
      ['API-031', 'defect-filed', 'algorithm-regression'],
      ['API-044', 'classified', 'harness'],
      ['BID-004', 'open', undefined],
      ['HLT-003', 'classified', 'infra-ci'],
      ['NOS-002', 'classified', 'flake'],
      ['SCH-012', 'classified', 'data-schema-drift'],
    ]);
    expect(byScenario['API-044'].diagnosticsReason).toBe('missing invariantId');
    expect(byScenario['API-044'].suggestion?.because.ruleName).toBe(
      'builtin:missing-ids',
    );
    expect(byScenario['NOS-002'].suggestion?.because.kind).toBe('history');
    expect(byScenario['HLT-003'].suggestion?.class).toBe('infra-ci');
    expect(byScenario['BID-004'].escalation).toMatchObject({
      unclassifiedTooLong: true,
      spansScenarioClasses: true,
      scenarioPrefixes: ['BID', 'SCH'],
    });
    expect(byScenario['BID-004'].runbookSection).toMatchObject({
      runbookId: 'integration-triage',
      sectionId: 'bid--bidding',
    });
    expect(
      items
        .filter(i => i.escalation.unclassifiedTooLong)
        .map(i => i.scenarioId),
    ).toEqual(['BID-004']);
    expect(byScenario['API-031'].state.defect?.url).toBe(
      'https://github.com/northwind-freight/payments-api/issues/318',
    );

    const [runbook] = await runbooks.list(payments);
    expect(runbook.summary).toMatchObject({
      id: 'integration-triage',
      source: { kind: 'upload' },
      nextReview: '2026-10-14',
      stale: true,
    });
    expect(runbook.runbook?.walkthroughs).toHaveLength(3);
    expect(
      runbook.runbook?.walkthroughs.every(w => w.passSignals.length === 1),
    ).toBe(true);
    expect(runbook.runbook?.knownIssues.map(k => k.priority)).toEqual([
      'P1',
      'P2',
      'P3',
    ]);
  });

  it('writes nothing the second time', async () => {
    const [beforeCounts, beforeStamps] = [
      await rowCounts(knex),
      await stamps(knex),
    ];
    const summary = await runSeed({
      mode: 'e2e',
      entityRefs,
      store,
      database: knex,
    });
    expect(summary).toEqual({
      entities: 4,
      reports: 63,
      created: 0,
      kinds: Object.fromEntries(
        Object.entries(E2E_KINDS).map(([kind, c]) => [
          kind,
          { reports: c.reports, created: 0 },
        ]),
      ),
      contracts: { uploaded: 4, created: 0 },
    });
    expect(await rowCounts(knex)).toEqual(beforeCounts);
    expect(await stamps(knex)).toEqual(beforeStamps);
  });

  it('is deterministic: the same mode writes the same reports, contracts and chains in any database', async () => {
    const other = await databases.init(databaseId);
    await applyDatabaseMigrations(other);
    await runSeed({
      mode: 'e2e',
      entityRefs,
      store: new DatabaseEvidenceStore(other),
      database: other,
    });
    const digests = (db: Knex) =>
      db('evidence_reports')
        .orderBy(['kind', 'digest'])
        .select('kind', 'digest');
    expect(await digests(other)).toEqual(await digests(knex));
    const heads = async (db: Knex) =>
      (await stamps(db)).heads.map(({ entity_ref, seq, hash }) => ({
        entity_ref,
        seq,
        hash,
      }));
    expect(await heads(other)).toEqual(await heads(knex));
    const contractDigests = async (db: Knex) =>
      (await stamps(db)).contracts.map(c => c.digest);
    expect(await contractDigests(other)).toEqual(await contractDigests(knex));
  });

  it('keeps a contract the entity has of its own and judges the results against it', async () => {
    const db = await databases.init(databaseId);
    await applyDatabaseMigrations(db);
    const evidence = new DatabaseEvidenceStore(db);
    const own = new DatabaseContractStore(db, evidence);
    const { contract, digest } = parseContractYaml(
      `- id: security.auth-before-db
  description: The team's own wording
  type: file_content
  targets: ['src/**/*.ts']
  must_match: ['authorize\\(']
  status: active
`,
    );
    await own.saveContract({
      entityRef: PAYMENTS,
      digest,
      contract,
      uploadedAt: new Date('2026-11-01T00:00:00Z'),
      uploadedBy: 'user:default/owner',
    });

    const summary = await runSeed({
      mode: 'e2e',
      entityRefs: [PAYMENTS],
      store: evidence,
      database: db,
    });
    expect(summary.contracts).toEqual({ uploaded: 0, created: 0 });
    expect((await own.latestContract(PAYMENTS))?.digest).toBe(digest);
    const results = await evidence.listReports<ContractResultsSummary>(
      PAYMENTS,
      'contract-results',
      { limit: 1 },
    );
    expect(results.items[0].summary.contractDigest).toBe(digest);
    expect(results.items[0].summary.evaluation.warnings).toContainEqual(
      expect.objectContaining({ kind: 'contract-mismatch' }),
    );
  });

  it('seeding another number of days later adds reports and leaves the stored audit chain alone', async () => {
    const logger = mockServices.logger.mock();
    const before = await stamps(knex);
    const summary = await runSeed({
      mode: 'e2e',
      days: 4,
      entityRefs: [PAYMENTS],
      store,
      database: knex,
      logger,
    });
    // the refused chain upload, and the freeze of M3.2 that is already done
    expect(summary.kinds['audit-chain']).toEqual({ reports: 2, created: 0 });
    expect(summary.kinds['test-report'].created).toBeGreaterThan(0);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`the audit chain of ${PAYMENTS} was not seeded`),
    );
    expect((await stamps(knex)).heads).toEqual(before.heads);
    expect((await chains.verifyStoredChain(PAYMENTS)).ok).toBe(true);
  });
});

describe.each(ids)('demo milestones on %s', databaseId => {
  const IDENTITY = 'component:default/identity-service'; // steady

  it.each(['e2e', 'golden'] as const)(
    'in %s mode: payments-api has a frozen, a ready and a blocked milestone, identity-service a regressed one',
    async mode => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new DatabaseEvidenceStore(knex);
      const logger = mockServices.logger.mock();
      await runSeed({
        mode,
        entityRefs: [PAYMENTS, IDENTITY],
        store,
        database: knex,
        logger,
      });
      expect(logger.warn).not.toHaveBeenCalled();

      const stores = seedStoresOn(knex, store);
      const service = new MilestoneService({
        milestones: new DatabaseMilestoneStore(knex, stores.chains),
        evidence: new DatabaseFreezeEvidenceReader(knex),
        clock: () => new Date('2026-11-20T12:00:00.000Z'),
      });
      const payments = await service.list(PAYMENTS);
      expect(payments.map(s => [s.milestone.id, s.checklist.state])).toEqual([
        ['M3.2', 'frozen'],
        ['M3.3.1', 'ready'],
        ['M3.4', 'blocked'],
      ]);
      const [frozen, ready, blocked] = payments;
      expect(frozen.milestone.freeze).toMatchObject({
        tag: 'milestone/m3.2-hardened',
        frozenAt: '2026-11-20T06:30:00.000Z',
        frozenBy: 'user:default/hardening-seed',
      });
      expect((await stores.chains.verifyStoredChain(PAYMENTS)).head?.hash).toBe(
        frozen.milestone.freeze?.chainEntryHash,
      );
      // Every item of the ready one is green on the seeded evidence, and says why.
      for (const item of ready.checklist.items) {
        expect([item.id, item.passed]).toEqual([item.id, true]);
        expect(item.evidence.length).toBeGreaterThan(0);
      }
      expect(
        blocked.checklist.items
          .filter(i => !i.passed)
          .map(i => [i.id, i.reason]),
      ).toEqual([
        [
          'stress',
          expect.stringMatching(
            /^the latest stress run \("payments-api core journeys"\) fails: phase "create and update records" p95 \d+ ms is over the milestone limit of 100 ms/,
          ),
        ],
        ['tag', 'no reported git tag is named milestone/m3.4-hardened'],
      ]);

      const [identity] = await service.list(IDENTITY);
      expect(identity.checklist.state).toBe('regressed');
      expect(identity.milestone.freeze?.tag).toBe('milestone/m2.1-hardened');
      expect(identity.milestone.regression).toEqual({
        regressedAt: '2026-11-20T09:00:00.000Z',
        failingItems: [
          {
            id: 'stress',
            label: 'Stress run within thresholds',
            reason: expect.stringContaining('answered 200'),
          },
        ],
      });

      // A second run finds everything done.
      const again = await runSeed({
        mode,
        entityRefs: [PAYMENTS, IDENTITY],
        store,
        database: knex,
      });
      expect(again.created).toBe(0);
      expect(
        (await service.list(IDENTITY))[0].milestone.regression?.regressedAt,
      ).toBe('2026-11-20T09:00:00.000Z');
    },
  );
});
