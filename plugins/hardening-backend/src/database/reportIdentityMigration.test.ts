import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  DatabaseEvidenceStore,
  ReportRow,
  rowToReport,
} from './DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './migrations';
import { reportIdentity } from './reportIdentity';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

const MIGRATIONS = `${__dirname}/../../migrations`;
const MIGRATION = '20261207010000_report_identity.js';
const REF = 'component:default/payments-api';
const OTHER = 'component:default/ledger-service';
const T0 = Date.parse('2026-11-01T00:00:00.000Z');
/** More rows than one batch of the migration (500), in three groups per timestamp. */
const ROWS = 1201;

const idOf = (i: number) =>
  `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const hex = (i: number) => i.toString(16).padStart(64, '0');

/** A row as the schema before the migration holds it. */
function oldRow(i: number) {
  const receivedAt = T0 + Math.floor(i / 3) * 60_000;
  return {
    id: idOf(i),
    entity_ref: i % 2 ? OTHER : REF,
    kind: 'ci-gates',
    digest: hex(i),
    commit_sha: i % 5 === 0 ? null : `ABCDEF${String(i).padStart(7, '0')}`,
    branch: i % 7 === 0 ? 'release' : 'main',
    run_url: i % 4 === 0 ? `https://ci.example.com/runs/${i}` : null,
    pipeline: i % 3 === 0 ? 'nightly' : null,
    run_id: i % 6 === 0 ? `r-${i}` : null,
    run_attempt: i % 6 === 0 ? 1 + (i % 4) : null,
    // Some runs started before their receipt, some (a skewed clock) just after.
    run_at:
      i % 8 === 0
        ? new Date(receivedAt + (i % 16 === 0 ? -30 : 2) * 60_000)
        : null,
    tags: JSON.stringify(i % 2 ? ['smoke', 'e2e:happy', 'smoke'] : []),
    summary: JSON.stringify({ gates: [{ name: 'lint', status: 'passed' }] }),
    received_at: new Date(receivedAt),
  };
}

const ms = (value: Date | string | number) => new Date(value).getTime();

async function versionOf(knex: Knex, ref: string): Promise<number> {
  const row = await knex('evidence_versions')
    .where({ entity_ref: ref })
    .first('version');
  return row ? Number(row.version) : 0;
}

