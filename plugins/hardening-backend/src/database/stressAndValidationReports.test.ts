import {
  evaluateStressRun,
  evaluateValidationReport,
  StressRunSummary,
  validationReportSchema,
  ValidationReportSummary,
} from '@hardening/backstage-plugin-hardening-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { parseK6Summary } from '../ingest/k6/K6SummaryParser';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const receivedAt = new Date('2026-11-20T10:06:00.000Z');

function stressSummary(): StressRunSummary {
  const json = JSON.parse(
    readFileSync(
      join(
        __dirname,
        '..',
        'ingest',
        '__fixtures__',
        'k6',
        'share-pack.handle-summary.json',
      ),
      'utf8',
    ),
  );
  const parsed = parseK6Summary(json, {
    scenario: 'share-pack',
    receivedAt,
    thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
  });
  return {
    format: 'k6',
    k6: { form: parsed.form, thresholds: parsed.thresholds },
    run: parsed.run,
    evaluation: evaluateStressRun(parsed.run),
  };
}

function validationSummary(): ValidationReportSummary {
  const report = validationReportSchema.parse({
    environment: 'production',
    checkedAt: '2026-11-20T09:30:00Z',
    metrics: [
      { id: 'rbac', status: 'pass' },
      { id: 'rollback', status: 'fail', detail: 'not rehearsed' },
    ],
  });
  return { report, evaluation: evaluateValidationReport(report) };
}

describe.each(ids)('stress-run and validation reports on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseEvidenceStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    store = new DatabaseEvidenceStore(knex);
  });

  beforeEach(async () => {
    await knex('evidence_reports').delete();
  });

  it('keeps a stress-run summary exactly, nulls and fractions included', async () => {
    const summary = stressSummary();
    // The fixture's verdicts all measured something; add one that did not (actual: null).
    expect(summary.evaluation.verdicts.some(v => v.actual === null)).toBe(
      false,
    );
    summary.evaluation.verdicts.push({
      id: 'negative-denials',
      passing: false,
      actual: null,
      limit: 1,
      message: 'no negative/security phase in the run',
    });
    const meta = {
      entityRef,
      kind: 'stress-run' as const,
      digest: 'a'.repeat(64),
      context: { tags: ['stress'] },
      receivedAt,
    };
    const first = await store.insertReport(meta, summary);
    expect(first.created).toBe(true);
    const again = await store.insertReport(meta, summary);
    expect(again).toEqual({ created: false, report: first.report });

    const page = await store.listReports<StressRunSummary>(
      entityRef,
      'stress-run',
      { limit: 10 },
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0].summary).toEqual(summary);
    expect(page.items[0].summary.run.phases[0].latencyMs?.p95).toBe(236.8412);
  });

  it('keeps validation reports apart from stress runs with the same digest', async () => {
    const digest = 'b'.repeat(64);
    const base = { entityRef, digest, context: { tags: [] }, receivedAt };
    await store.insertReport({ ...base, kind: 'stress-run' }, stressSummary());
    const validation = await store.insertReport(
      { ...base, kind: 'validation' },
      validationSummary(),
    );
    expect(validation.created).toBe(true);
    const page = await store.listReports<ValidationReportSummary>(
      entityRef,
      'validation',
      { limit: 10 },
    );
    expect(page.items.map(r => r.summary)).toEqual([validationSummary()]);
    expect(page.items[0].summary.evaluation.passing).toBe(false);
    const [{ n }] = await knex('evidence_reports').count({ n: '*' });
    expect(Number(n)).toBe(2);
  });
});
