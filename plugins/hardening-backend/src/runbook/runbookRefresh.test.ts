import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DatabaseRunbookFileStore } from '../database/DatabaseRunbookFileStore';
import { DatabaseRunbookStore } from '../database/DatabaseRunbookStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { RunbookFileStore } from '../database/RunbookFileStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  readResponse,
  paymentsRunbook,
  PAYMENTS,
  SECRET,
  triageEntities,
  triageTestSettings,
} from '../__testUtils__/triageFixtures';
import { readRepositoryReadPolicy } from '../repositoryReads/repositoryReadSettings';
import { EntityFileReader } from './EntityFileReader';
import {
  refreshRunbookFiles,
  RUNBOOK_REFRESH_CONCURRENCY,
  RUNBOOK_REFRESH_TASK_ID,
  scheduleRunbookRefresh,
} from './runbookRefresh';
import { DEFAULT_RUNBOOK_REFRESH_SCHEDULE } from './runbookRefreshSettings';
import { RunbookService } from './RunbookService';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const NOW = new Date('2026-12-06T03:00:00.000Z');
const BILLING = 'component:default/billing-api';
const BILLING_RELEASE_URL =
  'https://github.com/acme/billing-api/blob/main/docs/release.md';

/** billing-api as read from its catalog file (no source location), naming one runbook. */
const billing: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-api',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/billing-api/blob/main/catalog-info.yaml',
      'hardening.io/runbooks': 'docs/release.md',
    },
  },
  spec: { type: 'service', owner: 'team-billing', lifecycle: 'production' },
};

const STEERED_ROOT = 'https://github.com/acme/steered-api/blob/main/';

/**
 * steered-api, whose author points its source location at another organisation and
 * names a path out of its folder and more runbooks than a budget of 2.
 */
const steered: Entity = {
  ...billing,
  metadata: {
    name: 'steered-api',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `url:${STEERED_ROOT}catalog-info.yaml`,
      'backstage.io/source-location':
        'url:https://github.com/evil/loot/tree/main/',
      'hardening.io/runbooks':
        '../loot/secrets.md, docs/a.md, docs/b.md, docs/c.md',
    },
  },
};

/** payments-api (one readable, one missing runbook), secret-api (none) and billing-api. */
const entities = [
  ...triageEntities.filter(e => e.metadata.name !== 'billing-api'),
  billing,
];

const files: Record<string, string> = {
  'https://github.com/acme/payments-api/blob/main/docs/runbooks/triage.md':
    paymentsRunbook,
  [BILLING_RELEASE_URL]: '# Billing release\n\nNext review: 2027-01-15\n',
  [`${STEERED_ROOT}docs/a.md`]: '# A\n',
  [`${STEERED_ROOT}docs/b.md`]: '# B\n',
};

function urlReader(delay?: () => Promise<void>) {
  return mockServices.urlReader.mock({
    readUrl: jest.fn(async (url: string) => {
      await delay?.();
      const text = files[url];
      if (text === undefined) throw new NotFoundError(`${url} not found`);
      return readResponse(text);
    }),
  });
}