describe.each(ids)('the report identity migration on %s', databaseId => {
  let knex: Knex;
  let versionsBefore: number[];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    await knex.migrate.down({ directory: MIGRATIONS, name: MIGRATION });
    if (await knex.schema.hasColumn('evidence_reports', 'receipt_seq')) {
      throw new Error(`${MIGRATION} was not rolled back`);
    }
    // Stored newest first, so that the insertion order is not the receipt order.
    const rows = Array.from({ length: ROWS }, (_, i) => oldRow(i)).reverse();
    for (let i = 0; i < rows.length; i += 100) {
      await knex('evidence_reports').insert(rows.slice(i, i + 100));
    }
    versionsBefore = [await versionOf(knex, REF), await versionOf(knex, OTHER)];
    await applyDatabaseMigrations(knex);
  });

  it('moves the evidence version of every entity whose reports it rewrote', async () => {
    // What was computed from their reports may judge "newest" differently now.
    const after = [await versionOf(knex, REF), await versionOf(knex, OTHER)];
    expect(after[0]).toBeGreaterThan(versionsBefore[0]);
    expect(after[1]).toBeGreaterThan(versionsBefore[1]);
  });

  it('gives every stored report the identity the store computes for it', async () => {
    const rows: ReportRow[] = await knex('evidence_reports').select('*');
    expect(rows).toHaveLength(ROWS);
    for (const row of rows) {
      const { context } = rowToReport(row);
      expect([row.id, row.identity_digest]).toEqual([
        row.id,
        reportIdentity(row.digest, context),
      ]);
    }
  });

  it('numbers the stored reports in receipt order and orders them by their run', async () => {
    const rows: ReportRow[] = await knex('evidence_reports')
      .orderBy('receipt_seq')
      .select('*');
    expect(rows.map(r => Number(r.receipt_seq))).toEqual(
      Array.from({ length: ROWS }, (_, i) => i + 1),
    );
    expect(rows.map(r => r.id)).toEqual(
      Array.from({ length: ROWS }, (_, i) => idOf(i)),
    );
    for (const [i, row] of rows.entries()) {
      const { run_at: runAt, received_at: receivedAt } = oldRow(i);
      const expected = runAt && runAt < receivedAt ? runAt : receivedAt;
      expect([row.id, ms(row.ordered_at)]).toEqual([row.id, ms(expected)]);
    }
  });

  it('finds a stored report again by its identity, and stores another run’s copy after the others', async () => {
    const store = new DatabaseEvidenceStore(knex);
    const stored = rowToReport(
      await knex('evidence_reports')
        .where({ id: idOf(12) })
        .first(),
    );
    const meta = {
      entityRef: REF,
      kind: 'ci-gates' as const,
      digest: stored.digest,
      receivedAt: new Date('2026-12-08T00:00:00.000Z'),
    };
    const summary = { gates: [] };
    const again = await store.insertReport(
      {
        ...meta,
        context: {
          ...stored.context,
          commit: stored.context.commit!.toLowerCase(),
        },
      },
      summary,
    );
    expect(again).toMatchObject({ created: false, report: { id: idOf(12) } });

    const before = await versionOf(knex, REF);
    const rerun = await store.insertReport(
      { ...meta, context: { ...stored.context, runAttempt: 2 } },
      summary,
    );
    expect(rerun.created).toBe(true);
    expect(rerun.report.digest).toBe(stored.digest);
    // The evidence-version trigger still runs on inserts.
    expect(await versionOf(knex, REF)).toBe(before + 1);
    const row = await knex('evidence_reports')
      .where({ id: rerun.report.id })
      .first('receipt_seq');
    expect(Number(row.receipt_seq)).toBe(ROWS + 1);
    expect((await store.latestReports(REF))[0].id).toBe(rerun.report.id);

    await knex('evidence_reports')
      .where({ id: idOf(12) })
      .update({ branch: 'main' });
    expect(await versionOf(knex, REF)).toBe(before + 2);
  });

  it('is not rolled back while two reports share a body digest, and is rolled back once they do not', async () => {
    // knex logs the failed migration; the test checks the error it throws.
    jest.spyOn(console, 'log').mockImplementation(() => {});
    await expect(
      knex.migrate.down({ directory: MIGRATIONS, name: MIGRATION }),
    ).rejects.toThrow(
      /Cannot roll back 20261207010000_report_identity: component:default\/payments-api has 2 ci-gates reports with the body digest 0+c .*delete all but one of them first/,
    );
    expect(await knex.schema.hasColumn('evidence_reports', 'receipt_seq')).toBe(
      true,
    );
    jest.restoreAllMocks();

    await knex('evidence_reports')
      .where({ entity_ref: REF, digest: hex(12) })
      .whereNot({ id: idOf(12) })
      .delete();
    await knex.migrate.down({ directory: MIGRATIONS, name: MIGRATION });
    for (const column of ['identity_digest', 'ordered_at', 'receipt_seq']) {
      expect(await knex.schema.hasColumn('evidence_reports', column)).toBe(
        false,
      );
    }
    // The old unique index is back, and the triggers still run.
    const before = await versionOf(knex, OTHER);
    await expect(
      knex('evidence_reports').insert({ ...oldRow(1), id: idOf(5000) }),
    ).rejects.toThrow();
    await knex('evidence_reports').insert({
      ...oldRow(1),
      id: idOf(5001),
      digest: hex(5001),
      received_at: new Date('2026-12-09T00:00:00.000Z'),
    });
    expect(await versionOf(knex, OTHER)).toBe(before + 1);

    // And up again, with the row stored in between.
    await applyDatabaseMigrations(knex);
    const row = await knex('evidence_reports')
      .where({ id: idOf(5001) })
      .first('receipt_seq');
    expect(Number(row.receipt_seq)).toBe(ROWS + 1);
  });
});
