import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseRunbookStore } from './DatabaseRunbookStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const PAYMENTS = 'component:default/payments-api';
const BILLING = 'component:default/billing-api';

function upload(
  entityRef: string,
  runbookId: string,
  markdown: string,
  at: string,
) {
  return {
    entityRef,
    runbookId,
    markdown,
    digest: Buffer.from(markdown).toString('hex').padEnd(64, '0').slice(0, 64),
    sizeBytes: Buffer.byteLength(markdown),
    uploadedAt: new Date(at),
    uploadedBy: 'user:default/ana',
  };
}

describe.each(ids)('DatabaseRunbookStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseRunbookStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseRunbookStore(knex);
  });

  beforeEach(async () => {
    await knex('runbook_uploads').delete();
  });

  it('creates, keeps identical re-uploads and replaces changed ones', async () => {
    const first = await store.saveUpload(
      upload(PAYMENTS, 'triage', '# Triage\n', '2026-11-20T10:00:00Z'),
    );
    expect(first).toMatchObject({ created: true, changed: true });

    const same = await store.saveUpload(
      upload(PAYMENTS, 'triage', '# Triage\n', '2026-11-20T11:00:00Z'),
    );
    expect(same).toMatchObject({
      created: false,
      changed: false,
      runbook: { uploadedAt: '2026-11-20T10:00:00.000Z' },
    });

    const replaced = await store.saveUpload(
      upload(PAYMENTS, 'triage', '# Triage v2\n', '2026-11-20T12:00:00Z'),
    );
    expect(replaced).toMatchObject({ created: false, changed: true });
    expect(await store.getUpload(PAYMENTS, 'triage')).toEqual({
      entityRef: PAYMENTS,
      runbookId: 'triage',
      markdown: '# Triage v2\n',
      digest: expect.any(String),
      sizeBytes: 12,
      uploadedAt: '2026-11-20T12:00:00.000Z',
      uploadedBy: 'user:default/ana',
    });
  });

  it('lists the uploads of several entities in one call', async () => {
    await store.saveUpload(
      upload(PAYMENTS, 'release', '# R\n', '2026-11-20T10:00:00Z'),
    );
    await store.saveUpload(
      upload(BILLING, 'triage', '# T\n', '2026-11-20T10:00:00Z'),
    );
    await store.saveUpload(
      upload(PAYMENTS, 'triage', '# T\n', '2026-11-20T10:00:00Z'),
    );

    const listed = await store.listUploads([PAYMENTS, BILLING]);
    expect(listed.map(r => [r.entityRef, r.runbookId])).toEqual([
      [BILLING, 'triage'],
      [PAYMENTS, 'release'],
      [PAYMENTS, 'triage'],
    ]);
    expect(await store.listUploads([])).toEqual([]);
    expect(await store.getUpload(BILLING, 'release')).toBeUndefined();
  });
});
