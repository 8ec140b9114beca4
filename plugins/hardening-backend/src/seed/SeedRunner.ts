import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { GateResult } from '@hardening/backstage-plugin-hardening-common';
import { EvidenceStore } from '../database/EvidenceStore';
import { parseJunitXml } from '../ingest';
import { demoJunitReport } from './demoJunitReport';
import { createSeededRandom, SeededRandom } from './seededRandom';
import { profileFor, ServiceProfile } from './serviceProfiles';

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

const DAY_MS = 24 * 60 * 60 * 1000;

export type SeedOptions = {
  mode: SeedMode;
  entityRefs: string[];
  store: EvidenceStore;
  logger?: LoggerService;
  /** Overrides the mode's number of days. */
  days?: number;
  endDate?: Date;
};

export type SeedSummary = {
  entities: number;
  reports: number;
  created: number;
};

async function* oneChunk(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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

/**
 * Fills the store with deterministic evidence for the given entities, through the same
 * parsers and store calls as real uploads. Running it again writes nothing new (every
 * report is recognised by its digest).
 */
export async function runSeed(options: SeedOptions): Promise<SeedSummary> {
  const { mode, entityRefs, store, logger } = options;
  const days = options.days ?? SEED_MODES[mode].days;
  const end = (options.endDate ?? DEFAULT_SEED_END).getTime();
  const summary: SeedSummary = {
    entities: entityRefs.length,
    reports: 0,
    created: 0,
  };

  for (const entityRef of entityRefs) {
    const service = entityRef.split('/').pop() ?? entityRef;
    const profile = profileFor(entityRef);
    if ((await store.getRequiredGates(entityRef)).length === 0) {
      await store.setRequiredGates(entityRef, REQUIRED_DEMO_GATES, {
        updatedAt: new Date(end - days * DAY_MS),
        updatedBy: 'hardening-seed',
      });
    }

    for (let day = 0; day < days; day += 1) {
      const receivedAt = new Date(end - (days - 1 - day) * DAY_MS);
      const random = createSeededRandom(`${mode}:${entityRef}:${day}`);
      const context = {
        commit: random.hex(40),
        branch: 'main',
        runUrl: `https://ci.example.com/${service}/runs/${day + 1}`,
        pipeline: 'ci',
        tags: ['e2e:happy', 'e2e:security'],
      };

      const xml = demoJunitReport({
        service,
        profile,
        random,
        timestamp: receivedAt.toISOString(),
      });
      const report = await parseJunitXml(oneChunk(xml));
      const tests = await store.insertTestReport({
        entityRef,
        digest: sha256(xml),
        context,
        receivedAt,
        report,
      });

      const gates = demoGates(
        profile,
        random,
        report.totals.failed + report.totals.errors === 0,
      );
      const gatesResult = await store.insertGatesReport({
        entityRef,
        digest: sha256(JSON.stringify({ context, gates })),
        context,
        receivedAt,
        gates,
      });

      summary.reports += 2;
      summary.created += Number(tests.created) + Number(gatesResult.created);
    }
  }

  logger?.info(
    `Hardening seed (${mode}): ${summary.created} of ${summary.reports} reports written for ${summary.entities} entities`,
  );
  return summary;
}
