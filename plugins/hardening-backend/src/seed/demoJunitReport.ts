import { SeededRandom } from './seededRandom';
import { ServiceProfile } from './serviceProfiles';

const SUITES = ['api', 'domain', 'persistence', 'security', 'e2e'];
const VERBS = ['creates', 'rejects', 'lists', 'updates', 'retries', 'audits'];
const NOUNS = [
  'order',
  'refund',
  'tenant',
  'session',
  'invoice',
  'webhook',
  'token',
  'export',
];

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The fixed list of test names of a service's suite. */
function testNames(count: number): { suite: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    suite: SUITES[i % SUITES.length],
    name: `${VERBS[i % VERBS.length]} ${NOUNS[(i * 7) % NOUNS.length]} #${
      i + 1
    }`,
  }));
}

/**
 * A JUnit XML report, in the shape Maven Surefire writes (with `flakyFailure` for tests
 * that passed on rerun), for one CI run of a seeded service. The seed runner feeds it
 * through the real JUnit parser, like any upload.
 */
export function demoJunitReport(options: {
  service: string;
  profile: ServiceProfile;
  random: SeededRandom;
  timestamp: string;
}): string {
  const { service, profile, random, timestamp } = options;
  const bySuite = new Map<string, string[]>();
  for (const { suite, name } of testNames(profile.testCount)) {
    const time = (random.int(2, 900) / 1000).toFixed(3);
    const classname = `${service}.${suite}`;
    let body = '';
    if (random.chance(profile.failureRate)) {
      body = `<failure message="expected status 200, got 500" type="AssertionError">at ${classname} (${suite}.test.ts:${random.int(
        10,
        300,
      )})</failure>`;
    } else if (random.chance(profile.flakeRate)) {
      body = `<flakyFailure message="connect ECONNRESET" type="Error"/>`;
    }
    const testcase = `<testcase classname="${escapeXml(
      classname,
    )}" name="${escapeXml(name)}" time="${time}">${body}</testcase>`;
    bySuite.set(suite, [...(bySuite.get(suite) ?? []), testcase]);
  }
  const suites = [...bySuite.entries()]
    .map(
      ([suite, cases]) =>
        `  <testsuite name="${escapeXml(
          `${service}.${suite}`,
        )}" timestamp="${timestamp}">\n    ${cases.join(
          '\n    ',
        )}\n  </testsuite>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(
    service,
  )}">\n${suites}\n</testsuites>\n`;
}
