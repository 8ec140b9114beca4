import { MilestoneInput } from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseContractStore } from '../database/DatabaseContractStore';
import { DatabaseGitTagStore } from '../database/DatabaseGitTagStore';
import { DatabaseTriageStore } from '../database/DatabaseTriageStore';
import { EvidenceStore } from '../database/EvidenceStore';
import {
  SeedStores,
  uploadContract,
  uploadContractResults,
  uploadGatesReport,
  uploadGitTags,
  uploadStressRun,
  uploadTestReport,
} from '../seed/seedUploads';

/**
 * The tables milestones and the evidence of {@link storeGreenEvidence} are stored in,
 * children first: what a test clears between cases.
 */
export const MILESTONE_EVIDENCE_TABLES = [
  'milestone_freezes',
  'milestones',
  'git_tags',
  'audit_chain_heads',
  'audit_chain_entries',
  'audit_chain_tree_tiles',
  'audit_chain_checkpoints',
  'audit_chain_cosignatures',
  'contract_violations',
  'test_results',
  'evidence_reports',
  'delivery_contracts',
  'required_gates',
];

/** A milestone whose checklist the evidence of {@link storeGreenEvidence} makes green. */
export const greenMilestone: MilestoneInput = {
  id: 'M3.3.1',
  title: 'Share packs hardened',
  stage: 'hardening-slice',
  thresholds: { p95LimitMs: 300 },
};

const contractYaml = `gates:
  - id: security.auth
    description: share-pack routes verify the session
    type: file_content
    targets: ['src/routes/**/*.ts']
    must_match: ['getSession']
    status: active
  - id: build.lint
    description: lint is clean
    type: command
    command: yarn lint
    status: active
`;

/** A JUnit report of `passed` passing and `failed` failing tests. */
export function junitReport(passed: number, failed = 0): string {
  const cases = [
    ...Array.from(
      { length: passed },
      (_, i) => `<testcase classname="e2e" name="passes ${i}" time="0.1"/>`,
    ),
    ...Array.from(
      { length: failed },
      (_, i) =>
        `<testcase classname="e2e" name="fails ${i}" time="0.1"><failure message="expected 403, got 200"/></testcase>`,
    ),
  ];
  return `<testsuite name="e2e" tests="${cases.length}">${cases.join(
    '',
  )}</testsuite>`;
}

/** A native stress run: no happy-path failure, every forged request denied, p95 `p95` ms. */
export function stressRunJson(p95 = 140, readFailures = 0): string {
  return JSON.stringify({
    scenario: 'share-pack',
    startedAt: '2026-11-20T09:00:00Z',
    thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
    phases: [
      {
        name: 'issue tokens',
        kind: 'happy',
        requests: 2000,
        failures: 0,
        latencyMs: { p95 },
      },
      {
        name: 'open packs',
        kind: 'read',
        requests: 6000,
        failures: readFailures,
        latencyMs: { p95: 95 },
      },
      {
        name: 'forged tokens',
        kind: 'negative',
        requests: 300,
        failures: 0,
        statusCounts: { '401': 100, '403': 200 },
      },
    ],
  });
}

/** The stores the seed uploads write to, on one database. */
export function seedStoresOn(knex: Knex, evidence: EvidenceStore): SeedStores {
  return {
    evidence,
    contracts: new DatabaseContractStore(knex, evidence),
    chains: new DatabaseAuditChainStore(knex, evidence),
    triage: new DatabaseTriageStore(knex, evidence),
    gitTags: new DatabaseGitTagStore(evidence),
  };
}

/**
 * Stores, for one entity, evidence on which every item of {@link greenMilestone}'s
 * checklist is green: a contract with two active gates and passing results, a stress run,
 * lint and build passed, e2e reports tagged happy and security, and its git tag. Each
 * piece a minute after the previous one, from `at`.
 */
export async function storeGreenEvidence(
  stores: SeedStores,
  entityRef: string,
  at: Date,
): Promise<void> {
  const minute = (n: number) => new Date(at.getTime() + n * 60_000);
  const context = { commit: 'abcdef1234567', tags: [] };
  await uploadContract(stores, {
    entityRef,
    yaml: contractYaml,
    uploadedAt: minute(0),
    uploadedBy: 'user:default/ana',
  });
  await uploadContractResults(stores, {
    entityRef,
    body: JSON.stringify({
      results: [
        {
          gateId: 'security.auth',
          status: 'pass',
          matchedFiles: 14,
          violations: [],
        },
        {
          gateId: 'build.lint',
          status: 'pass',
          matchedFiles: 0,
          violations: [],
        },
      ],
    }),
    context,
    receivedAt: minute(1),
  });
  await uploadStressRun(stores, {
    entityRef,
    body: stressRunJson(),
    context,
    receivedAt: minute(2),
  });
  await uploadGatesReport(stores, {
    entityRef,
    body: JSON.stringify({
      gates: [
        { name: 'lint', status: 'passed' },
        { name: 'build', status: 'passed' },
      ],
    }),
    context,
    receivedAt: minute(3),
  });
  await uploadTestReport(stores, {
    entityRef,
    body: junitReport(3),
    context: { ...context, tags: ['e2e:happy'] },
    receivedAt: minute(4),
  });
  await uploadTestReport(stores, {
    entityRef,
    body: junitReport(2),
    context: { ...context, tags: ['e2e:security'] },
    receivedAt: minute(5),
  });
  await uploadGitTags(stores, {
    entityRef,
    body: JSON.stringify({
      tags: [{ name: 'milestone/m3.3.1-hardened', commit: 'abcdef1234567' }],
    }),
    context,
    receivedAt: minute(6),
  });
}
