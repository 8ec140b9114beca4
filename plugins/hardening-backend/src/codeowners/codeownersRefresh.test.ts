import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DatabaseCodeownersStore } from '../database/DatabaseCodeownersStore';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { parsedTestReport } from '../__testUtils__/parsedTestReport';
import { applyDatabaseMigrations } from '../database/migrations';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readResponse } from '../__testUtils__/triageFixtures';
import { DEFAULT_REPOSITORY_READ_POLICY } from '../repositoryReads/repositoryReadSettings';
import { EntityFileReader } from '../runbook/EntityFileReader';
import { refreshCodeowners } from './codeownersRefresh';
import { MAX_CODEOWNERS_BYTES } from './parseCodeowners';
import { TestOwnership } from './TestOwnership';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const NOW = new Date('2026-12-11T03:00:00.000Z');

function component(name: string, location: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/managed-by-location': `url:${location}` },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

const MONO = 'https://github.com/acme/mono/blob/main/';
/** GitHub's integration resolves repository-root paths to tree URLs, which its reader reads. */
const MONO_TREE = 'https://github.com/acme/mono/tree/main/';
const payments = component(
  'payments',
  `${MONO}services/payments/catalog-info.yaml`,
  'group:default/team-payments',
);
const billing = component(
  'billing',
  `${MONO}services/billing/catalog-info.yaml`,
  'group:default/team-billing',
);
const gitlab = component(
  'ledger',
  'https://gitlab.com/acme/ledger/-/blob/main/catalog-info.yaml',
  'group:default/team-ledger',
);
const huge = component(
  'huge',
  'https://github.com/acme/huge/blob/main/catalog-info.yaml',
  'group:default/team-huge',
);
const none = component(
  'plain',
  'https://github.com/acme/plain/blob/main/catalog-info.yaml',
  'group:default/team-plain',
);

const catalogEntities: Entity[] = [
  payments,
  billing,
  gitlab,
  huge,
  none,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments-core',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/org/blob/main/org.yaml',
        'github.com/team-slug': 'acme/payments',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: 'jane-doe',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/org/blob/main/org.yaml',
        'github.com/user-login': 'JaneD',
      },
    },
    spec: { profile: { email: 'jane@acme.example' }, memberOf: [] },
  },
];

const files: Record<string, string> = {
  [`${MONO_TREE}.github/CODEOWNERS`]: [
    '* @acme/platform',
    'services/payments/ @acme/payments @JaneD',
    'services/payments/**/*.e2e.ts @acme/qa ops@acme.example',
    'services/billing/ # owned by nobody on purpose',
  ].join('\n'),
  'https://gitlab.com/acme/ledger/-/blob/main/docs/CODEOWNERS': [
    '[Ledger] @acme/ledger',
    'src/',
    '^[Docs] jane@acme.example',
    '*.md',
  ].join('\n'),
  'https://github.com/acme/huge/tree/main/.github/CODEOWNERS': `* @x\n${'#'.repeat(
    MAX_CODEOWNERS_BYTES,
  )}`,
};

