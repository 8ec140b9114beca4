import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { REQUIRED_VALIDATION_METRICS } from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import request from 'supertest';
import {
  greenMilestone,
  seedStoresOn,
  storeGreenEvidence,
  stressRunJson,
} from '../__testUtils__/milestoneFixtures';
import {
  createRouteTestKit,
  testEntity,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { reportIdentity } from '../database/reportIdentity';
import { createRouter } from './router';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const ENTITY = 'component:default/payments-api';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const minutesBefore = (n: number) =>
  new Date(NOW.getTime() - n * 60_000).toISOString();

const COMMIT_A = 'aaaaaaa1111111';
const COMMIT_B = 'bbbbbbb2222222';
const COMMIT_C = 'ccccccc3333333';

const contractResults = (status: 'pass' | 'fail') =>
  JSON.stringify({
    results: [
      {
        gateId: 'security.auth',
        status,
        matchedFiles: 14,
        violations:
          status === 'fail'
            ? [{ file: 'src/routes/share.ts', message: 'no getSession' }]
            : [],
      },
      { gateId: 'build.lint', status: 'pass', matchedFiles: 0, violations: [] },
    ],
  });

const validationReport = (status: 'pass' | 'fail') =>
  JSON.stringify({
    environment: 'production',
    release: 'v2.4.0',
    checkedAt: '2026-11-20T09:30:00Z',
    // Every required metric passes but tenant isolation, which has `status`.
    metrics: REQUIRED_VALIDATION_METRICS.map(id => ({
      id,
      status: id === 'tenant-isolation' ? status : 'pass',
    })),
  });

/** Per evidence kind: its upload path, a passing and a failing body, how "green" shows. */
const KINDS = [
  {
    name: 'CI gates',
    path: 'ci-gates',
    kind: 'ci-gates',
    body: (ok: boolean) =>
      JSON.stringify({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: ok ? 'passed' : 'failed' },
        ],
      }),
    item: 'gates',
  },
  {
    name: 'contract results',
    path: 'contract-results',
    kind: 'contract-results',
    body: (ok: boolean) => contractResults(ok ? 'pass' : 'fail'),
    item: 'contract',
  },
  {
    name: 'stress runs',
    path: 'stress-runs',
    kind: 'stress-run',
    body: (ok: boolean) => stressRunJson(ok ? 140 : 900),
    item: 'stress',
  },
  {
    name: 'validation reports',
    path: 'validation-reports',
    kind: 'validation',
    body: (ok: boolean) => validationReport(ok ? 'pass' : 'fail'),
    item: undefined,
  },
] as const;

