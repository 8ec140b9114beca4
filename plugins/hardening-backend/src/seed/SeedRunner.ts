import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  EvidenceKind,
  GateResult,
  TestReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseContractStore } from '../database/DatabaseContractStore';
import { DatabaseGitTagStore } from '../database/DatabaseGitTagStore';
import { DatabaseTriageStore } from '../database/DatabaseTriageStore';
import { EvidenceStore } from '../database/EvidenceStore';
import { parseContractYaml } from '../ingest/contract/ContractYamlParser';
import {
  demoAuditChain,
  DemoRelease,
  demoReleaseVersion,
} from './demoAuditChain';
import {
  DEMO_CONTRACT_UPLOADER,
  demoContractResults,
  demoContractYaml,
} from './demoContract';
import { demoJunitReport } from './demoJunitReport';
import { seedMilestones } from './demoMilestones';
import { demoStressRun } from './demoStressRun';
import { demoTriageReport } from './demoTriageReport';
import { seedTriageWorkflow } from './demoTriageWorkflow';
import { demoValidationReport } from './demoValidationReport';
import { createSeededRandom, SeededRandom } from './seededRandom';
import {
  SeedStores,
  uploadAuditChain,
  uploadContract,
  uploadContractResults,
  uploadGatesReport,
  uploadStressRun,
  uploadTestReport,
  uploadTriageReport,
  uploadValidationReport,
} from './seedUploads';
import {
  DemoQuirks,
  profileFor,
  quirksFor,
  ServiceProfile,
} from './serviceProfiles';

/**
 * The seeding modes of the practice's single seeding runner:
 * - `e2e`: minimal and deterministic, for end-to-end tests (3 days of evidence);
 * - `golden`: the demo (30 days of daily evidence per service);
 * - `full`: volume for benchmarks and performance figures (a year per service).
 */
export const SEED_MODES = {
  e2e: { days: 3 },
  golden: { days: 30 },
  full: { days: 365 },
};

export type SeedMode = keyof typeof SEED_MODES;

export const REQUIRED_DEMO_GATES = ['lint', 'typecheck', 'build', 'tests'];

/** Fixed end of the seeded history, so every run writes the same evidence. */
export const DEFAULT_SEED_END = new Date('2026-11-20T06:00:00.000Z');

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * When each kind of evidence arrives, in minutes relative to the day's test report
 * (06:00 UTC by default): the release script runs first, then the nightly
 * integration run is triaged, the stress run and the production validation follow, and
 * the contract check runs in the same CI run as the tests.
 */
const ARRIVAL_MINUTES = {
  release: -120,
  triageFinished: -75,
  triage: -70,
  stressStarted: -60,
  stress: -40,
  validationChecked: -30,
  validation: -25,
  contractResults: -5,
};

export type SeedOptions = {
  mode: SeedMode;
  entityRefs: string[];
  store: EvidenceStore;
  /**
   * The plugin's database, for the stores of contracts, audit chains and triage reports
   * (the plugin passes the knex client it got from the `database` service).
   */
  database?: Knex;
  logger?: LoggerService;
  /** Overrides the mode's number of days. */
  days?: number;
  endDate?: Date;
};

/** How many reports of one kind the seed uploaded, and how many of them were new. */
export type SeedKindCount = { reports: number; created: number };

export type SeedSummary = {
  entities: number;
  /** Evidence reports uploaded, all kinds together. */
  reports: number;
  /** Of those, the ones that were not stored yet. */
  created: number;
  kinds: Record<EvidenceKind, SeedKindCount>;
  /** Delivery contracts uploaded (one per entity, unless it has its own) and created. */
  contracts: { uploaded: number; created: number };
};

const KINDS: EvidenceKind[] = [
  'test-report',
  'ci-gates',
  'contract-results',
  'stress-run',
  'validation',
  'audit-chain',
  'triage',
  'git-tags',
];

function emptySummary(entities: number): SeedSummary {
  return {
    entities,
    reports: 0,
    created: 0,
    kinds: Object.fromEntries(
      KINDS.map(kind => [kind, { reports: 0, created: 0 }]),
    ) as Record<EvidenceKind, SeedKindCount>,
    contracts: { uploaded: 0, created: 0 },
  };
}

function demoGates(
  profile: ServiceProfile,
  random: SeededRandom,
  testsPassed: boolean,
): GateResult[] {
  const lintPassed = !random.chance(profile.lintFailureRate);
  return [
    {
      name: 'lint',
      status: lintPassed ? 'passed' : 'failed',
      ...(lintPassed ? {} : { notes: `${random.int(1, 9)} lint errors` }),
    },
    { name: 'typecheck', status: 'passed' },
    { name: 'build', status: 'passed' },
    { name: 'tests', status: testsPassed ? 'passed' : 'failed' },
    {
      name: 'dependency-audit',
      status: random.chance(0.1) ? 'failed' : 'passed',
    },
  ];
}

/** Stress runs, releases and triage happen weekly: every 7th day and on the last day. */
function isWeekly(day: number, days: number): boolean {
  return day % 7 === 0 || day === days - 1;
}

