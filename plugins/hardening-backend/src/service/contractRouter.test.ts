import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { DatabaseContractStore } from '../database/DatabaseContractStore';
import { createContractRouter } from './contractRouter';

/** The third key is indented one space less than its siblings (line 4). */
const badIndentYaml = [
  'gates:',
  '  - id: security.session_guard',
  '    description: Route handlers resolve the caller session',
  '   type: file_content',
  "    targets: ['src/**/*.ts']",
  '    status: active',
].join('\n');

function fixture(path: string): string {
  return readFileSync(
    resolve(__dirname, '../ingest/__fixtures__', path),
    'utf8',
  );
}

const contractYaml = fixture('contract/delivery-contract.yml');
const sarif = fixture('sarif/contract-check.sarif.json');

describe('delivery contract routes', () => {
  const kit = createRouteTestKit();
  const app = (
    allow = true,
    maxUploadBytes = 10 * 1024 * 1024,
    maxJsonUploadBytes?: number,
  ) =>
    kit.app(
      deps =>
        createContractRouter({
          ...deps,
          contracts: new DatabaseContractStore(deps.knex, deps.store),
          maxUploadBytes,
          maxJsonUploadBytes,
        }),
      { allow },
    );
  const putContract = (body: string, type = 'application/yaml') =>
    request(app()).put(`${base}/contract`).set('Content-Type', type).send(body);

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear(
      'contract_violations',
      'evidence_reports',
      'delivery_contracts',
    );
  });

  describe('PUT and GET …/contract', () => {
    it('stores a contract once, serves the newest and keeps the history', async () => {
      expect((await request(app()).get(`${base}/contract`)).status).toBe(404);

      const first = await putContract(contractYaml);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        created: true,
        contract: {
          entityRef: 'component:default/payments-api',
          digest: expect.stringMatching(/^[0-9a-f]{64}$/),
          gateCount: 3,
          uploadedAt: kit.now.toISOString(),
          uploadedBy: 'user:default/ana',
          contract: {
            gates: [
              { id: 'security.session_guard', status: 'active' },
              { id: 'security.no_raw_sql', status: 'active' },
              { id: 'docs.incident_runbook', status: 'planned' },
            ],
          },
        },
      });
      expect(kit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'contract-update',
          meta: { entityRef: 'component:default/payments-api' },
        }),
      );
      expect(kit.auditSuccess).toHaveBeenCalledWith({
        meta: {
          contractId: first.body.contract.id,
          digest: first.body.contract.digest,
          created: true,
          gateCount: 3,
        },
      });

      // The same contract with other comments and layout is the same contract.
      const again = await putContract(
        `# reformatted\n${contractYaml.replace(/'/g, '"')}`,
        'text/yaml',
      );
      expect(again.status).toBe(200);
      expect(again.body).toEqual({
        created: false,
        contract: first.body.contract,
      });

      const second = await putContract(
        fixture('contract/delivery-contract-mapping.yml'),
        'application/x-yaml',
      );
      expect(second.status).toBe(201);
      expect(await kit.count('delivery_contracts')).toBe(2);

      const current = await request(app()).get(`${base}/contract`);
      expect(current.status).toBe(200);
      expect(current.body).toEqual(second.body.contract);

      const history = await request(app()).get(`${base}/contract/history`);
      expect(history.body.items.map((c: { id: string }) => c.id)).toEqual([
        second.body.contract.id,
        first.body.contract.id,
      ]);
    });

    it.each([
      [
        'a YAML syntax error, with its line',
        badIndentYaml,
        /^Invalid contract YAML at line 4, column 1: /,
      ],
      [
        'an invalid regular expression, naming the gate and the pattern',
        contractYaml.replace("'tenantId'", "'tenant(Id'"),
        /gates\[0\]\.must_match\[1\]: invalid regular expression "tenant\(Id" in gate "security\.session_guard"/,
      ],
      [
        'a gate id used twice',
        contractYaml.replace('security.no_raw_sql', 'security.session_guard'),
        /gates\[1\]\.id: duplicate gate id "security\.session_guard"/,
      ],
      [
        'an unknown gate type, listing the allowed ones',
        contractYaml.replace("type: 'file_content'", "type: 'grep'"),
        /gates\[0\]\.type: must be one of file_content, file_exists, command/,
      ],
      [
        'an alias expansion bomb',
        fixture('contract/billion-laughs.yml'),
        /too many alias expansions/,
      ],
      [
        'a language-specific tag',
        fixture('contract/custom-tag.yml'),
        /Unresolved tag: tag:yaml\.org,2002:js\/function/,
      ],
      [
        'bytes that are not UTF-8',
        Buffer.from([0x67, 0x61, 0xff, 0xfe]),
        /not valid UTF-8/,
      ],
    ])(
      'refuses %s with 400 and stores nothing',
      async (_name, body, message) => {
        const res = await request(app())
          .put(`${base}/contract`)
          .set('Content-Type', 'application/yaml')
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await kit.count('delivery_contracts')).toBe(0);
        expect(kit.auditFail).toHaveBeenCalled();
      },
    );

    it('refuses callers without the manage permission before reading anything', async () => {
      const res = await request(app(false))
        .put(`${base}/contract`)
        .set('Content-Type', 'application/yaml')
        .send(contractYaml);
      expect(res.status).toBe(403);
      expect(await kit.count('delivery_contracts')).toBe(0);
      expect(kit.auditor.createEvent).not.toHaveBeenCalled();
    });

    it('refuses another content type with 415, a large contract with 413 and unknown parameters with 400', async () => {
      const json = await putContract(
        JSON.stringify({ gates: [] }),
        'application/json',
      );
      expect(json.status).toBe(415);
      const large = await request(app(true, 512))
        .put(`${base}/contract`)
        .set('Content-Type', 'application/yaml')
        .send(contractYaml);
      expect(large.status).toBe(413);
      const param = await request(app())
        .put(`${base}/contract`)
        .query({ force: 'true' })
        .set('Content-Type', 'application/yaml')
        .send(contractYaml);
      expect(param.status).toBe(400);
      expect(param.body.error.message).toMatch(
        /unknown query parameter\(s\): force/,
      );
      expect(await kit.count('delivery_contracts')).toBe(0);
    });
  });

  describe('…/contract-results', () => {
    it('judges SARIF results against the current contract and serves their violations', async () => {
      const contract = await putContract(contractYaml);
      const upload = () =>
        request(app())
          .post(`${base}/contract-results`)
          .query({ commit: 'abc1234', branch: 'main', tags: 'contract' })
          .set('Content-Type', 'application/sarif+json')
          .send(sarif);

      const first = await upload();
      expect(first.status).toBe(201);
      expect(first.body.report).toMatchObject({
        kind: 'contract-results',
        context: { commit: 'abc1234', branch: 'main', tags: ['contract'] },
        summary: {
          format: 'sarif',
          contractDigest: contract.body.contract.digest,
          gates: [
            {
              gateId: 'security.session_guard',
              status: 'fail',
              matchedFiles: 14,
              violationCount: 2,
            },
            {
              gateId: 'security.no_raw_sql',
              status: 'pass',
              matchedFiles: 6,
              violationCount: 0,
            },
            {
              gateId: 'docs.incident_runbook',
              status: 'pass',
              matchedFiles: 0,
              violationCount: 0,
            },
          ],
          evaluation: {
            status: 'evaluated',
            passing: false,
            reason: '1 of 2 active gates passing',
            warnings: [],
          },
        },
      });
      expect(
        first.body.report.summary.evaluation.gates.map(
          (g: { gateId: string; blocking: boolean; reason: string }) => [
            g.gateId,
            g.blocking,
            g.reason,
          ],
        ),
      ).toEqual([
        ['security.session_guard', true, 'failed with 2 violations'],
        ['security.no_raw_sql', false, 'passed on 6 files'],
        [
          'docs.incident_runbook',
          false,
          'planned, does not block: the gate targets matched no file, and a gate that checked nothing is not a pass',
        ],
      ]);

      const again = await upload();
      expect(again.status).toBe(200);
      expect(again.body.report.id).toBe(first.body.report.id);
      expect(await kit.count('contract_violations')).toBe(2);

      const reportId = first.body.report.id;
      const violations = await request(app())
        .get(`${base}/contract-results/${reportId}/violations`)
        .query({ gateId: 'security.session_guard', limit: 1 });
      expect(violations.status).toBe(200);
      expect(violations.body.items).toEqual([
        {
          gateId: 'security.session_guard',
          file: 'services/claims/src/routes/export/route.ts',
          line: 1,
          message: 'No match for requireSession\\( in this route handler',
        },
      ]);
      const next = await request(app())
        .get(`${base}/contract-results/${reportId}/violations`)
        .query({
          gateId: 'security.session_guard',
          cursor: violations.body.nextCursor,
        });
      expect(next.body.items).toHaveLength(1);
      expect(next.body.nextCursor).toBeUndefined();
      const none = await request(app())
        .get(`${base}/contract-results/${reportId}/violations`)
        .query({ gateId: 'security.no_raw_sql' });
      expect(none.body).toEqual({ items: [] });

      const history = await request(app()).get(`${base}/contract-results`);
      expect(history.body.items.map((r: { id: string }) => r.id)).toEqual([
        reportId,
      ]);
    });

    it('does not count a pass whose targets matched no file', async () => {
      await putContract(contractYaml);
      const res = await request(app())
        .post(`${base}/contract-results`)
        .send({
          results: [
            {
              gateId: 'security.session_guard',
              status: 'pass',
              matchedFiles: 0,
              violations: [],
            },
            {
              gateId: 'security.no_raw_sql',
              status: 'pass',
              matchedFiles: 6,
              violations: [],
            },
            {
              gateId: 'perf.p95',
              status: 'pass',
              matchedFiles: 1,
              violations: [],
            },
          ],
        });
      expect(res.status).toBe(201);
      const { evaluation } = res.body.report.summary;
      expect(evaluation.passing).toBe(false);
      expect(evaluation.gates[0]).toMatchObject({
        gateId: 'security.session_guard',
        result: 'pass',
        passing: false,
        reason: expect.stringContaining('matched no file'),
      });
      expect(evaluation.warnings).toEqual([
        expect.objectContaining({ kind: 'unknown-gate', gateId: 'perf.p95' }),
      ]);
    });

    it('stores results without a contract and says there was none', async () => {
      const res = await request(app())
        .post(`${base}/contract-results`)
        .query({ format: 'sarif' })
        .set('Content-Type', 'application/json')
        .send(sarif);
      expect(res.status).toBe(201);
      expect(res.body.report.summary).toMatchObject({
        format: 'sarif',
        contractDigest: null,
        evaluation: { status: 'no-contract', passing: false },
      });
      expect(res.body.report.summary.evaluation.reason).toMatch(/^no contract/);
    });

    it.each([
      [
        'a SARIF log of another version',
        'application/sarif+json',
        fixture('sarif/sarif-2.0.0.sarif.json'),
        {},
        400,
        /only SARIF version "2.1.0"/,
      ],
      [
        'SARIF that is not JSON',
        'application/sarif+json',
        '{"version":',
        {},
        400,
        /SARIF log is not valid JSON/,
      ],
      [
        'native results with an unknown status',
        'application/json',
        JSON.stringify({
          results: [
            { gateId: 'a', status: 'ok', matchedFiles: 1, violations: [] },
          ],
        }),
        {},
        400,
        /results\[0\]\.status/,
      ],
      [
        'an unknown format',
        'application/json',
        '{}',
        { format: 'junit' },
        400,
        /format: must be native or sarif/,
      ],
      [
        'an unknown parameter',
        'application/json',
        '{}',
        { comit: 'abc1234' },
        400,
        /unknown query parameter\(s\): comit/,
      ],
      [
        'a non-JSON content type',
        'text/plain',
        'pass',
        {},
        415,
        /application\/sarif\+json/,
      ],
    ])(
      'refuses %s and stores nothing',
      async (_name, type, body, query, status, message) => {
        const res = await request(app())
          .post(`${base}/contract-results`)
          .query(query)
          .set('Content-Type', type)
          .send(body);
        expect(res.status).toBe(status);
        expect(res.body.error.message).toMatch(message);
        expect(await kit.count('evidence_reports')).toBe(0);
        expect(await kit.count('contract_violations')).toBe(0);
      },
    );

    it('refuses results larger than maxJsonUploadBytes with 413 naming the setting', async () => {
      const res = await request(app(true, 10 * 1024 * 1024, 1024))
        .post(`${base}/contract-results`)
        .set('Content-Type', 'application/sarif+json')
        .send(sarif);
      expect(Buffer.byteLength(sarif)).toBeGreaterThan(1024);
      expect(res.status).toBe(413);
      expect(res.body.error.message).toBe(
        'Upload exceeds the limit of 1024 bytes (hardening.ingest.maxJsonUploadBytes)',
      );
      expect(await kit.count('evidence_reports')).toBe(0);
    });

    it('refuses uploads from callers without the create permission', async () => {
      const res = await request(app(false))
        .post(`${base}/contract-results`)
        .set('Content-Type', 'application/sarif+json')
        .send(sarif);
      expect(res.status).toBe(403);
      expect(await kit.count('evidence_reports')).toBe(0);
    });

    it('answers 400 for a bad report id or gate id, 404 for no report or one of another kind', async () => {
      expect(
        (
          await request(app()).get(
            `${base}/contract-results/not-a-uuid/violations`,
          )
        ).status,
      ).toBe(400);
      const bad = await request(app())
        .get(
          `${base}/contract-results/00000000-0000-4000-8000-000000000000/violations`,
        )
        .query({ gateId: 'Not A Gate' });
      expect(bad.status).toBe(400);
      expect(
        (
          await request(app()).get(
            `${base}/contract-results/00000000-0000-4000-8000-000000000000/violations`,
          )
        ).status,
      ).toBe(404);
      const gates = await kit.deps().store.insertGatesReport({
        entityRef: 'component:default/payments-api',
        digest: 'e'.repeat(64),
        context: { tags: [] },
        receivedAt: kit.now,
        gates: [{ name: 'lint', status: 'passed' }],
      });
      const otherKind = await request(app()).get(
        `${base}/contract-results/${gates.report.id}/violations`,
      );
      expect(otherKind.status).toBe(404);
    });
  });
});
