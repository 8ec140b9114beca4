import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  milestoneSchema,
  REQUIRED_VALIDATION_METRICS,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { DatabaseFreezeEvidenceReader } from '../database/DatabaseFreezeEvidenceReader';
import { DatabaseMilestoneStore } from '../database/DatabaseMilestoneStore';
import {
  SeedStores,
  uploadContractResults,
  uploadGatesReport,
  uploadValidationReport,
} from '../seed/seedUploads';
import { MilestoneService } from '../service/milestoneService';
import {
  greenMilestone,
  seedStoresOn,
  storeGreenEvidence,
} from './milestoneFixtures';

function group(name: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', profile: { displayName: `Team ${name}` }, children },
  };
}

function component(
  name: string,
  owner: string,
  spec: { system: string; lifecycle: string },
  tier?: string,
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(tier ? { labels: { tier } } : {}),
      ...(title ? { title } : {}),
    },
    spec: { type: 'service', owner, ...spec },
  };
}

/**
 * A small organisation: `platform` has the child teams `payments` and `identity`, and
 * `payments` the sub-team `payments-ledger`.
 *
 * - payments-api (payments): frozen milestone, everything green: gold;
 * - ledger-service (payments-ledger): gates green, half the contract gates: bronze;
 * - identity-service (identity): no evidence: no level;
 * - vault-service (payments-ledger): hidden from `user:default/outsider` by the catalog.
 */
export const orgEntities: Entity[] = [
  group('platform', ['payments', 'group:default/identity']),
  group('payments', ['payments-ledger']),
  group('payments-ledger'),
  group('identity'),
  component(
    'payments-api',
    'payments',
    { system: 'payments', lifecycle: 'production' },
    '1',
    'Payments API, "core"',
  ),
  component(
    'ledger-service',
    'group:default/payments-ledger',
    { system: 'payments', lifecycle: 'production' },
    '2',
  ),
  component(
    'identity-service',
    'identity',
    { system: 'identity', lifecycle: 'experimental' },
    undefined,
    '=HYPERLINK("http://example.com")',
  ),
  component(
    'vault-service',
    'payments-ledger',
    { system: 'payments', lifecycle: 'production' },
    '1',
  ),
];

/** Entity refs the catalog hides from each user. */
export const HIDDEN_FROM: Record<string, string[]> = {
  'user:default/outsider': ['component:default/vault-service'],
};

const refOf = (e: Entity) => stringifyEntityRef(e).toLocaleLowerCase('en-US');

function hiddenFor(options: unknown): Set<string> {
  const { credentials } = options as { credentials: BackstageCredentials };
  const principal = credentials.principal as { userEntityRef?: string };
  return new Set(HIDDEN_FROM[principal.userEntityRef ?? ''] ?? []);
}

/**
 * An in-memory catalog that, like the real one under a permission policy, shows each
 * user only what they may see.
 */
export function catalogWithVisibility(entities: Entity[]) {
  const base = catalogServiceMock({ entities });
  return catalogServiceMock.mock({
    getEntityByRef: async (ref, options) =>
      hiddenFor(options).has(String(ref).toLocaleLowerCase('en-US'))
        ? undefined
        : base.getEntityByRef(ref, options),
    getEntities: async (request, options) => {
      const hidden = hiddenFor(options);
      const { items } = await base.getEntities(request, options);
      return { items: items.filter(e => !hidden.has(refOf(e))) };
    },
  });
}

/**
 * A permission service whose policy is conditional for `hardening.evidence.read`: it
 * allows every entity except `denied`.
 */
export function conditionalPermissions(denied: string[]): PermissionsService {
  const base = mockServices.permissions();
  return {
    ...base,
    authorizeConditional: async requests =>
      requests.map(
        () =>
          ({
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: { rule: 'IS_ENTITY_OWNER', params: {} },
          } as unknown as PolicyDecision),
      ) as never,
    authorize: async requests =>
      requests.map(r => ({
        result: denied.includes(
          (r as { resourceRef?: string }).resourceRef ?? '',
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  };
}

const context = { commit: 'abcdef1234567', tags: [] };

/**
 * Stores green evidence for an entity from `at` (see `storeGreenEvidence`), then saves
 * and freezes `greenMilestone` a day later through the real milestone service.
 */
export async function storeFrozenGreenEntity(
  knex: Knex,
  stores: SeedStores,
  entityRef: string,
  at: Date,
): Promise<void> {
  await storeGreenEvidence(stores, entityRef, at);
  const milestones = new MilestoneService({
    milestones: new DatabaseMilestoneStore(knex, stores.chains),
    evidence: new DatabaseFreezeEvidenceReader(knex),
    clock: () => new Date(at.getTime() + 86_400_000),
  });
  await milestones.save(
    entityRef,
    milestoneSchema.parse(greenMilestone),
    'user:default/ana',
  );
  await milestones.freeze(entityRef, greenMilestone.id, {
    frozenBy: 'user:default/ana',
  });
}

/** Stores the evidence of {@link orgEntities}, up to `now`. */
export async function storeOrgEvidence(knex: Knex, now: Date): Promise<void> {
  const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const stores = seedStoresOn(knex, new DatabaseEvidenceStore(knex));
  const payments = 'component:default/payments-api';
  await storeFrozenGreenEntity(knex, stores, payments, day(3));
  await uploadValidationReport(stores, {
    entityRef: payments,
    body: JSON.stringify({
      environment: 'production',
      checkedAt: day(1).toISOString(),
      metrics: REQUIRED_VALIDATION_METRICS.map(id => ({ id, status: 'pass' })),
    }),
    context,
    receivedAt: day(1),
  });

  for (const ref of [
    'component:default/ledger-service',
    'component:default/vault-service',
  ]) {
    await uploadGatesReport(stores, {
      entityRef: ref,
      body: JSON.stringify({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: 'passed' },
        ],
      }),
      context,
      receivedAt: day(1),
    });
    await uploadContractResults(stores, {
      entityRef: ref,
      body: JSON.stringify({
        results: [
          { gateId: 'a', status: 'pass', matchedFiles: 2, violations: [] },
          {
            gateId: 'b',
            status: 'fail',
            matchedFiles: 2,
            violations: [{ file: 'src/a.ts', message: 'raw SQL' }],
          },
        ],
      }),
      context,
      receivedAt: day(1),
    });
  }
}