describe.each(ids)('refreshRunbookFiles on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseRunbookFileStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseRunbookFileStore(knex);
  });

  beforeEach(async () => {
    await knex('runbook_files').delete();
  });

  function deps(
    catalogEntities: Entity[],
    options: {
      recorded?: RunbookFileStore;
      delay?: () => Promise<void>;
      maxFilesPerRequest?: number;
    } = {},
  ) {
    const logger = mockServices.logger.mock();
    const reader = urlReader(options.delay);
    const runbooks = new RunbookService({
      store: new DatabaseRunbookStore(knex),
      files: new EntityFileReader({
        urlReader: reader,
        now: () => NOW.getTime(),
        policy: readRepositoryReadPolicy(
          new ConfigReader({
            hardening: {
              repositoryReads: {
                maxFilesPerRequest: options.maxFilesPerRequest ?? 20,
              },
            },
          }),
        ),
      }),
      settings: triageTestSettings,
      clock: () => NOW,
      recorded: options.recorded ?? store,
      logger,
    });
    return {
      runbooks,
      files: store,
      catalog: catalogServiceMock({ entities: catalogEntities }),
      auth: mockServices.auth(),
      logger,
      reader,
    };
  }

  it('records the runbooks of every annotated entity and forgets entities without the annotation', async () => {
    // secret-api had a runbook before its annotation was removed.
    await store.recordEntity(
      SECRET,
      [
        {
          runbookId: 'old',
          path: 'docs/old.md',
          url: '',
          digest: null,
          title: null,
          lastUpdated: null,
          nextReview: null,
          error: 'gone',
        },
      ],
      NOW,
    );
    const refresh = deps(entities);

    expect(await refreshRunbookFiles(refresh)).toEqual({
      entities: 2,
      runbooks: 3,
      unreadable: 1,
      refused: 0,
      changed: 2,
      failed: 0,
      forgotten: 1,
    });
    expect(
      (await store.listFiles([PAYMENTS, BILLING, SECRET])).map(f => [
        f.entityRef,
        f.runbookId,
        f.url,
        f.nextReview,
        f.error === null,
      ]),
    ).toEqual([
      [BILLING, 'release', BILLING_RELEASE_URL, '2027-01-15', true],
      [PAYMENTS, 'missing', expect.stringContaining('missing.md'), null, false],
      [
        PAYMENTS,
        'triage',
        expect.stringContaining('triage.md'),
        '2026-11-01',
        true,
      ],
    ]);
    expect(refresh.logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        '2 entities, 3 runbooks (1 unreadable, 0 of them refused by hardening.repositoryReads rules)',
      ),
    );

    // A second run finds nothing new.
    expect(await refreshRunbookFiles(refresh)).toMatchObject({
      entities: 2,
      changed: 0,
      forgotten: 0,
    });
  });

  it('forgets an entity that left the catalog, and keeps refreshing when one entity fails', async () => {
    await refreshRunbookFiles(deps(entities));
    const failing: RunbookFileStore = {
      recordEntity: async (ref, recordedFiles, at) => {
        if (ref === PAYMENTS) throw new Error('disk full');
        return store.recordEntity(ref, recordedFiles, at);
      },
      forgetEntitiesExcept: refs => store.forgetEntitiesExcept(refs),
      listFiles: refs => store.listFiles(refs),
    };
    const other = { ...billing, metadata: { ...billing.metadata, name: 'x' } };
    const payments = entities.find(e => e.metadata.name === 'payments-api')!;
    const refresh = deps([payments, other], { recorded: failing });

    // Only the entity that was recorded counts its runbooks.
    expect(await refreshRunbookFiles(refresh)).toEqual({
      entities: 2,
      runbooks: 1,
      unreadable: 0,
      refused: 0,
      changed: 1,
      failed: 1,
      forgotten: 1,
    });
    expect(refresh.logger.warn).toHaveBeenCalledWith(
      `Could not refresh the runbooks of ${PAYMENTS}: disk full`,
    );
    // billing-api left the catalog; payments-api keeps its rows.
    expect(
      (await store.listFiles([PAYMENTS, BILLING, 'component:default/x'])).map(
        f => `${f.entityRef} ${f.runbookId}`,
      ),
    ).toEqual([
      `${PAYMENTS} missing`,
      `${PAYMENTS} triage`,
      'component:default/x release',
    ]);
  });

  it(`reads at most ${RUNBOOK_REFRESH_CONCURRENCY} entities at a time`, async () => {
    let inFlight = 0;
    let most = 0;
    // Each in its own repository, so that no two read the same file.
    const many = Array.from({ length: 10 }, (_, i) => ({
      ...billing,
      metadata: {
        ...billing.metadata,
        name: `service-${i}`,
        annotations: {
          ...billing.metadata.annotations,
          'backstage.io/managed-by-location': `url:https://github.com/acme/service-${i}/blob/main/catalog-info.yaml`,
        },
      },
    }));
    const delay = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise(resolve => setImmediate(resolve));
      inFlight -= 1;
    };

    expect(await refreshRunbookFiles(deps(many, { delay }))).toMatchObject({
      entities: 10,
      runbooks: 10,
      changed: 10,
    });
    expect(most).toBe(RUNBOOK_REFRESH_CONCURRENCY);
  });

  it('records and logs the reads a rule refuses, each entity with its own file budget', async () => {
    const refresh = deps([steered, billing], { maxFilesPerRequest: 2 });

    expect(await refreshRunbookFiles(refresh)).toEqual({
      entities: 2,
      runbooks: 5,
      unreadable: 2,
      refused: 2,
      changed: 2,
      failed: 0,
      forgotten: 0,
    });
    // Only files under each entity's own folder were asked for, at most 2 per entity.
    expect(refresh.reader.readUrl.mock.calls.map(c => c[0]).sort()).toEqual([
      BILLING_RELEASE_URL,
      `${STEERED_ROOT}docs/a.md`,
      `${STEERED_ROOT}docs/b.md`,
    ]);
    const rows = await store.listFiles(['component:default/steered-api']);
    expect(
      rows.map(f => [f.runbookId, f.url, f.error?.split(':')[0] ?? null]),
    ).toEqual([
      ['a', `${STEERED_ROOT}docs/a.md`, null],
      ['b', `${STEERED_ROOT}docs/b.md`, null],
      ['c', `${STEERED_ROOT}docs/c.md`, 'refused by too-many-files'],
      ['secrets', '', 'refused by path-parent'],
    ]);
    expect(refresh.logger.warn).toHaveBeenCalledTimes(1);
    expect(refresh.logger.warn).toHaveBeenCalledWith(
      `Runbook reads of component:default/steered-api refused: "../loot/secrets.md": ${rows[3].error}; "docs/c.md": ${rows[2].error}`,
    );
  });

  it('logs a refused path its author wrote on one line, quoted and cut', async () => {
    const forged = `../x\n[info] forged line ${'y'.repeat(300)}`;
    const hostile: Entity = {
      ...steered,
      metadata: {
        ...steered.metadata,
        name: 'hostile-api',
        annotations: {
          ...steered.metadata.annotations,
          'hardening.io/runbooks': forged,
        },
      },
    };
    const refresh = deps([hostile]);

    expect(await refreshRunbookFiles(refresh)).toMatchObject({ refused: 1 });
    expect(refresh.logger.warn).toHaveBeenCalledTimes(1);
    const [line] = refresh.logger.warn.mock.calls[0];
    expect(line).toMatch(
      /^Runbook reads of component:default\/hostile-api refused: "\.\.\/x\\n\[info\] forged line y{176}"…: refused by /,
    );
    expect(line).not.toContain('\n');
  });

  it('deletes nothing when the catalog cannot be read', async () => {
    await refreshRunbookFiles(deps(entities));
    const refresh = deps(entities);
    refresh.catalog.streamEntities = () => {
      throw new Error('catalog unavailable');
    };

    await expect(refreshRunbookFiles(refresh)).rejects.toThrow(
      'catalog unavailable',
    );
    expect(await store.listFiles([PAYMENTS, BILLING])).toHaveLength(3);
  });
});

describe('scheduleRunbookRefresh', () => {
  it('schedules one global task on the configured schedule that runs the refresh', async () => {
    const scheduler = mockServices.scheduler.mock();
    const refresh = jest.fn(async () => ({
      runbooks: 0,
      unreadable: 0,
      refused: [],
      changed: false,
    }));
    const forget = jest.fn(async () => 0);
    const schedule = {
      ...DEFAULT_RUNBOOK_REFRESH_SCHEDULE,
      timeout: { minutes: 5 },
    };

    await scheduleRunbookRefresh(scheduler, {
      runbooks: { refresh } as unknown as RunbookService,
      files: { forgetEntitiesExcept: forget } as unknown as RunbookFileStore,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      schedule,
    });

    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toEqual({
      id: RUNBOOK_REFRESH_TASK_ID,
      frequency: { hours: 6 },
      timeout: { minutes: 5 },
      initialDelay: { minutes: 2 },
      scope: 'global',
      fn: expect.any(Function),
    });
    await task.fn(new AbortController().signal);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(forget).toHaveBeenCalledWith([PAYMENTS, BILLING]);
  });
});
