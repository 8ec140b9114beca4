import request from 'supertest';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { WITNESS, witnessedRouter } from '../__testUtils__/witnessedRouter';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();

type Router = Awaited<ReturnType<typeof witnessedRouter>>;

/**
 * The entity's freeze state and failing items as the group scorecard, the org scorecard
 * and the entity's own scorecard show them, and its milestone's checklist as the entity
 * page lists it.
 */
async function judged(router: Router) {
  const get = async (path: string) => {
    const res = await request(router.app).get(path);
    expect(res.status).toBe(200);
    return res.body;
  };
  const group = await get('/scorecards/groups/default/team-payments');
  const org = await get('/scorecards/org');
  const entity = await get(
    '/scorecards/entities/component/default/payments-api',
  );
  const milestones = await get(`${base}/milestones`);
  const of = (scorecard: {
    metrics: { freezeState: string; failingChecklistItems: string[] };
  }) => ({
    state: scorecard.metrics.freezeState,
    failing: scorecard.metrics.failingChecklistItems,
  });
  const checklist = milestones.items[0].checklist;
  return {
    group: of(group.entities[0]),
    org: of(org.entities.items[0]),
    entity: of(entity.scorecard),
    page: {
      state: checklist.state,
      failing: checklist.items
        .filter((i: { passed: boolean }) => !i.passed)
        .map((i: { id: string }) => i.id),
    },
  };
}

/** Every view saying the same. */
const everywhere = (state: string, failing: string[]) => ({
  group: { state, failing },
  org: { state, failing },
  entity: { state, failing },
  page: { state, failing },
});

/** The statements of `run` that read witness cosignatures. */
async function cosignatureReads(
  kit: ReturnType<typeof createRouteTestKit>,
  run: () => Promise<unknown>,
): Promise<number> {
  const statements: string[] = [];
  const onQuery = (query: { sql: string }) => statements.push(query.sql);
  kit.knex.on('query', onQuery);
  try {
    await run();
  } finally {
    kit.knex.removeListener('query', onQuery);
  }
  return statements.filter(sql => sql.includes('audit_chain_cosignatures'))
    .length;
}

describe.each(ids)(
  'the scorecards with hardening.transparency.freezeRequiresWitnesses, on %s',
  databaseId => {
    const kit = createRouteTestKit({ databaseId });
    let router: Router;

    beforeAll(async () => {
      await kit.setup();
      router = await witnessedRouter(kit, [WITNESS]);
    });
    beforeEach(() => router.reset());

    it('show a milestone blocked only by a missing witness as blocked, as its page does, and ready once the witness cosigned the current checkpoint', async () => {
      expect(await judged(router)).toEqual(
        everywhere('blocked', ['witnesses']),
      );

      await router.cosignCurrent();
      expect(await judged(router)).toEqual(everywhere('ready', []));

      // The log grew past the cosigned checkpoint: blocked again until it is cosigned.
      await router.appendEntries(1, 3);
      expect(await judged(router)).toEqual(
        everywhere('blocked', ['witnesses']),
      );
      await router.cosignCurrent();
      expect(await judged(router)).toEqual(everywhere('ready', []));
    });

    it('read the witnesses of every entity in one statement, and not again while nothing changed', async () => {
      const org = () => request(router.app).get('/scorecards/org');
      expect(await cosignatureReads(kit, org)).toBe(1);
      expect(await cosignatureReads(kit, org)).toBe(0);
      await router.cosignCurrent();
      expect(await cosignatureReads(kit, org)).toBe(1);
    });
  },
);

describe.each(ids)(
  'the scorecards without witnesses required for a freeze, on %s',
  databaseId => {
    const kit = createRouteTestKit({ databaseId });
    let router: Router;

    beforeAll(async () => {
      await kit.setup();
      // The witness's key is configured, but no freeze requires it.
      router = await witnessedRouter(kit, []);
      await router.reset();
    });

    it('judge no witnesses item and read no cosignature', async () => {
      let views: Awaited<ReturnType<typeof judged>> | undefined;
      const reads = await cosignatureReads(kit, async () => {
        views = await judged(router);
      });
      expect(views).toEqual(everywhere('ready', []));
      expect(reads).toBe(0);
      await router.cosignCurrent();
      expect(await judged(router)).toEqual(everywhere('ready', []));
    });
  },
);
