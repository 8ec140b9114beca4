import {
  StressLatency,
  StressRunInput,
} from '@hardening/backstage-plugin-hardening-common';
import { SeededRandom } from './seededRandom';
import { DemoQuirks, ServiceProfile } from './serviceProfiles';

/** The limits every demo stress run is judged against: under 1 % failures, p95 under 500 ms. */
export const DEMO_STRESS_THRESHOLDS = { maxErrorRate: 0.01, p95Ms: 500 };

const MINUTE_MS = 60 * 1000;

/** Percentiles around a p95, rounded, never decreasing. */
function latency(p95: number): StressLatency {
  return {
    p50: Math.round(p95 * 0.4),
    p90: Math.round(p95 * 0.8),
    p95,
    p99: Math.round(p95 * 1.3),
    max: Math.round(p95 * 2.1),
  };
}

/**
 * A native stress-run document of a demo service, in three phases: writes that must all
 * succeed (`happy`), reads (`read`), and forged, expired and cross-tenant requests that
 * must all be denied (`negative`), with exact request and failure counts.
 *
 * - steady and flaky services stay within the thresholds (flaky ones closer to them);
 * - struggling services alternate between failed writes on the happy path and a p95
 *   over the limit;
 * - a service with the `negativePhaseLeaks` quirk answered 200 to a few forged requests
 *   in its latest run (and in some earlier ones).
 */
export function demoStressRun(options: {
  service: string;
  profile: ServiceProfile;
  quirks: DemoQuirks;
  random: SeededRandom;
  startedAt: Date;
  /** Position of this run among the service's runs (0 = first). */
  runIndex: number;
  latest: boolean;
}): string {
  const { service, profile, quirks, random, startedAt, runIndex } = options;
  const struggling = profile.name === 'struggling';
  const flaky = profile.name === 'flaky';

  const happyRequests = random.int(1000, 1600);
  const happyFailures = struggling && runIndex % 2 === 0 ? random.int(1, 6) : 0;
  const happyP95 =
    struggling && runIndex % 2 === 1
      ? random.int(520, 760)
      : random.int(flaky ? 240 : 120, flaky ? 430 : 260);

  const readRequests = random.int(4000, 6500);
  const readFailures = random.int(0, flaky || struggling ? 20 : 2);
  const readP95 = random.int(60, flaky ? 380 : 200);

  const perStatus = random.int(150, 300);
  const leaks =
    quirks.negativePhaseLeaks && (options.latest || random.chance(0.25))
      ? random.int(2, 4)
      : 0;
  const statusCounts: Record<string, number> = {
    '401': perStatus,
    '403': perStatus,
    '404': perStatus - leaks,
  };
  if (leaks > 0) {
    statusCounts['200'] = leaks;
  }

  const durationMinutes = random.int(8, 14);
  const run: StressRunInput = {
    scenario: `${service} core journeys`,
    target: `https://staging.example.com/${service}`,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(
      startedAt.getTime() + durationMinutes * MINUTE_MS,
    ).toISOString(),
    phases: [
      {
        name: 'create and update records',
        kind: 'happy',
        requests: happyRequests,
        failures: happyFailures,
        latencyMs: latency(happyP95),
      },
      {
        name: 'read back',
        kind: 'read',
        requests: readRequests,
        failures: readFailures,
        latencyMs: latency(readP95),
      },
      {
        name: 'forged, expired and cross-tenant tokens',
        kind: 'negative',
        requests: perStatus * 3,
        failures: leaks,
        expectedStatuses: [401, 403, 404],
        statusCounts,
      },
    ],
    thresholds: DEMO_STRESS_THRESHOLDS,
  };
  return `${JSON.stringify(run, null, 2)}\n`;
}
