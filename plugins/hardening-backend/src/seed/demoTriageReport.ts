import {
  TriageFailureInput,
  TriageRun,
} from '@hardening/backstage-plugin-hardening-common';
import { SeededRandom } from './seededRandom';
import { ServiceProfile } from './serviceProfiles';

const MINUTE_MS = 60 * 1000;

type FailureTemplate = {
  scenarioId: string;
  invariantId: string;
  title: string;
  symptom: string;
  message: (n: number) => string;
  /** The kind of id the failure's `keyEntityIds` name besides the organisation. */
  entity: string;
};

/**
 * Failures a struggling service keeps having: broken invariants of the data itself
 * (tenant isolation, idempotency, state transitions).
 */
const REGRESSIONS: FailureTemplate[] = [
  {
    scenarioId: 'BID-004',
    invariantId: 'TENANT-002',
    title: "A bid window listed another organisation's bids",
    symptom: 'cross-tenant rows in a list response',
    message: n => `org-b received 2 bids placed by org-a in bid window bw-${n}`,
    entity: 'bw',
  },
  {
    scenarioId: 'API-031',
    invariantId: 'IDEMP-001',
    title: 'A retried POST created a second record',
    symptom: 'duplicate rows after a retry with the same Idempotency-Key',
    message: n => `records r-${n} and r-${n + 1} share one Idempotency-Key`,
    entity: 'r',
  },
  {
    scenarioId: 'SCH-012',
    invariantId: 'STATE-003',
    title: 'A cancelled shift went back to scheduled',
    symptom: 'a forbidden state transition was accepted',
    message: n => `shift sh-${n}: cancelled -> scheduled answered 200`,
    entity: 'sh',
  },
  {
    scenarioId: 'HLT-003',
    invariantId: 'STATE-001',
    title: 'A health score changed after the account was closed',
    symptom: 'writes to a closed account',
    message: n => `account ac-${n} closed at 02:10, score updated at 02:14`,
    entity: 'ac',
  },
];

/**
 * Failures a flaky service has now and then: timing and concurrency, the kind that
 * must be fixed deterministically rather than rerun until green.
 */
const TIMING: FailureTemplate[] = [
  {
    scenarioId: 'ADV-007',
    invariantId: 'ASSIGN-002',
    title: 'Two drivers got the same slot under concurrent accepts',
    symptom: 'double assignment when two accepts race',
    message: n => `slot sl-${n} assigned to drivers d-17 and d-42`,
    entity: 'sl',
  },
  {
    scenarioId: 'NOS-002',
    invariantId: 'NOTIF-001',
    title: 'The no-show reminder was sent twice',
    symptom: 'duplicate notification within one second',
    message: n => `two reminders for assignment as-${n}, 340 ms apart`,
    entity: 'as',
  },
  {
    scenarioId: 'UI-015',
    invariantId: 'TENANT-001',
    title: 'After switching organisation the export still showed the old one',
    symptom: 'stale tenant in the UI cache',
    message: n => `export ex-${n} listed org-a data in an org-b session`,
    entity: 'ex',
  },
];

/**
 * The triage report of one integration run of a flaky or struggling demo service: the
 * failures of the run, each with its scenario and invariant ids (from the built-in
 * taxonomies), the organisation fixture it ran against, the ids needed to inspect it and
 * links to its log and the harness report. The service's first template fails in every
 * run and the others now and then, so failures group across runs. With
 * `diagnosticsDefect`, one more failure names its scenario but no invariant: the harness
 * did not say what broke.
 */
export function demoTriageReport(options: {
  service: string;
  profile: ServiceProfile;
  random: SeededRandom;
  runNumber: number;
  commit: string;
  runUrl: string;
  finishedAt: Date;
  diagnosticsDefect: boolean;
}): string {
  const { service, profile, random, runNumber, commit, runUrl, finishedAt } =
    options;
  const templates = profile.name === 'struggling' ? REGRESSIONS : TIMING;
  const extraChance = profile.name === 'struggling' ? 0.5 : 0.3;
  const chosen = [
    templates[0],
    ...templates.slice(1).filter(() => random.chance(extraChance)),
  ];
  const artifacts = `${runUrl}/artifacts`;
  const evidence = [
    { kind: 'log', uri: `${artifacts}/integration.log` },
    {
      kind: 'report',
      uri: `${artifacts}/triage-report.json`,
      label: 'harness report',
    },
  ];

  const failures: TriageFailureInput[] = chosen.map((template, i) => {
    const n = random.int(100, 999);
    const organization = random.pick(['org-a', 'org-b']);
    return {
      scenarioId: template.scenarioId,
      invariantId: template.invariantId,
      organizationUnderTest: organization,
      keyEntityIds: [organization, `${template.entity}-${n}`],
      title: template.title,
      symptom: template.symptom,
      message: template.message(n),
      evidence,
      occurredAt: new Date(
        finishedAt.getTime() - (chosen.length - i) * 7 * MINUTE_MS,
      ).toISOString(),
      labels: { suite: 'nightly', service },
    };
  });
  if (options.diagnosticsDefect) {
    failures.push({
      scenarioId: 'API-044',
      organizationUnderTest: 'org-a',
      keyEntityIds: ['org-a'],
      title: 'GET /exports answered 500 and the harness named no invariant',
      message: 'expected 200, got 500; no invariant id was printed',
      evidence: [{ kind: 'log', uri: `${artifacts}/integration.log` }],
      occurredAt: new Date(finishedAt.getTime() - MINUTE_MS).toISOString(),
      labels: { suite: 'nightly', service },
    });
  }

  const report: { run: TriageRun; failures: TriageFailureInput[] } = {
    run: {
      id: `nightly-${runNumber}`,
      url: runUrl,
      commit,
      branch: 'main',
    },
    failures,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
