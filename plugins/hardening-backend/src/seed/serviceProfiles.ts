import { createSeededRandom } from './seededRandom';

/** The three behaviours a seeded service can have. */
export type ServiceProfileName = 'steady' | 'flaky' | 'struggling';

/**
 * How a seeded service behaves over time, so that the demo shows every state a real
 * portfolio has: services ready to freeze, services with flaky suites, services that
 * regressed.
 */
export type ServiceProfile = {
  name: ServiceProfileName;
  /** Chance that a given test fails for real on a given day. */
  failureRate: number;
  /** Chance that a test fails and then passes on rerun. */
  flakeRate: number;
  /** Number of distinct tests in the service's suite. */
  testCount: number;
  /** Chance that the lint gate fails on a day. */
  lintFailureRate: number;
};

const PROFILES: Record<ServiceProfileName, ServiceProfile> = {
  steady: {
    name: 'steady',
    failureRate: 0,
    flakeRate: 0.002,
    testCount: 48,
    lintFailureRate: 0,
  },
  flaky: {
    name: 'flaky',
    failureRate: 0.004,
    flakeRate: 0.03,
    testCount: 64,
    lintFailureRate: 0.05,
  },
  struggling: {
    name: 'struggling',
    failureRate: 0.03,
    flakeRate: 0.01,
    testCount: 36,
    lintFailureRate: 0.2,
  },
};

/**
 * The profile of a service: fixed for a few well-known demo services (payments-api is
 * the one a demo freezes), otherwise drawn deterministically from its ref.
 */
export function profileFor(entityRef: string): ServiceProfile {
  const fixed: Record<string, ServiceProfileName> = {
    'component:default/payments-api': 'steady',
    'component:default/identity-service': 'steady',
    'component:default/fraud-scoring': 'flaky',
    'component:default/invoice-generator': 'struggling',
  };
  const name =
    fixed[entityRef] ??
    (['steady', 'flaky', 'struggling'] as const)[
      createSeededRandom(`profile:${entityRef}`).int(0, 2)
    ];
  return PROFILES[name];
}

/**
 * One-off defects a few well-known demo services show on top of their profile, so that
 * the demo has an example of each.
 */
export type DemoQuirks = {
  /**
   * An active contract gate whose targets matched no file in the last week of results
   * (the code it checks moved): a gate that checked nothing is not a pass.
   */
  unmatchedContractGate?: string;
  /** The negative phase of the stress runs answered 200 to a few forged requests. */
  negativePhaseLeaks?: boolean;
};

const QUIRKS: Record<string, DemoQuirks> = {
  'component:default/fraud-scoring': { negativePhaseLeaks: true },
  'component:default/ledger-service': {
    unmatchedContractGate: 'tenant.where-tenant-id',
  },
};

/** The quirks of a demo service (none for most). */
export function quirksFor(entityRef: string): DemoQuirks {
  return QUIRKS[entityRef] ?? {};
}
