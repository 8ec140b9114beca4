import {
  FreezeResponse,
  milestoneSchema,
} from '@hardening/backstage-plugin-hardening-common';
import knexFactory, { Knex } from 'knex';
import {
  greenMilestone,
  junitReport,
  MILESTONE_EVIDENCE_TABLES,
  seedStoresOn,
  storeGreenEvidence,
} from '../__testUtils__/milestoneFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  AppendedEntry,
  BackendEntrySteps,
  NewBackendEntry,
} from '../database/AuditChainStore';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { DatabaseFreezeEvidenceReader } from '../database/DatabaseFreezeEvidenceReader';
import { DatabaseMilestoneStore } from '../database/DatabaseMilestoneStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { uploadGatesReport, uploadTestReport } from '../seed/seedUploads';
import { FreezeRefusedError, MilestoneService } from './milestoneService';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const ENTITY = 'component:default/payments-api';
const T0 = new Date('2026-11-20T10:00:00.000Z');
const NOW = new Date('2026-11-20T12:00:00.000Z');
/** How long an upload that should be held back is watched. */
const HELD_MS = 400;

type Pause = 'after-decision' | 'before-commit';

/**
 * A chain store whose first backend append stops at `pause`: after the freeze decided
 * (its evidence read, nothing written yet) or after everything, the evidence check
 * included, just before the commit. `reached` resolves there; `release()` goes on.
 */
class PausingChainStore extends DatabaseAuditChainStore {
  reached: Promise<void>;
  release!: () => void;
  decisions = 0;
  private arrive!: () => void;
  private paused = false;

  constructor(db: Knex, private readonly pause: Pause) {
    super(db, new DatabaseEvidenceStore(db));
    this.reached = new Promise(resolve => {
      this.arrive = resolve;
    });
  }

  private async stop(at: Pause) {
    if (at !== this.pause || this.paused) return;
    this.paused = true;
    const released = new Promise<void>(resolve => {
      this.release = resolve;
    });
    this.arrive();
    await released;
  }

  override appendEntry(input: NewBackendEntry, steps: BackendEntrySteps) {
    return super.appendEntry(input, {
      build: async trx => {
        this.decisions++;
        const built = await steps.build(trx);
        await this.stop('after-decision');
        return built;
      },
      within: async (trx, appended: AppendedEntry) => {
        await steps.within?.(trx, appended);
        await this.stop('before-commit');
      },
    });
  }
}

/** Whether the promise settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>(resolve => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A freeze and an evidence upload for the same entity from two backend instances (on
 * PostgreSQL two knex clients with their own pools; on SQLite, which has one writer, the
 * one database). The freeze is stopped inside its transaction while the upload runs.
 * Whatever the order, a milestone is never left frozen on a checklist that the evidence
 * committed before the freeze makes red: the freeze refuses (409 with the failing items),
 * or the upload lands after it and its regression check marks the milestone regressed.
 */
