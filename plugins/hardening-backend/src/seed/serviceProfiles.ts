import { createSeededRandom } from './seededRandom';

/**
 * How a seeded service behaves over time, so that the demo shows every state a real
 * portfolio has: services ready to freeze, services with flaky suites, services that
 * regressed.
 */
export type ServiceProfile = {
  /** Chance that a given test fails for real on a given day. */
  failureRate: number;
  /** Chance that a test fails and then passes on rerun. */
  flakeRate: number;
  /** Number of distinct tests in the service's suite. */
  testCount: number;
  /** Chance that the lint gate fails on a day. */
  lintFailureRate: number;
};

const PROFILES: Record<string, ServiceProfile> = {
  steady: {
    failureRate: 0,
    flakeRate: 0.002,
    testCount: 48,
    lintFailureRate: 0,
  },
  flaky: {
    failureRate: 0.004,
    flakeRate: 0.03,
    testCount: 64,
    lintFailureRate: 0.05,
  },
  struggling: {
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
  const fixed: Record<string, keyof typeof PROFILES> = {
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
