import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import {
  classifyTriageFailure,
  TriageFailureInput,
  triageFailureSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { Readable } from 'node:stream';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { DatabaseTriageStore } from '../database/DatabaseTriageStore';
import { readTriageSettings } from '../triage/triageSettings';

const HOUR_MS = 3_600_000;

/** A Group with its `parentOf` relations, as the catalog resolves them. */
export function group(name: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
    relations: children.map(child => ({
      type: 'parentOf',
      targetRef: `group:default/${child}`,
    })),
  };
}

/**
 * The location annotations the catalog sets on an entity read from `url` (files the
 * entity names are read under its folder).
 */
export function catalogLocation(url: string): Record<string, string> {
  return {
    'backstage.io/managed-by-location': `url:${url}`,
    'backstage.io/managed-by-origin-location': `url:${url}`,
  };
}

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/** payments-org → team-payments (payments-api, secret-api) and team-billing (billing-api). */
export const triageEntities: Entity[] = [
  group('payments-org', ['team-payments', 'team-billing']),
  group('team-payments'),
  group('team-billing'),
  group('team-risk'),
  component('payments-api', 'team-payments', {
    ...catalogLocation(
      'https://github.com/acme/payments-api/blob/main/catalog-info.yaml',
    ),
    'backstage.io/source-location':
      'url:https://github.com/acme/payments-api/tree/main/',
    'hardening.io/runbooks': 'docs/runbooks/triage.md, docs/missing.md',
  }),
  component('secret-api', 'team-payments'),
  component('billing-api', 'team-billing', {
    ...catalogLocation(
      'https://github.com/acme/billing-api/blob/main/catalog-info.yaml',
    ),
    'backstage.io/source-location':
      'url:https://github.com/acme/billing-api/tree/main/',
    // Not in the repository: the team's configured template is used instead.
    'hardening.io/defect-template': '.github/DEFECT.md',
  }),
  component('risk-api', 'team-risk', {
    ...catalogLocation(
      'https://gitlab.com/acme/risk/risk-api/-/blob/main/catalog-info.yaml',
    ),
    'backstage.io/source-location':
      'url:https://gitlab.com/acme/risk/risk-api/-/tree/main/',
    'hardening.io/defect-template': '.hardening/defect.md',
  }),
];

export const PAYMENTS = 'component:default/payments-api';
export const BILLING = 'component:default/billing-api';
export const RISK = 'component:default/risk-api';
export const SECRET = 'component:default/secret-api';

/** The payments-api runbook in its repository: a section for BID and one for SCH. */
export const paymentsRunbook = `# Payments triage

Last updated: 2026-10-01 · Next review: 2026-11-01

## Walkthroughs

### Reproduce one scenario

\`\`\`bash
yarn test:integration -t "BID-001"
\`\`\`

Pass signal: the scenario is green twice with the same seed.

## \`BID-*\` bidding

Check the bid window transitions first.

## SCH scheduling

Week boundaries and caps.
`;

/** Files the fake URL reader serves. */
export const repositoryFiles: Record<string, string> = {
  'https://github.com/acme/payments-api/blob/main/docs/runbooks/triage.md':
    paymentsRunbook,
  'https://gitlab.com/acme/risk/risk-api/-/blob/main/.hardening/defect.md':
    'Risk defect for {{scenarioId}}\n\nSeen: {{observed}}\nIds: {{keyEntityIds}}\n{{artifacts}}\n',
};

/** A read answer as the backend's readers give it: a buffer or a stream of the bytes. */
export function readResponse(text: string) {
  return {
    buffer: async () => Buffer.from(text),
    stream: () => Readable.from([Buffer.from(text)]),
  };
}

/** A URL reader serving {@link repositoryFiles} and 404 for anything else. */
export function fakeUrlReader() {
  return mockServices.urlReader.mock({
    readUrl: jest.fn(async (url: string) => {
      const text = repositoryFiles[url];
      if (text === undefined) throw new NotFoundError(`${url} not found`);
      return readResponse(text);
    }),
  });
}

/** The triage settings of the route tests. */
export const triageTestSettings = readTriageSettings(
  new ConfigReader({
    hardening: {
      triage: {
        rules: [
          {
            name: 'missing relation',
            class: 'data-schema-drift',
            messagePattern: 'relation "\\w+" does not exist',
          },
        ],
        routing: { 'infra-ci': 'ci-maintainers' },
        escalateAfterHours: 24,
        defectTemplates: {
          'team-billing': '# {{title}}\n\nCommit {{commit}} broke it.\n',
        },
        reproCommand: 'yarn test:integration -t "{{scenarioId}}"',
      },
    },
  }),
);

let digests = 0;