/** What the seed knows about one entity while it writes its history. */
type EntityPlan = {
  mode: SeedMode;
  entityRef: string;
  service: string;
  profile: ServiceProfile;
  quirks: DemoQuirks;
  days: number;
  start: number;
  stores: SeedStores;
  count: (kind: EvidenceKind, created: boolean) => void;
  logger?: LoggerService;
};

/** Uploads the entity's demo contract unless another contract is current; its digest. */
async function seedContract(
  plan: EntityPlan,
  summary: SeedSummary,
): Promise<string> {
  const { entityRef, service, stores } = plan;
  const yaml = demoContractYaml(service);
  const { digest } = parseContractYaml(yaml);
  const current = await stores.contracts.latestContract(entityRef);
  if (current && current.digest !== digest) {
    plan.logger?.info(
      `Hardening seed: ${entityRef} has its own delivery contract; it is kept`,
    );
    return digest;
  }
  const saved = await uploadContract(stores, {
    entityRef,
    yaml,
    uploadedAt: new Date(plan.start - DAY_MS),
    uploadedBy: DEMO_CONTRACT_UPLOADER,
  });
  summary.contracts.uploaded += 1;
  summary.contracts.created += Number(saved.created);
  return digest;
}

/** One day of an entity: CI run (tests, gates, contract check) and the weekly evidence. */
async function seedDay(
  plan: EntityPlan,
  day: number,
  state: {
    contractDigest: string;
    releases: DemoRelease[];
    weekly: number;
    lastRun?: { at: Date; commit: string };
  },
) {
  const { mode, entityRef, service, profile, quirks, days, stores, count } =
    plan;
  const at = plan.start + day * DAY_MS;
  const minutes = (offset: number) => new Date(at + offset * MINUTE_MS);
  const random = createSeededRandom(`${mode}:${entityRef}:${day}`);
  const randomFor = (kind: string) =>
    createSeededRandom(`${mode}:${entityRef}:${day}:${kind}`);
  const commit = random.hex(40);
  const runUrl = `https://ci.example.com/${service}/runs/${day + 1}`;
  const context = {
    commit,
    branch: 'main',
    runUrl,
    pipeline: 'ci',
    tags: ['e2e:happy', 'e2e:security'],
  };
  const last = day === days - 1;
  const weekly = isWeekly(day, days);
  if (last) {
    state.lastRun = { at: new Date(at), commit };
  }

  if (weekly) {
    state.releases.push({
      version: demoReleaseVersion(state.releases.length),
      startedAt: minutes(ARRIVAL_MINUTES.release),
      commit,
    });
  }

  if (weekly && profile.name !== 'steady') {
    const triageUrl = `https://ci.example.com/${service}/integration/${
      day + 1
    }`;
    const triage = await uploadTriageReport(stores, {
      entityRef,
      body: demoTriageReport({
        service,
        profile,
        random: randomFor('triage'),
        runNumber: day + 1,
        commit,
        runUrl: triageUrl,
        finishedAt: minutes(ARRIVAL_MINUTES.triageFinished),
        diagnosticsDefect: last,
      }),
      context: {
        commit,
        branch: 'main',
        runUrl: triageUrl,
        pipeline: 'integration',
        tags: ['nightly'],
      },
      receivedAt: minutes(ARRIVAL_MINUTES.triage),
    });
    count('triage', triage.created);
  }

  if (weekly) {
    const stress = await uploadStressRun(stores, {
      entityRef,
      body: demoStressRun({
        service,
        profile,
        quirks,
        random: randomFor('stress-run'),
        startedAt: minutes(ARRIVAL_MINUTES.stressStarted),
        runIndex: state.weekly,
        latest: last,
      }),
      context: {
        commit,
        branch: 'main',
        runUrl: `https://ci.example.com/${service}/stress/${state.weekly + 1}`,
        pipeline: 'stress',
        tags: ['stress'],
      },
      receivedAt: minutes(ARRIVAL_MINUTES.stress),
    });
    count('stress-run', stress.created);
    state.weekly += 1;
  }

  if (last) {
    const release = state.releases[state.releases.length - 1];
    const validation = await uploadValidationReport(stores, {
      entityRef,
      body: demoValidationReport({
        profile,
        release: release.version,
        checkedAt: minutes(ARRIVAL_MINUTES.validationChecked),
      }),
      context: {
        commit: release.commit,
        branch: 'main',
        runUrl: `https://ci.example.com/${service}/releases/${release.version}/validation`,
        pipeline: 'release',
        tags: ['production'],
      },
      receivedAt: minutes(ARRIVAL_MINUTES.validation),
    });
    count('validation', validation.created);
  }

  const results = await uploadContractResults(stores, {
    entityRef,
    body: demoContractResults({
      service,
      profile,
      quirks,
      random: randomFor('contract-results'),
      contractDigest: state.contractDigest,
      day,
      recentWeek: day >= days - 7,
    }),
    context: { ...context, tags: ['delivery-contract'] },
    receivedAt: minutes(ARRIVAL_MINUTES.contractResults),
  });
  count('contract-results', results.created);

  const xml = demoJunitReport({
    service,
    profile,
    random,
    timestamp: new Date(at).toISOString(),
  });
  const tests = await uploadTestReport(stores, {
    entityRef,
    body: xml,
    context,
    receivedAt: new Date(at),
  });
  count('test-report', tests.created);

  const { totals } = tests.report.summary as TestReportSummary;
  const gates = demoGates(profile, random, totals.failed + totals.errors === 0);
  const gatesResult = await uploadGatesReport(stores, {
    entityRef,
    body: JSON.stringify({ gates }),
    context,
    receivedAt: new Date(at),
  });
  count('ci-gates', gatesResult.created);
}

