import {
  AuditChainAction,
  computeEntryHash,
  GENESIS_PREV_HASH,
} from '@hardening/backstage-plugin-hardening-common';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import { SeededRandom } from './seededRandom';
import { ServiceProfile } from './serviceProfiles';

const MINUTE_MS = 60 * 1000;

/** A release a demo service made: when its script started and which commit it shipped. */
export type DemoRelease = {
  version: string;
  startedAt: Date;
  commit: string;
};

/** The version of a demo service's `index`-th release (0-based). */
export function demoReleaseVersion(index: number): string {
  return `v1.${index}.0`;
}

/**
 * Which release of a struggling service was rolled back: the one before the latest, so
 * that the latest release is a promoted one.
 */
function rolledBackIndex(
  profile: ServiceProfile,
  releases: number,
): number | undefined {
  return profile.name === 'struggling' && releases >= 2
    ? releases - 2
    : undefined;
}

type Step = {
  action: AuditChainAction;
  minutes: number;
  details: Record<string, unknown>;
};

function releaseSteps(
  service: string,
  release: DemoRelease,
  previous: DemoRelease | undefined,
  random: SeededRandom,
  rolledBack: boolean,
): Step[] {
  const { version, commit } = release;
  const canaryErrorRate = rolledBack
    ? random.int(21, 48) / 1000
    : random.int(0, 4) / 1000;
  const steps: Step[] = [
    {
      action: 'verify',
      minutes: 0,
      details: {
        release: version,
        commit,
        gates: ['lint', 'typecheck', 'build', 'tests'],
      },
    },
    {
      action: 'migrate',
      minutes: 6,
      details: { release: version, migrations: random.int(0, 3) },
    },
    {
      action: 'build',
      minutes: 11,
      details: {
        release: version,
        image: `registry.example.com/${service}@sha256:${sha256Hex(
          `${service}:${commit}`,
        )}`,
      },
    },
    {
      action: 'canary',
      minutes: 18,
      details: {
        release: version,
        environment: 'production',
        trafficPercent: 10,
        errorRate: canaryErrorRate,
      },
    },
  ];
  steps.push(
    rolledBack
      ? {
          action: 'rollback',
          minutes: 37,
          details: {
            release: version,
            reason: `canary error rate ${(canaryErrorRate * 100).toFixed(
              1,
            )}% is over the 1% budget`,
            ...(previous ? { restored: previous.version } : {}),
          },
        }
      : {
          action: 'promote',
          minutes: 40,
          details: {
            release: version,
            environment: 'production',
            trafficPercent: 100,
          },
        },
  );
  return steps;
}

/**
 * The release audit chain of a demo service as the JSON Lines its release script
 * writes: for each release `verify → migrate → build → canary → promote`, except one
 * release of a struggling service whose canary was rolled back. Each entry carries the
 * hash of the one before it and its own hash under the common hash rule
 * (`computeEntryHash` with the backend's SHA-256), the first one continuing from genesis.
 */
export function demoAuditChain(options: {
  service: string;
  profile: ServiceProfile;
  random: SeededRandom;
  releases: DemoRelease[];
}): { jsonl: string; entries: number; endedAt: Date } {
  const { service, profile, random, releases } = options;
  const rollbackAt = rolledBackIndex(profile, releases.length);
  const lines: string[] = [];
  let prevHash = GENESIS_PREV_HASH;
  let endedAt = releases[0]?.startedAt ?? new Date(0);

  releases.forEach((release, index) => {
    const steps = releaseSteps(
      service,
      release,
      releases[index - 1],
      random,
      index === rollbackAt,
    );
    for (const step of steps) {
      const at = new Date(
        release.startedAt.getTime() + step.minutes * MINUTE_MS,
      );
      const content = {
        action: step.action,
        timestamp: at.toISOString(),
        actor: 'release-bot',
        details: step.details,
        prevHash,
      };
      const hash = computeEntryHash(content, sha256Hex);
      lines.push(JSON.stringify({ ...content, hash }));
      prevHash = hash;
      endedAt = at;
    }
  });
  return { jsonl: `${lines.join('\n')}\n`, entries: lines.length, endedAt };
}
