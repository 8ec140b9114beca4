import { InputError } from '@backstage/errors';
import {
  ContractDocument,
  summarizeContractResults,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseContractStore } from './DatabaseContractStore';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';

function contractWith(...gateIds: string[]): ContractDocument {
  return {
    gates: gateIds.map(id => ({
      id,
      description: `gate ${id}`,
      type: 'file_exists' as const,
      targets: ['docs/**/*.md'],
      status: 'active' as const,
    })),
  };
}

async function count(knex: Knex, table: string): Promise<number> {
  const [{ n }] = await knex(table).count({ n: '*' });
  return Number(n);
}

describe.each(ids)('DatabaseContractStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseContractStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseContractStore(knex, new DatabaseEvidenceStore(knex));
  });

  beforeEach(async () => {
    await knex('contract_violations').delete();
    await knex('evidence_reports').delete();
    await knex('delivery_contracts').delete();
  });

  it('keeps every contract and serves the newest as current', async () => {
    const t = new Date('2026-11-20T10:00:00.000Z');
    const first = await store.saveContract({
      entityRef,
      digest: 'a'.repeat(64),
      contract: contractWith('docs.readme'),
      uploadedAt: t,
      uploadedBy: 'user:default/ana',
    });
    expect(first).toEqual({
      created: true,
      contract: {
        id: expect.any(String),
        entityRef,
        digest: 'a'.repeat(64),
        gateCount: 1,
        uploadedAt: '2026-11-20T10:00:00.000Z',
        uploadedBy: 'user:default/ana',
        contract: contractWith('docs.readme'),
      },
    });
    // Stored again unchanged: nothing new.
    const again = await store.saveContract({
      entityRef,
      digest: 'a'.repeat(64),
      contract: contractWith('docs.readme'),
      uploadedAt: new Date('2026-11-20T11:00:00.000Z'),
      uploadedBy: 'user:default/bo',
    });
    expect(again).toEqual({ created: false, contract: first.contract });

    // A second contract in the same millisecond still becomes the current one.
    const second = await store.saveContract({
      entityRef,
      digest: 'b'.repeat(64),
      contract: contractWith('docs.readme', 'docs.runbook'),
      uploadedAt: t,
      uploadedBy: 'user:default/bo',
    });
    expect(second.created).toBe(true);
    expect(second.contract.uploadedAt).toBe('2026-11-20T10:00:00.001Z');
    expect((await store.latestContract(entityRef))?.digest).toBe(
      'b'.repeat(64),
    );

    // Going back to the first contract makes it current again without a copy.
    const back = await store.saveContract({
      entityRef,
      digest: 'a'.repeat(64),
      contract: contractWith('docs.readme'),
      uploadedAt: new Date('2026-11-21T09:00:00.000Z'),
      uploadedBy: 'user:default/cy',
    });
    expect(back.created).toBe(false);
    expect(back.contract).toMatchObject({
      id: first.contract.id,
      uploadedAt: '2026-11-21T09:00:00.000Z',
      uploadedBy: 'user:default/cy',
    });
    expect(await store.latestContract(entityRef)).toEqual(back.contract);
    expect(await count(knex, 'delivery_contracts')).toBe(2);

    const page1 = await store.listContracts(entityRef, { limit: 1 });
    const page2 = await store.listContracts(entityRef, {
      limit: 1,
      cursor: page1.nextCursor,
    });
    expect(page1.items.map(c => c.digest)).toEqual(['a'.repeat(64)]);
    expect(page2.items.map(c => c.digest)).toEqual(['b'.repeat(64)]);
    expect(page2.nextCursor).toBeUndefined();

    expect(
      await store.latestContract('component:default/other'),
    ).toBeUndefined();
  });

  it('stores results with their violations once, and pages them by gate', async () => {
    const results = {
      results: [
        {
          gateId: 'docs.readme',
          status: 'fail' as const,
          matchedFiles: 4,
          violations: Array.from({ length: 3 }, (_, i) => ({
            file: `docs/page-${i}.md`,
            line: i + 1,
            message: `violation ${i}`,
          })),
        },
        {
          gateId: 'build.lint',
          status: 'fail' as const,
          matchedFiles: 0,
          violations: [{ message: 'lint exited with 1' }],
        },
      ],
    };
    const input = {
      meta: {
        entityRef,
        digest: 'c'.repeat(64),
        context: { commit: 'abc1234', tags: [] },
        receivedAt: new Date('2026-11-20T10:00:00Z'),
      },
      summary: summarizeContractResults('native', results),
      violations: results.results.flatMap(r =>
        r.violations.map(v => ({ ...v, gateId: r.gateId })),
      ),
    };
    const first = await store.insertResults(input);
    const second = await store.insertResults(input);
    expect(first.created).toBe(true);
    expect(first.report).toMatchObject({
      kind: 'contract-results',
      summary: { format: 'native', contractDigest: null },
    });
    expect(second).toEqual({ report: first.report, created: false });
    expect(await count(knex, 'contract_violations')).toBe(4);

    const page1 = await store.listViolations(entityRef, first.report.id, {
      limit: 2,
      gateId: 'docs.readme',
    });
    const page2 = await store.listViolations(entityRef, first.report.id, {
      limit: 2,
      gateId: 'docs.readme',
      cursor: page1.nextCursor,
    });
    expect([...page1.items, ...page2.items]).toEqual([
      {
        gateId: 'docs.readme',
        file: 'docs/page-0.md',
        line: 1,
        message: 'violation 0',
      },
      {
        gateId: 'docs.readme',
        file: 'docs/page-1.md',
        line: 2,
        message: 'violation 1',
      },
      {
        gateId: 'docs.readme',
        file: 'docs/page-2.md',
        line: 3,
        message: 'violation 2',
      },
    ]);
    expect(page2.nextCursor).toBeUndefined();
    expect(
      (
        await store.listViolations(entityRef, first.report.id, {
          limit: 10,
          gateId: 'build.lint',
        })
      ).items,
    ).toEqual([{ gateId: 'build.lint', message: 'lint exited with 1' }]);
    // Another entity cannot read them through its own ref.
    expect(
      (
        await store.listViolations('component:default/other', first.report.id, {
          limit: 10,
        })
      ).items,
    ).toEqual([]);

    // Deleting the report deletes its violations.
    await knex('evidence_reports').where({ id: first.report.id }).delete();
    expect(await count(knex, 'contract_violations')).toBe(0);
  });

  it('leaves no partial report when a violation cannot be written', async () => {
    const violations = Array.from({ length: 1200 }, (_, i) => ({
      gateId: 'docs.readme',
      message: `violation ${i}`,
    }));
    violations[1100] = {
      ...violations[1100],
      message: null as unknown as string,
    };
    await expect(
      store.insertResults({
        meta: {
          entityRef,
          digest: 'd'.repeat(64),
          context: { tags: [] },
          receivedAt: new Date('2026-11-20T10:00:00Z'),
        },
        summary: summarizeContractResults('native', { results: [] }),
        violations,
      }),
    ).rejects.toThrow();
    expect(await count(knex, 'evidence_reports')).toBe(0);
    expect(await count(knex, 'contract_violations')).toBe(0);
  });

  it('refuses a tampered cursor as bad input', async () => {
    await expect(
      store.listContracts(entityRef, { limit: 2, cursor: 'bm90LWpzb24' }),
    ).rejects.toThrow(InputError);
    await expect(
      store.listViolations(entityRef, '00000000-0000-4000-8000-000000000000', {
        limit: 2,
        cursor: 'bm90LWpzb24',
      }),
    ).rejects.toThrow(InputError);
  });
});