/**
 * The entity's whole release audit chain as one upload. A chain stored by another mode
 * (or another number of days) is a different history: the store refuses it with a
 * conflict, which the seed reports and skips.
 */
async function seedAuditChain(plan: EntityPlan, releases: DemoRelease[]) {
  const { mode, entityRef, service, profile, stores, count } = plan;
  if (releases.length === 0) return;
  const chain = demoAuditChain({
    service,
    profile,
    random: createSeededRandom(`${mode}:${entityRef}:audit-chain`),
    releases,
  });
  const latest = releases[releases.length - 1];
  try {
    const result = await uploadAuditChain(stores, {
      entityRef,
      body: chain.jsonl,
      context: {
        commit: latest.commit,
        branch: 'main',
        runUrl: `https://ci.example.com/${service}/releases/${latest.version}`,
        pipeline: 'release',
        tags: ['release'],
      },
      receivedAt: new Date(chain.endedAt.getTime() + 2 * MINUTE_MS),
    });
    count('audit-chain', result.created);
  } catch (error) {
    if (!isError(error) || error.name !== 'ConflictError') throw error;
    plan.logger?.warn(
      `Hardening seed: the audit chain of ${entityRef} was not seeded: ${error.message}`,
    );
    count('audit-chain', false);
  }
}

/**
 * Fills the store with deterministic evidence of every kind for the given entities,
 * through the same parsers, evaluations and store calls as real uploads. Running it
 * again writes nothing new (every report is recognised by its digest, the contract and
 * the audit chain are already current). The demo milestones (see `DEMO_MILESTONES`) and
 * the triage demo of payments-api (see `seedTriageWorkflow`) come last, on top of the
 * history.
 */
export async function runSeed(options: SeedOptions): Promise<SeedSummary> {
  const { mode, entityRefs, store, database, logger } = options;
  if (!database) {
    throw new Error(
      'runSeed needs `database` (the plugin knex client) to seed delivery contracts, audit chains and triage reports; pass `database: knex` from plugin.ts',
    );
  }
  const stores: SeedStores = {
    evidence: store,
    contracts: new DatabaseContractStore(database, store),
    chains: new DatabaseAuditChainStore(database, store),
    triage: new DatabaseTriageStore(database, store),
    gitTags: new DatabaseGitTagStore(store),
  };
  const days = options.days ?? SEED_MODES[mode].days;
  const end = (options.endDate ?? DEFAULT_SEED_END).getTime();
  const start = end - (days - 1) * DAY_MS;
  const summary = emptySummary(entityRefs.length);
  const count = (kind: EvidenceKind, created: boolean) => {
    summary.kinds[kind].reports += 1;
    summary.kinds[kind].created += Number(created);
    summary.reports += 1;
    summary.created += Number(created);
  };

  for (const entityRef of entityRefs) {
    const plan: EntityPlan = {
      mode,
      entityRef,
      service: entityRef.split('/').pop() ?? entityRef,
      profile: profileFor(entityRef),
      quirks: quirksFor(entityRef),
      days,
      start,
      stores,
      count,
      logger,
    };
    if ((await store.getRequiredGates(entityRef)).length === 0) {
      await store.setRequiredGates(entityRef, REQUIRED_DEMO_GATES, {
        updatedAt: new Date(end - days * DAY_MS),
        updatedBy: 'hardening-seed',
      });
    }
    const state: Parameters<typeof seedDay>[2] = {
      contractDigest: await seedContract(plan, summary),
      releases: [],
      weekly: 0,
    };
    for (let day = 0; day < days; day += 1) {
      await seedDay(plan, day, state);
    }
    await seedAuditChain(plan, state.releases);
    if (state.lastRun) {
      await seedMilestones({
        mode,
        entityRef,
        database,
        stores,
        createdAt: new Date(start - DAY_MS),
        lastRun: state.lastRun,
        count,
        logger,
      });
      await seedTriageWorkflow({
        entityRef,
        database,
        stores,
        lastRun: state.lastRun,
        count,
      });
    }
  }

  const perKind = KINDS.map(
    kind =>
      `${kind} ${summary.kinds[kind].created}/${summary.kinds[kind].reports}`,
  ).join(', ');
  logger?.info(
    `Hardening seed (${mode}): ${summary.created} of ${summary.reports} reports written for ${summary.entities} entities (${perKind}); ${summary.contracts.created} contracts created`,
  );
  return summary;
}
