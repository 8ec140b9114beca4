import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  EvidenceKind,
  MilestoneInput,
  milestoneSchema,
  milestoneTagName,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { DatabaseFreezeEvidenceReader } from '../database/DatabaseFreezeEvidenceReader';
import { DatabaseMilestoneStore } from '../database/DatabaseMilestoneStore';
import { MilestoneService } from '../service/milestoneService';
import { DEMO_ACTIVE_GATES } from './demoContract';
import { demoStressRun } from './demoStressRun';
import { createSeededRandom } from './seededRandom';
import { SeedStores, uploadGitTags, uploadStressRun } from './seedUploads';
import { profileFor } from './serviceProfiles';

/** Who the seed says froze the demo milestones. */
export const DEMO_FREEZER = 'user:default/hardening-seed';

/** One demo milestone and what the seed does with it after the evidence history. */
export type DemoMilestonePlan = {
  milestone: MilestoneInput;
  /** CI reports the milestone's tag after the last day's run. */
  tagged?: boolean;
  /** The seed freezes it (through the same checks as `POST …/freeze`). */
  frozen?: boolean;
  /** After the freeze, a stress run whose negative phase leaks arrives. */
  regresses?: boolean;
};

const MINUTE_MS = 60 * 1000;

/**
 * The limits of a demo milestone: its p95 limit, at most 0.1 % failed reads (steady
 * services fail up to 2 of their 4000+ reads), and the demo contract's active gates (its
 * planned runbook gate would block every milestone).
 */
function thresholds(p95LimitMs: number) {
  return {
    p95LimitMs,
    errorRateLimit: 0.001,
    contractGateIds: [...DEMO_ACTIVE_GATES],
  };
}

/**
 * The demo milestones, one of each state:
 *
 * - payments-api `M3.2` frozen, `M3.3.1` ready (every item green, its tag reported),
 *   `M3.4` blocked (its p95 limit of 100 ms is below every seeded p95, and no tag);
 * - identity-service `M2.1` frozen, then regressed by a stress run in which forged
 *   session tokens got a 200.
 */
export const DEMO_MILESTONES: Record<string, DemoMilestonePlan[]> = {
  'component:default/payments-api': [
    {
      milestone: {
        id: 'M3.2',
        title: 'Refunds: idempotent and audited',
        stage: 'frozen',
        thresholds: thresholds(400),
      },
      tagged: true,
      frozen: true,
    },
    {
      milestone: {
        id: 'M3.3.1',
        title: 'Share packs: hardening slice',
        stage: 'hardening-slice',
        thresholds: thresholds(300),
      },
      tagged: true,
    },
    {
      milestone: {
        id: 'M3.4',
        title: 'Payouts: orchestration slice',
        stage: 'orchestration-slice',
        thresholds: thresholds(100),
      },
    },
  ],
  'component:default/identity-service': [
    {
      milestone: {
        id: 'M2.1',
        title: 'Session tokens: negative paths hardened',
        stage: 'frozen',
        thresholds: thresholds(400),
      },
      tagged: true,
      frozen: true,
      regresses: true,
    },
  ],
};

/**
 * After an entity's evidence history: creates its demo milestones (unless they exist),
 * reports their tags, freezes the ones to freeze and uploads the evidence that regresses
 * one. A second run finds everything done and writes nothing.
 */
export async function seedMilestones(options: {
  mode: string;
  entityRef: string;
  database: Knex;
  stores: SeedStores;
  /** When the milestones were created (the day before the history). */
  createdAt: Date;
  /** The last day's CI run: its time and commit. */
  lastRun: { at: Date; commit: string };
  count: (kind: EvidenceKind, created: boolean) => void;
  logger?: LoggerService;
}): Promise<void> {
  const { mode, entityRef, database, stores, lastRun, count } = options;
  const plans = DEMO_MILESTONES[entityRef];
  if (!plans) return;
  const after = (minutes: number) =>
    new Date(lastRun.at.getTime() + minutes * MINUTE_MS);
  let now = after(0);
  const milestoneStore = new DatabaseMilestoneStore(database, stores.chains);
  const service = new MilestoneService({
    milestones: milestoneStore,
    evidence: new DatabaseFreezeEvidenceReader(database),
    clock: () => now,
  });

  for (const [index, plan] of plans.entries()) {
    const milestone = milestoneSchema.parse(plan.milestone);
    if (!(await milestoneStore.getMilestone(entityRef, milestone.id))) {
      await milestoneStore.saveMilestone(entityRef, milestone, {
        at: new Date(options.createdAt.getTime() + index * MINUTE_MS),
        by: DEMO_FREEZER,
      });
    }
  }

  const tags = plans
    .filter(p => p.tagged)
    .map(p => ({
      name: milestoneTagName(milestoneSchema.parse(p.milestone)),
      commit: lastRun.commit,
    }));
  if (tags.length) {
    const reported = await uploadGitTags(stores, {
      entityRef,
      body: JSON.stringify({ tags }),
      context: { commit: lastRun.commit, branch: 'main', pipeline: 'release' },
      receivedAt: after(10),
    });
    count('git-tags', reported.created);
  }

  for (const plan of plans.filter(p => p.frozen)) {
    const { id } = plan.milestone;
    const stored = await milestoneStore.getMilestone(entityRef, id);
    const needsFreeze = !stored?.freeze;
    if (needsFreeze) {
      now = after(30);
      try {
        await service.freeze(entityRef, id, { frozenBy: DEMO_FREEZER });
      } catch (error) {
        if (!isError(error) || error.name !== 'ConflictError') throw error;
        options.logger?.warn(
          `Hardening seed: milestone ${id} of ${entityRef} was not frozen: ${error.message}`,
        );
      }
    }
    // The freeze is one more audit chain report.
    count('audit-chain', needsFreeze);

    if (plan.regresses && stored?.regression) {
      count('stress-run', false);
    } else if (plan.regresses) {
      const serviceName = entityRef.split('/').pop() ?? entityRef;
      const leaking = await uploadStressRun(stores, {
        entityRef,
        body: demoStressRun({
          service: serviceName,
          profile: profileFor(entityRef),
          quirks: { negativePhaseLeaks: true },
          random: createSeededRandom(`${mode}:${entityRef}:regression`),
          startedAt: after(160),
          runIndex: 0,
          latest: true,
        }),
        context: {
          commit: lastRun.commit,
          branch: 'main',
          pipeline: 'stress',
          tags: ['stress'],
        },
        receivedAt: after(180),
      });
      count('stress-run', leaking.created);
      now = after(180);
      await service.detectRegressions(entityRef);
    }
  }
}
