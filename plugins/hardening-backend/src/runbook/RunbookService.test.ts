import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import {
  RecordedRunbookFile,
  RunbookFileStore,
} from '../database/RunbookFileStore';
import { RunbookStore } from '../database/RunbookStore';
import { readRepositoryReadPolicy } from '../repositoryReads/repositoryReadSettings';
import { refOf } from '../catalog';
import {
  catalogLocation,
  paymentsRunbook,
  PAYMENTS,
  triageEntities,
  readResponse,
  triageTestSettings,
} from '../__testUtils__/triageFixtures';
import { EntityFileReader } from './EntityFileReader';
import { RunbookService } from './RunbookService';

const BASE = 'https://github.com/acme/payments-api/blob/main/';
const TRIAGE_URL = `${BASE}docs/runbooks/triage.md`;
const MISSING_URL = `${BASE}docs/missing.md`;

const payments = triageEntities.find(e => e.metadata.name === 'payments-api')!;
const secret = triageEntities.find(e => e.metadata.name === 'secret-api')!;

const sha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

function annotated(name: string, runbooks: string): Entity {
  return {
    ...payments,
    metadata: {
      ...payments.metadata,
      name,
      annotations: {
        ...payments.metadata.annotations,
        'hardening.io/runbooks': runbooks,
      },
    },
  };
}

/** What the service records for payments-api with the fixture files. */
function paymentsFiles(text = paymentsRunbook): RecordedRunbookFile[] {
  return [
    {
      runbookId: 'triage',
      path: 'docs/runbooks/triage.md',
      url: TRIAGE_URL,
      digest: sha256(text),
      title: 'Payments triage',
      lastUpdated: '2026-10-01',
      nextReview: '2026-11-01',
      error: null,
    },
    {
      runbookId: 'missing',
      path: 'docs/missing.md',
      url: MISSING_URL,
      digest: null,
      title: null,
      lastUpdated: null,
      nextReview: null,
      error: `${MISSING_URL} was not found`,
    },
  ];
}

