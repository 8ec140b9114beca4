import request from 'supertest';
import {
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseContractStore } from '../database/DatabaseContractStore';
import { createAuditChainRouter } from './auditChainRouter';
import { createCiGatesRouter } from './ciGatesRouter';
import { createContractRouter } from './contractRouter';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const KiB = 1024;
const MiB = 1024 * KiB;

/** Valid JSON of `size` bytes: one passing gate, padded with spaces. */
const gatesOfSize = (size: number) => {
  const json = JSON.stringify({ gates: [{ name: 'lint', status: 'passed' }] });
  return json + ' '.repeat(size - json.length);
};

/** A valid contract of at least `size` bytes, padded with a YAML comment. */
const contractOfSize = (size: number) =>
  [
    'gates:',
    '  - id: build.lint',
    '    description: Lint passes',
    '    type: command',
    '    status: active',
    `# ${'x'.repeat(size)}`,
  ].join('\n');

describe.each(ids)(
  '413 answers name the limit that applied, on %s',
  databaseId => {
    const kit = createRouteTestKit({ databaseId });
    const gatesApp = () => kit.app(createCiGatesRouter);
    const contractApp = (maxUploadBytes: number) =>
      kit.app(deps =>
        createContractRouter({
          ...deps,
          contracts: new DatabaseContractStore(deps.knex, deps.store),
          maxUploadBytes,
        }),
      );
    const chainApp = (maxUploadBytes: number) =>
      kit.app(deps =>
        createAuditChainRouter({
          ...deps,
          chains: new DatabaseAuditChainStore(deps.knex, deps.store),
          maxUploadBytes,
          limits: { maxLines: 1000 },
        }),
      );

    beforeAll(() => kit.setup());
    beforeEach(async () => {
      jest.clearAllMocks();
      await kit.clear(
        'required_gates',
        'evidence_reports',
        'delivery_contracts',
      );
    });

    it('says a 300 KiB gates file is over the fixed ci-gates limit, which no setting raises', async () => {
      const res = await request(gatesApp())
        .post(`${base}/ci-gates`)
        .query({ commit: 'abc1234' })
        .set('Content-Type', 'application/json')
        .send(gatesOfSize(300 * KiB));
      expect(res.status).toBe(413);
      expect(res.body.error.message).toBe(
        'Upload exceeds the fixed limit of 262144 bytes for ci-gates uploads; no setting raises it: send a smaller body',
      );
      expect(res.body.error.message).not.toMatch(/maxUploadBytes/);
      expect(await kit.count('evidence_reports')).toBe(0);
      expect(kit.auditFail).toHaveBeenCalled();

      const required = await request(gatesApp())
        .put(`${base}/required-gates`)
        .set('Content-Type', 'application/json')
        .send(`{"gates":["lint"]}${' '.repeat(300 * KiB)}`);
      expect(required.status).toBe(413);
      expect(required.body.error.message).toMatch(
        /^Upload exceeds the fixed limit of 262144 bytes for required-gates lists;/,
      );
      expect(await kit.count('required_gates')).toBe(0);

      // Just under the limit is accepted.
      const fits = await request(gatesApp())
        .post(`${base}/ci-gates`)
        .query({ commit: 'abc1234' })
        .set('Content-Type', 'application/json')
        .send(gatesOfSize(256 * KiB));
      expect(fits.status).toBe(201);
    });

    it('names hardening.ingest.maxUploadBytes when that configured limit applied', async () => {
      const chain = await request(chainApp(1024))
        .post(`${base}/audit-chain`)
        .set('Content-Type', 'application/x-ndjson')
        .send(`${'{}\n'.repeat(400)}`);
      expect(chain.status).toBe(413);
      expect(chain.body.error.message).toBe(
        'Upload exceeds the limit of 1024 bytes (hardening.ingest.maxUploadBytes)',
      );
      expect(await kit.count('evidence_reports')).toBe(0);
    });

    it('names the fixed contract limit, or maxUploadBytes when that is the smaller', async () => {
      const body = contractOfSize(MiB + 1);
      const fixed = await request(contractApp(64 * MiB))
        .put(`${base}/contract`)
        .set('Content-Type', 'application/yaml')
        .send(body);
      expect(fixed.status).toBe(413);
      expect(fixed.body.error.message).toBe(
        'Upload exceeds the fixed limit of 1048576 bytes for delivery contracts; no setting raises it: send a smaller body',
      );

      const configured = await request(contractApp(512 * KiB))
        .put(`${base}/contract`)
        .set('Content-Type', 'application/yaml')
        .send(body);
      expect(configured.status).toBe(413);
      expect(configured.body.error.message).toBe(
        'Upload exceeds the limit of 524288 bytes (hardening.ingest.maxUploadBytes)',
      );
      expect(await kit.count('delivery_contracts')).toBe(0);
    });
  },
);