/** Stores a triage report `hoursAgo` before `now` on `commit`, as ingestion does. */
export async function storeTriageReport(
  knex: Knex,
  options: {
    entityRef: string;
    now: Date;
    hoursAgo: number;
    commit: string;
    runUrl?: string;
    failures: TriageFailureInput[];
  },
) {
  digests += 1;
  const store = new DatabaseTriageStore(knex, new DatabaseEvidenceStore(knex));
  return store.insertTriageReport({
    entityRef: options.entityRef,
    digest: digests.toString(16).padStart(64, 'f'),
    context: {
      commit: options.commit,
      tags: [],
      ...(options.runUrl ? { runUrl: options.runUrl } : {}),
    },
    receivedAt: new Date(options.now.getTime() - options.hoursAgo * HOUR_MS),
    failures: options.failures.map(f =>
      classifyTriageFailure(triageFailureSchema.parse(f)),
    ),
  });
}

/** The failures of the payments-api demo: one of each suggestion and escalation. */
export const paymentsFailures = {
  /** Open for 48 hours; its invariant also fails under SCH. */
  bid: {
    scenarioId: 'BID-001',
    invariantId: 'TENANT-001',
    organizationUnderTest: 'org-a',
    keyEntityIds: ['org-a', 'bw-9'],
    title: 'Bids of org-a listed to org-b',
    message: 'org-b saw 2 bids of org-a',
    evidence: [
      { kind: 'log', uri: 'https://ci.example.com/runs/7/integration.log' },
    ],
    labels: { expected: 'org-b sees no bids of org-a' },
  },
  /** Matches the configured rule. */
  sch: {
    scenarioId: 'SCH-002',
    invariantId: 'TENANT-001',
    message: 'error: relation "shifts_v2" does not exist',
  },
  /** No invariantId: a harness defect by rule. */
  api: {
    scenarioId: 'API-044',
    message: 'expected 200, got 500',
  },
  /** Failed in only one of the two runs of one commit: flaky. */
  nos: {
    scenarioId: 'NOS-002',
    invariantId: 'NOTIF-001',
    message: 'reminder sent twice',
  },
  /** A connection refused: infra/CI, routed to ci-maintainers. */
  hlt: {
    scenarioId: 'HLT-003',
    invariantId: 'STATE-001',
    message: 'connect ECONNREFUSED 127.0.0.1:5432',
  },
} satisfies Record<string, TriageFailureInput>;

/** Stores the payments-api failures relative to `now`. */
export async function storePaymentsFailures(knex: Knex, now: Date) {
  const { bid, sch, api, nos, hlt } = paymentsFailures;
  await storeTriageReport(knex, {
    entityRef: PAYMENTS,
    now,
    hoursAgo: 48,
    commit: 'c0ffee1',
    runUrl: 'https://ci.example.com/runs/7',
    failures: [bid, sch, api],
  });
  await storeTriageReport(knex, {
    entityRef: PAYMENTS,
    now,
    hoursAgo: 2,
    commit: 'c0ffee1',
    runUrl: 'https://ci.example.com/runs/8',
    failures: [bid, sch, api, nos],
  });
  await storeTriageReport(knex, {
    entityRef: PAYMENTS,
    now,
    hoursAgo: 1,
    commit: 'd00d002',
    runUrl: 'https://ci.example.com/runs/9',
    failures: [hlt],
  });
}

/** The id of the newest occurrence of a scenario of an entity. */
export async function failureIdOf(
  knex: Knex,
  entityRef: string,
  scenarioId: string,
): Promise<string> {
  const row = await knex('triage_failures')
    .where({ entity_ref: entityRef, scenario_id: scenarioId })
    .max({ id: 'id' })
    .first();
  return String(row?.id);
}

/**
 * The in-memory catalog of {@link triageEntities} behind jest spies, so tests can count
 * the catalog calls a route makes.
 */
export function spiedTriageCatalog() {
  const inner = catalogServiceMock({ entities: triageEntities });
  return catalogServiceMock.mock({
    getEntityByRef: jest.fn((ref, opts) => inner.getEntityByRef(ref, opts)),
    getEntities: jest.fn((req, opts) => inner.getEntities(req, opts)),
    getEntitiesByRefs: jest.fn((req, opts) =>
      inner.getEntitiesByRefs(req, opts),
    ),
  });
}

/** Permissions allowing every entity but `denied`, one decision per request. */
export function permissionsDenying(
  denied: string,
  overrides: Parameters<typeof mockServices.permissions.mock>[0] = {},
) {
  return mockServices.permissions.mock({
    authorize: jest.fn(async (requests: Array<{ resourceRef?: string }>) =>
      requests.map(r => ({
        result:
          r.resourceRef === denied
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    ) as never,
    ...overrides,
  });
}