describe('RunbookService recording annotated runbooks', () => {
  let now: Date;
  let repository: Record<string, string>;
  let recorded: jest.Mocked<RunbookFileStore>;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let service: RunbookService;

  beforeEach(() => {
    now = new Date('2026-11-20T12:00:00.000Z');
    repository = { [TRIAGE_URL]: paymentsRunbook };
    const urlReader = mockServices.urlReader.mock({
      readUrl: jest.fn(async (url: string) => {
        const text = repository[url];
        if (text === undefined) throw new NotFoundError(`${url} not found`);
        return readResponse(text);
      }),
    });
    const uploads: jest.Mocked<RunbookStore> = {
      listUploads: jest.fn(async (_refs: readonly string[]) => []),
      getUpload: jest.fn(async (_ref: string, _id: string) => undefined),
      saveUpload: jest.fn(),
    };
    recorded = {
      recordEntity: jest.fn(
        async (
          _ref: string,
          _files: readonly RecordedRunbookFile[],
          _at: Date,
        ) => true,
      ),
      forgetEntitiesExcept: jest.fn(async (_refs: readonly string[]) => 0),
      listFiles: jest.fn(async (_refs: readonly string[]) => []),
    };
    logger = mockServices.logger.mock();
    const clock = () => now;
    service = new RunbookService({
      store: uploads,
      files: new EntityFileReader({ urlReader, now: () => now.getTime() }),
      settings: triageTestSettings,
      clock,
      recorded,
      logger,
    });
  });

  /** The store was called `times` times, last with these files of payments-api. */
  function expectRecorded(times: number, files: RecordedRunbookFile[]) {
    expect(recorded.recordEntity).toHaveBeenCalledTimes(times);
    expect(recorded.recordEntity).toHaveBeenLastCalledWith(
      PAYMENTS,
      files,
      now,
    );
  }

  it('records the review facts of every annotated runbook it lists, errors included', async () => {
    const listed = await service.list(payments);

    expect(listed.map(r => r.summary.id)).toEqual(['triage', 'missing']);
    expectRecorded(1, paymentsFiles());
  });

  it('skips the store while the files are what it recorded last, and records again when they change', async () => {
    await service.list(payments);
    await service.get(payments, 'triage');
    await service.list(payments);
    expect(recorded.recordEntity).toHaveBeenCalledTimes(1);

    // After the reader's 60 s cache, the file has a new review date.
    const reviewed = paymentsRunbook.replace('2026-11-01', '2027-02-01');
    repository[TRIAGE_URL] = reviewed;
    now = new Date(now.getTime() + 61_000);
    await service.get(payments, 'triage');

    const [expectedTriage, expectedMissing] = paymentsFiles(reviewed);
    expectRecorded(2, [
      { ...expectedTriage, nextReview: '2027-02-01' },
      expectedMissing,
    ]);
  });

  it('records from runbook views but not from the section targets of a team queue', async () => {
    const billing = annotated('billing-api', 'docs/runbooks/triage.md');
    const targets = await service.sectionTargets([payments, secret, billing]);
    expect(targets.get(PAYMENTS)?.size).toBeGreaterThan(0);
    expect(recorded.recordEntity).not.toHaveBeenCalled();

    await service.list(billing);
    await service.list(secret);
    expect(recorded.recordEntity.mock.calls.map(c => c[0])).toEqual([
      'component:default/billing-api',
    ]);
  });

  it('records an empty list once the annotation of a recorded entity is gone', async () => {
    await service.list(payments);
    const bare: Entity = {
      ...payments,
      metadata: { ...payments.metadata, annotations: {} },
    };

    expect(await service.list(bare)).toEqual([]);
    await service.list(bare);

    expectRecorded(2, []);
  });

  it('gives repeated file names numbered ids of at most 64 characters', async () => {
    const long = `${'a'.repeat(70)}.md`;
    await service.list(
      annotated(
        'ids-api',
        `a/triage.md, b/triage.md, c/triage.md, a/${long}, b/${long}`,
      ),
    );

    const files = recorded.recordEntity.mock.calls[0][1];
    expect(files.map(f => f.runbookId)).toEqual([
      'triage',
      'triage-2',
      'triage-3',
      'a'.repeat(64),
      `${'a'.repeat(62)}-2`,
    ]);
  });

  it('serves the runbooks when the store fails, logs it, and tries again next time', async () => {
    recorded.recordEntity.mockRejectedValueOnce(new Error('database is down'));

    const listed = await service.list(payments);

    expect(listed.map(r => r.summary.id)).toEqual(['triage', 'missing']);
    expect(logger.warn).toHaveBeenCalledWith(
      `Could not record the runbook files of ${PAYMENTS}: database is down`,
    );
    await service.list(payments);
    expect(recorded.recordEntity).toHaveBeenCalledTimes(2);
  });

  it('refreshes an entity even when nothing changed since it recorded it, and counts what it read', async () => {
    await service.list(payments);
    recorded.recordEntity.mockResolvedValueOnce(false);

    expect(await service.refresh(payments)).toEqual({
      runbooks: 2,
      unreadable: 1,
      refused: [],
      changed: false,
    });
    expectRecorded(2, paymentsFiles());
  });

  it('lets a refresh fail when the store fails', async () => {
    recorded.recordEntity.mockRejectedValueOnce(new Error('database is down'));

    await expect(service.refresh(payments)).rejects.toThrow('database is down');
  });
});

describe('RunbookService section targets of a team', () => {
  it('reads the runbooks of the entities in order until the file budget is spent', async () => {
    const team = ['first-api', 'second-api', 'third-api'].map(
      (name): Entity => ({
        ...payments,
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            ...catalogLocation(
              `https://github.com/acme/${name}/blob/main/catalog-info.yaml`,
            ),
            'hardening.io/runbooks': 'docs/runbooks/triage.md',
          },
        },
      }),
    );
    const urlReader = mockServices.urlReader.mock({
      readUrl: jest.fn(async () => readResponse(paymentsRunbook)),
    });
    const service = new RunbookService({
      store: {
        listUploads: jest.fn(async () => []),
        getUpload: jest.fn(),
        saveUpload: jest.fn(),
      },
      files: new EntityFileReader({
        urlReader,
        policy: readRepositoryReadPolicy(
          new ConfigReader({
            hardening: { repositoryReads: { maxFilesPerRequest: 2 } },
          }),
        ),
      }),
      settings: triageTestSettings,
      clock: () => new Date('2026-11-20T12:00:00.000Z'),
    });

    const targets = await service.sectionTargets(team);

    expect(team.map(e => targets.get(refOf(e))?.get('BID')?.url)).toEqual([
      'https://github.com/acme/first-api/blob/main/docs/runbooks/triage.md#bid--bidding',
      'https://github.com/acme/second-api/blob/main/docs/runbooks/triage.md#bid--bidding',
      undefined,
    ]);
    expect(urlReader.readUrl).toHaveBeenCalledTimes(2);
  });
});