describe.each(ids)('report identity through the routes on %s', databaseId => {
  const kit = createRouteTestKit({ databaseId, now: NOW });
  let now = NOW;
  let app: express.Express;

  const post = (path: string, body: string, query: object) =>
    request(app)
      .post(`${base}/${path}`)
      .set('Content-Type', 'application/json')
      .query(query)
      .send(body);
  const newestOf = async (kind: string) => {
    const res = await request(app).get(`${base}/summary`);
    expect(res.status).toBe(200);
    return res.body.latest.find((r: { kind: string }) => r.kind === kind);
  };
  const checklist = async () => {
    const res = await request(app).get(`${base}/milestones/M3.3.1`);
    expect(res.status).toBe(200);
    return res.body.checklist as {
      state: string;
      items: Array<{ id: string; passed: boolean }>;
    };
  };
  const itemPassed = async (id: string) =>
    (await checklist()).items.find(i => i.id === id)!.passed;
  /** The checklist item the kind's newest report decides, else that report's own evaluation. */
  const isGreen = async (kind: string, item?: string) =>
    item
      ? itemPassed(item)
      : ((await newestOf(kind)).summary.evaluation.passing as boolean);
  const requiredGates = async () =>
    (await request(app).get(`${base}/required-gates`)).body;

  beforeAll(async () => {
    await kit.setup();
    const store = new DatabaseEvidenceStore(kit.knex);
    app = express()
      .use(
        await createRouter({
          database: kit.knex,
          store,
          auth: mockServices.auth(),
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.user('user:default/ana'),
          }),
          catalog: catalogServiceMock({ entities: [testEntity] }),
          permissions: mockServices.permissions(),
          auditor: kit.auditor,
          maxUploadBytes: 1024 * 1024,
          clock: () => now,
        }),
      )
      .use(mockErrorHandler());
  });

  beforeEach(async () => {
    now = NOW;
    await kit.clear(
      'triage_state_history',
      'triage_states',
      'triage_failures',
      'milestone_freezes',
      'milestones',
      'required_gates',
      'git_tags',
      'audit_chain_heads',
      'audit_chain_entries',
      'audit_chain_tree_tiles',
      'audit_chain_checkpoints',
      'audit_chain_cosignatures',
      'contract_violations',
      'test_results',
      'evidence_reports',
      'delivery_contracts',
    );
    // Everything green an hour earlier; the uploads below all come at NOW, in one
    // millisecond, so only the order they were stored in tells them apart.
    const store = new DatabaseEvidenceStore(kit.knex);
    await storeGreenEvidence(
      seedStoresOn(kit.knex, store),
      ENTITY,
      new Date(NOW.getTime() - 3_600_000),
    );
    await request(app)
      .put(`${base}/milestones/M3.3.1`)
      .send(greenMilestone)
      .expect(201)
      .expect(res => {
        if (res.body.checklist.state !== 'ready') {
          throw new Error(`the milestone is ${res.body.checklist.state}`);
        }
      });
    await request(app)
      .put(`${base}/required-gates`)
      .send({ gates: ['lint', 'build'] })
      .expect(200);
  });

  describe.each(KINDS)('$name', ({ path, kind, body, item }) => {
    it('A passing, B failing, A’s bytes on commit C: 201 each, C is the newest and green again; C again: 200', async () => {
      const a = await post(path, body(true), { commit: COMMIT_A });
      expect(a.status).toBe(201);
      const b = await post(path, body(false), { commit: COMMIT_B });
      expect(b.status).toBe(201);
      expect((await newestOf(kind)).id).toBe(b.body.report.id);
      expect(await isGreen(kind, item)).toBe(false);

      const c = await post(path, body(true), { commit: COMMIT_C });
      expect(c.status).toBe(201);
      expect(c.body.report.id).not.toBe(a.body.report.id);
      expect(c.body.report.digest).toBe(a.body.report.digest);
      expect(c.body.report.context.commit).toBe(COMMIT_C);
      expect((await newestOf(kind)).id).toBe(c.body.report.id);
      expect(await isGreen(kind, item)).toBe(true);
      expect((await checklist()).state).toBe('ready');

      const again = await post(path, body(true), {
        commit: COMMIT_C.toUpperCase(),
      });
      expect(again.status).toBe(200);
      expect(again.body.report).toEqual(c.body.report);

      const history = await request(app).get(`${base}/${path}`);
      expect(
        history.body.items.slice(0, 3).map((r: { id: string }) => r.id),
      ).toEqual([c.body.report.id, b.body.report.id, a.body.report.id]);
    });
  });

  it('turns the required gates green again when a later commit passes with the bytes of an earlier one', async () => {
    const passing = KINDS[0].body(true);
    await post('ci-gates', passing, { commit: COMMIT_A }).expect(201);
    await post('ci-gates', KINDS[0].body(false), { commit: COMMIT_B }).expect(
      201,
    );
    expect(await requiredGates()).toMatchObject({ passing: false });
    const c = await post('ci-gates', passing, { commit: COMMIT_C });
    expect(c.status).toBe(201);
    expect(await requiredGates()).toMatchObject({
      passing: true,
      latestReportId: c.body.report.id,
    });
  });

  it('freezes on C and names C’s run, not only the body digest A shares, in the record and the chain', async () => {
    const passing = KINDS[0].body(true);
    const run = (commit: string, runId: string) => ({
      commit,
      runId,
      runUrl: `https://ci.example.com/runs/${runId}`,
    });
    const a = await post('ci-gates', passing, run(COMMIT_A, '1'));
    await post('ci-gates', KINDS[0].body(false), run(COMMIT_B, '2')).expect(
      201,
    );
    const c = await post('ci-gates', passing, run(COMMIT_C, '3'));
    expect(c.body.report.digest).toBe(a.body.report.digest);

    const frozen = await request(app).post(`${base}/milestones/M3.3.1/freeze`);
    expect(frozen.status).toBe(201);
    const identityDigest = reportIdentity(
      c.body.report.digest,
      c.body.report.context,
    );
    const gates = frozen.body.freeze.evidence.find(
      (e: { kind: string }) => e.kind === 'ci-gates',
    );
    expect(gates).toEqual({
      kind: 'ci-gates',
      reportId: c.body.report.id,
      digest: a.body.report.digest,
      receivedAt: NOW.toISOString(),
      identityDigest,
      commit: COMMIT_C,
      runId: '3',
      runUrl: 'https://ci.example.com/runs/3',
    });
    expect(identityDigest).not.toBe(
      reportIdentity(a.body.report.digest, a.body.report.context),
    );
    // Every stored report the checklist judged is named by its identity.
    for (const e of frozen.body.freeze.evidence) {
      expect([e.kind, typeof e.identityDigest]).toEqual([
        e.kind,
        e.kind === 'contract' ? 'undefined' : 'string',
      ]);
    }
    const milestone = await request(app).get(`${base}/milestones/M3.3.1`);
    expect(milestone.body.milestone.freeze).toEqual(frozen.body.freeze);

    const chain = await request(app).get(`${base}/audit-chain`);
    const entry = chain.body.items.find(
      (i: { entry: { action: string } }) => i.entry.action === 'freeze',
    ).entry;
    expect(entry.details.evidence).toContainEqual({
      kind: 'ci-gates',
      digest: a.body.report.digest,
      identityDigest,
      commit: COMMIT_C,
      runId: '3',
      runUrl: 'https://ci.example.com/runs/3',
    });
  });

  it('keeps a late upload of an older run from becoming the newest', async () => {
    const b = await post('ci-gates', KINDS[0].body(false), {
      commit: COMMIT_B,
      runId: '102',
      runAt: minutesBefore(10),
    });
    expect(b.status).toBe(201);
    const late = await post('ci-gates', KINDS[0].body(true), {
      commit: COMMIT_A,
      runId: '101',
      runAt: minutesBefore(30),
    });
    expect(late.status).toBe(201);
    expect((await newestOf('ci-gates')).id).toBe(b.body.report.id);
    expect(await requiredGates()).toMatchObject({
      passing: false,
      latestReportId: b.body.report.id,
    });
    expect(await itemPassed('gates')).toBe(false);
  });

  it('stores a re-attempt of the same run with the same bytes as a new report', async () => {
    const passing = KINDS[0].body(true);
    const run = { commit: COMMIT_A, runId: '7', runAttempt: '1' };
    const first = await post('ci-gates', passing, run);
    expect(first.status).toBe(201);
    const failing = await post('ci-gates', KINDS[0].body(false), {
      ...run,
      runId: '8',
    });
    expect(failing.status).toBe(201);
    const retried = await post('ci-gates', passing, { ...run, runAttempt: 2 });
    expect(retried.status).toBe(201);
    expect(retried.body.report.context).toMatchObject({
      runId: '7',
      runAttempt: 2,
    });
    expect((await newestOf('ci-gates')).id).toBe(retried.body.report.id);
    // The same attempt uploaded again (a retry of the upload): the stored report.
    const again = await post('ci-gates', passing, {
      ...run,
      runAttempt: 2,
      runAt: minutesBefore(1),
    });
    expect(again.status).toBe(200);
    expect(again.body.report.id).toBe(retried.body.report.id);
  });

  it('refuses a run time in the future with 400 and stores nothing', async () => {
    const before = await kit.count('evidence_reports');
    const res = await post('ci-gates', KINDS[0].body(true), {
      commit: COMMIT_A,
      runAt: new Date(NOW.getTime() + 6 * 60_000).toISOString(),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^runAt is in the future: 2026-11-20T12:06:00.000Z is more than 5 minutes after the upload was received/,
    );
    expect(await kit.count('evidence_reports')).toBe(before);
  });

  describe('triage reports', () => {
    const bid = {
      scenarioId: 'BID-001',
      invariantId: 'TENANT-001',
      title: 'Bids of org-a listed to org-b',
    };
    const sch = { scenarioId: 'SCH-002', invariantId: 'SCH-001', title: 'x' };
    const reportA = JSON.stringify({ failures: [bid] });

    /** Stores report A on commit A and fixes its failure. */
    async function fixedAfterA() {
      const a = await post('triage-reports', reportA, { commit: COMMIT_A });
      expect(a.status).toBe(201);
      const failures = await request(app)
        .get(`${base}/triage/failures`)
        .query({ reportId: a.body.report.id });
      const failureId = failures.body.items[0].id;
      const action = (name: string, payload: object) =>
        request(app)
          .post(`${base}/triage/failures/${failureId}/${name}`)
          .send(payload)
          .expect(200);
      await action('classification', { class: 'algorithm-regression' });
      await action('status', { to: 'fixed' });
      return a;
    }

    it('reopens a fixed failure when a later run reports it with the same bytes as before the fix', async () => {
      const a = await fixedAfterA();
      const b = await post(
        'triage-reports',
        JSON.stringify({ failures: [sch] }),
        { commit: COMMIT_B },
      );
      expect(b.status).toBe(201);
      expect(b.body.reopened.count).toBe(0);

      const c = await post('triage-reports', reportA, { commit: COMMIT_C });
      expect(c.status).toBe(201);
      expect(c.body.report.id).not.toBe(a.body.report.id);
      expect(c.body.reopened).toEqual({
        count: 1,
        fingerprints: ['BID-001|TENANT-001'],
      });
      expect((await newestOf('triage')).id).toBe(c.body.report.id);

      const again = await post('triage-reports', reportA, {
        commit: COMMIT_C,
      });
      expect(again.status).toBe(200);
      expect(again.body.report.id).toBe(c.body.report.id);
      expect(again.body.reopened.count).toBe(0);
    });

    it('does not reopen a fixed failure for a run that started before the fix', async () => {
      await fixedAfterA();
      const late = await post('triage-reports', reportA, {
        commit: COMMIT_C,
        runAt: minutesBefore(60),
      });
      expect(late.status).toBe(201);
      expect(late.body.reopened.count).toBe(0);
    });

    it('takes the run id from the report’s run block and refuses one that disagrees with runId', async () => {
      const withRun = JSON.stringify({
        run: { id: 'nightly-311' },
        failures: [bid],
      });
      const res = await post('triage-reports', withRun, { commit: COMMIT_A });
      expect(res.status).toBe(201);
      expect(res.body.report.context.runId).toBe('nightly-311');
      expect(res.body.report.summary.runId).toBe('nightly-311');
      const same = await post('triage-reports', withRun, {
        commit: COMMIT_A,
        runId: 'nightly-311',
      });
      expect(same.status).toBe(200);

      const before = await kit.count('evidence_reports');
      const other = await post('triage-reports', withRun, {
        commit: COMMIT_A,
        runId: 'nightly-312',
      });
      expect(other.status).toBe(400);
      expect(other.body.error.message).toBe(
        'run.id "nightly-311" disagrees with the runId query parameter "nightly-312"',
      );
      const badId = await post(
        'triage-reports',
        JSON.stringify({ run: { id: 'nightly 311' }, failures: [bid] }),
        { commit: COMMIT_A },
      );
      expect(badId.status).toBe(400);
      expect(badId.body.error.message).toMatch(/run\.id: a run id is letters/);
      expect(await kit.count('evidence_reports')).toBe(before);
    });
  });
});