describe.each(ids)('a freeze racing an evidence upload on %s', databaseId => {
  const isPg = databaseId === 'POSTGRES_15';
  let knexA: Knex;
  let knexB: Knex;

  beforeAll(async () => {
    knexA = await databases.init(databaseId);
    await applyDatabaseMigrations(knexA);
    knexB = isPg ? knexFactory(knexA.client.config) : knexA;
  });

  afterAll(async () => {
    if (knexB !== knexA) await knexB.destroy();
  });

  // A test that failed while its freeze was stopped lets it go on, not hold its locks.
  let stopped: PausingChainStore[] = [];
  afterEach(() => {
    stopped.forEach(chains => chains.release?.());
    stopped = [];
  });

  beforeEach(async () => {
    for (const table of MILESTONE_EVIDENCE_TABLES) {
      await knexA(table).delete();
    }
    const stores = seedStoresOn(knexA, new DatabaseEvidenceStore(knexA));
    await storeGreenEvidence(stores, ENTITY, T0);
    await new DatabaseMilestoneStore(knexA, stores.chains).saveMilestone(
      ENTITY,
      milestoneSchema.parse(greenMilestone),
      { at: T0, by: 'user:default/ana' },
    );
  });

  /**
   * Starts a freeze on instance A, waits until it stops at `pause`, then starts the
   * upload on instance B.
   */
  async function race(pause: Pause, upload: 'red-gates' | 'green-tests') {
    const chains = new PausingChainStore(knexA, pause);
    stopped.push(chains);
    const freezing = serviceOn(knexA, chains).freeze(ENTITY, 'M3.3.1', {
      frozenBy: 'user:default/ana',
    });
    await chains.reached;
    return { chains, freezing, uploading: uploadOnB(upload) };
  }

  /** The milestone service of one instance; instance A's chain store may pause. */
  function serviceOn(knex: Knex, chains?: PausingChainStore) {
    return new MilestoneService({
      milestones: new DatabaseMilestoneStore(
        knex,
        chains ??
          new DatabaseAuditChainStore(knex, new DatabaseEvidenceStore(knex)),
      ),
      evidence: new DatabaseFreezeEvidenceReader(knex),
      clock: () => NOW,
    });
  }

  /**
   * What the upload route does on instance B: store the report, then look for
   * regressions. Resolves to the stored report's id and the milestones it marked.
   */
  async function uploadOnB(kind: 'red-gates' | 'green-tests') {
    const stores = seedStoresOn(knexB, new DatabaseEvidenceStore(knexB));
    const context = { commit: 'fedcba7654321', tags: ['e2e:happy'] };
    const receivedAt = new Date(NOW.getTime() - 60_000);
    const stored =
      kind === 'red-gates'
        ? await uploadGatesReport(stores, {
            entityRef: ENTITY,
            body: JSON.stringify({
              gates: [
                { name: 'lint', status: 'passed' },
                { name: 'build', status: 'failed' },
              ],
            }),
            context,
            receivedAt,
          })
        : await uploadTestReport(stores, {
            entityRef: ENTITY,
            body: junitReport(5),
            context,
            receivedAt,
          });
    const regressed = await serviceOn(knexB).detectRegressions(ENTITY);
    return {
      reportId: stored.report.id,
      regressed: regressed.map(r => ({
        id: r.milestone.id,
        failing: r.milestone.regression?.failingItems.map(i => i.id),
      })),
    };
  }

  /**
   * Sessions of this test's database waiting on a lock while they commit, once there is
   * one (polled for up to 10 s: a loaded machine may take a while to get there).
   */
  async function commitsWaitingOnALock(): Promise<number> {
    for (let i = 0; ; i++) {
      const { rows } = await knexA.raw(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database()
            and wait_event_type = 'Lock' and query ilike 'commit%'`,
      );
      if (rows[0].n > 0 || i >= 100) return rows[0].n;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  /** How a freeze ended: its state, or the refusal and its failing items. */
  async function outcomeOf(freezing: Promise<FreezeResponse>) {
    try {
      const frozen = await freezing;
      return { frozen: frozen.checklist.state };
    } catch (error) {
      if (!(error instanceof FreezeRefusedError)) throw error;
      return {
        refused: error.message,
        failing: error.checklist.items.filter(i => !i.passed).map(i => i.id),
      };
    }
  }

  /** What is stored at the end: the milestone's state, and whether its gates are green. */
  async function storedState() {
    const [status] = await serviceOn(knexA).list(ENTITY);
    const count = async (table: string) =>
      Number((await knexA(table).count({ n: '*' }))[0].n);
    return {
      state: status.checklist.state,
      gatesGreen: status.checklist.items.find(i => i.id === 'gates')!.passed,
      freezes: await count('milestone_freezes'),
      chainEntries: await count('audit_chain_entries'),
    };
  }

  const refusedOnGates = {
    refused: expect.stringMatching(
      /^Milestone M3.3.1 cannot be frozen: 1 of 5 checklist items are not green: gates: /,
    ),
    failing: ['gates'],
  };
  /** Frozen at once, then marked regressed by the upload that committed after it. */
  const frozenThenRegressed = {
    outcome: { frozen: 'frozen' },
    decisions: 1,
    regressed: [{ id: 'M3.3.1', failing: ['gates'] }],
    stored: {
      state: 'regressed',
      gatesGreen: false,
      freezes: 1,
      chainEntries: 1,
    },
  };

  it('refuses the freeze when a red upload commits while it decides (PostgreSQL); on SQLite the upload waits for it and marks it regressed', async () => {
    const { chains, freezing, uploading } = await race(
      'after-decision',
      'red-gates',
    );
    // PostgreSQL: nothing holds the upload back; it commits and finds nothing frozen
    // yet. SQLite: it waits for the freeze's transaction, the one writer.
    const beforeRelease = isPg
      ? (await uploading).regressed
      : await settlesWithin(uploading, HELD_MS);
    chains.release();
    const outcome = await outcomeOf(freezing);
    const { regressed } = await uploading;

    expect({
      beforeRelease,
      outcome,
      decisions: chains.decisions,
      regressed,
      stored: await storedState(),
    }).toEqual(
      isPg
        ? {
            beforeRelease: [],
            // Decided again on the evidence the upload committed.
            outcome: refusedOnGates,
            decisions: 2,
            regressed: [],
            stored: {
              state: 'blocked',
              gatesGreen: false,
              freezes: 0,
              chainEntries: 0,
            },
          }
        : { beforeRelease: false, ...frozenThenRegressed },
    );
  });

  it('holds back the commit of a red upload that arrives as the freeze commits, which then marks the milestone regressed', async () => {
    const { chains, freezing, uploading } = await race(
      'before-commit',
      'red-gates',
    );
    const settled = await settlesWithin(uploading, HELD_MS);
    // PostgreSQL: its rows are written and its commit waits for the freeze's lock on
    // the entity's evidence version (SQLite: it waits for the connection).
    const waitingCommits = isPg ? await commitsWaitingOnALock() : null;
    chains.release();

    expect({
      settled,
      waitingCommits,
      outcome: await outcomeOf(freezing),
      decisions: chains.decisions,
      regressed: (await uploading).regressed,
      stored: await storedState(),
    }).toEqual({
      settled: false,
      waitingCommits: isPg ? 1 : null,
      ...frozenThenRegressed,
    });
  });

  it('decides again, and freezes, when the evidence that arrived while it decided keeps the milestone green', async () => {
    const { chains, freezing, uploading } = await race(
      'after-decision',
      'green-tests',
    );
    // As above: on PostgreSQL the upload commits meanwhile, on SQLite after the freeze.
    const early = isPg ? await uploading : undefined;
    chains.release();
    const frozen = await freezing;
    const { reportId, regressed } = early ?? (await uploading);
    const e2eEvidence = frozen.checklist.items
      .find(i => i.id === 'e2e')!
      .evidence.map(e => e.reportId);
    const [entry] = (
      await new DatabaseAuditChainStore(
        knexA,
        new DatabaseEvidenceStore(knexA),
      ).listEntries(ENTITY, { limit: 10 })
    ).items;

    expect({
      state: frozen.checklist.state,
      decisions: chains.decisions,
      // The freeze relied on the upload's report where it committed before the freeze
      // decided (again).
      reliedOnUpload: e2eEvidence.includes(reportId),
      regressed,
    }).toEqual({
      state: 'frozen',
      decisions: isPg ? 2 : 1,
      reliedOnUpload: isPg,
      regressed: [],
    });
    expect(entry).toMatchObject({
      origin: 'portal',
      requestedBy: 'user:default/ana',
      entry: { action: 'freeze', actor: 'user:default/ana' },
    });
  });
});