describe.each(ids)('CODEOWNERS refresh and ownership on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseCodeownersStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseCodeownersStore(knex);
  });

  beforeEach(async () => {
    await knex('codeowners').delete();
  });

  function deps(entities: Entity[] = catalogEntities) {
    const readUrl = jest.fn(async (url: string) => {
      const text = files[url];
      if (text === undefined) throw new NotFoundError(`${url} not found`);
      return readResponse(text);
    });
    return {
      readUrl,
      deps: {
        store,
        files: new EntityFileReader({
          urlReader: mockServices.urlReader.mock({ readUrl }),
          now: () => NOW.getTime(),
          policy: DEFAULT_REPOSITORY_READ_POLICY,
        }),
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        clock: () => NOW,
      },
    };
  }

  it('reads each repository once, from .github/, the root or docs/, bounded, and stores the parsed rules', async () => {
    const { deps: d, readUrl } = deps();
    const result = await refreshCodeowners(d);
    expect(result).toMatchObject({ found: 3, forgotten: 0 });
    // The monorepo's file is read once for payments and billing.
    const monoReads = readUrl.mock.calls.filter(
      ([u]) => u === `${MONO_TREE}.github/CODEOWNERS`,
    );
    expect(monoReads).toHaveLength(1);
    // GitLab: .github/ and the root were tried before docs/.
    expect(readUrl.mock.calls.map(([u]) => u)).toEqual(
      expect.arrayContaining([
        'https://gitlab.com/acme/ledger/-/blob/main/.github/CODEOWNERS',
        'https://gitlab.com/acme/ledger/-/blob/main/CODEOWNERS',
        'https://gitlab.com/acme/ledger/-/blob/main/docs/CODEOWNERS',
      ]),
    );
    const rows = await store.list([
      'component:default/payments',
      'component:default/huge',
      'component:default/plain',
    ]);
    const byRef = new Map(rows.map(r => [r.entityRef, r]));
    expect(byRef.get('component:default/payments')).toMatchObject({
      url: `${MONO_TREE}.github/CODEOWNERS`,
      ownerRefs: {
        '@acme/payments': 'group:default/payments-core',
        '@janed': 'user:default/jane-doe',
      },
    });
    expect(byRef.get('component:default/payments')!.parsed.rules).toHaveLength(
      4,
    );
    expect(byRef.get('component:default/huge')?.error).toMatch(
      /larger than 131072 bytes/,
    );
    expect(byRef.get('component:default/huge')?.url).toBeUndefined();
    expect(byRef.get('component:default/plain')?.error).toMatch(/not found/);
  });

  it('names the owners of test files: last match wins, mapped or as written, else the entity owner', async () => {
    await refreshCodeowners(deps().deps);
    const ownership = new TestOwnership(store, knex);
    const lookup = await ownership.forEntities([
      payments,
      billing,
      gitlab,
      none,
    ]);

    expect(lookup(payments, 'services/payments/test/pay.e2e.ts')).toEqual({
      file: 'services/payments/test/pay.e2e.ts',
      source: 'codeowners',
      owners: [{ name: '@acme/qa' }, { name: 'ops@acme.example' }],
      rules: [{ pattern: 'services/payments/**/*.e2e.ts', line: 3 }],
      codeownersUrl: `${MONO_TREE}.github/CODEOWNERS`,
    });
    expect(
      lookup(payments, 'services/payments/src/pay.test.ts').owners,
    ).toEqual([
      { name: '@acme/payments', entityRef: 'group:default/payments-core' },
      { name: '@JaneD', entityRef: 'user:default/jane-doe' },
    ]);
    // A later rule without owners removes ownership: the entity owner is used.
    expect(lookup(billing, 'services/billing/a.test.ts')).toMatchObject({
      source: 'entity-owner',
      owners: [
        {
          name: 'group:default/team-billing',
          entityRef: 'group:default/team-billing',
        },
      ],
    });
    expect(lookup(gitlab, 'src/ledger.test.ts')).toMatchObject({
      source: 'codeowners',
      owners: [{ name: '@acme/ledger' }],
      rules: [{ pattern: 'src/', line: 2, section: 'Ledger' }],
    });
    expect(lookup(gitlab, 'README.md').owners).toEqual([
      { name: 'jane@acme.example', entityRef: 'user:default/jane-doe' },
    ]);
    expect(lookup(none, 'x.test.ts').source).toBe('entity-owner');
  });

  it('forgets entities that left the catalog and keeps stored rows valid against hostile JSON', async () => {
    await refreshCodeowners(deps().deps);
    await knex('codeowners')
      .where({ entity_ref: 'component:default/payments' })
      .update({
        rules: '{"rules":[{"pattern":"","owners":[]}]}',
        owner_refs: 'not json',
      });
    const [row] = await store.list(['component:default/payments']);
    expect(row.parsed).toEqual({ rules: [], warnings: [] });
    expect(row.ownerRefs).toEqual({});

    const result = await refreshCodeowners(deps([payments]).deps);
    expect(result).toMatchObject({ entities: 1, forgotten: 6 });
    expect((await store.list(['component:default/billing'])).length).toBe(0);
  });

  it('notifies the mapped owners of the failing tests of the newest test report only', async () => {
    await refreshCodeowners(deps().deps);
    const evidence = new DatabaseEvidenceStore(knex);
    const report = (
      n: number,
      outcomes: Parameters<typeof parsedTestReport>[0],
    ) =>
      evidence.insertTestReport({
        entityRef: 'component:default/payments',
        digest: String(n).repeat(64),
        context: { commit: 'c0ffee1', tags: [] },
        receivedAt: new Date(NOW.getTime() - (10 - n) * 60_000),
        report: parsedTestReport(outcomes),
      });
    const ownership = new TestOwnership(store, knex);
    // An older report's failure does not count.
    await report(1, [
      {
        name: 'old',
        status: 'failed',
        file: 'services/payments/test/pay.e2e.ts',
      },
    ]);
    await report(2, [
      { name: 'a', status: 'failed', file: 'services/payments/src/a.test.ts' },
      { name: 'b', status: 'error', file: 'services/payments/src/b.test.ts' },
      { name: 'c', status: 'passed', file: 'other/c.test.ts' },
      { name: 'd', status: 'failed' },
    ]);
    expect(await ownership.failingTestRecipients(payments)).toEqual([
      'group:default/payments-core',
      'user:default/jane-doe',
    ]);
    // Failing tests whose owners map to nothing: the caller falls back to the entity.
    await report(3, [
      { name: 'e', status: 'failed', file: 'services/payments/test/x.e2e.ts' },
    ]);
    expect(await ownership.failingTestRecipients(payments)).toEqual([]);
  });
});
