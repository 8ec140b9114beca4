import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  cosignCheckpoint,
  ED25519_COSIGNATURE_TYPE,
  generateNoteKey,
  parseSignerKey,
  parseVerifierKey,
} from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import request from 'supertest';
import {
  AUDIT_CHAIN_TABLES,
  buildAuditChain,
  digestOf,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import {
  greenMilestone,
  MILESTONE_EVIDENCE_TABLES,
  seedStoresOn,
  storeGreenEvidence,
} from '../__testUtils__/milestoneFixtures';
import {
  createRouteTestKit,
  testEntity,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { TransparencyLog } from '../transparency/TransparencyLog';
import { createRouter } from './router';

jest.setTimeout(60_000);

const { ids } = createTestDatabases();
const ENTITY = 'component:default/payments-api';
const WITNESS = 'witness.example.com/release-managers';
const signer = parseSignerKey(
  generateNoteKey('backstage.example.com/hardening').signerKey,
);
const witness = generateNoteKey(WITNESS, ED25519_COSIGNATURE_TYPE);

describe.each(ids)(
  'a freeze with hardening.transparency.freezeRequiresWitnesses, through createRouter, on %s',
  databaseId => {
    const kit = createRouteTestKit({ databaseId });
    let app: express.Express;
    let log: TransparencyLog;

    /** The witness's cosignature of the checkpoint the backend serves now, posted back. */
    async function cosignCurrent() {
      const served = await request(app).get(`${base}/audit-chain/checkpoint`);
      expect(served.status).toBe(200);
      const [text] = served.text.split('\n\n');
      const line = cosignCheckpoint(
        `${text}\n`,
        witness.signerKey,
        Math.floor(kit.now.getTime() / 1000),
      );
      const posted = await request(app)
        .post(`${base}/audit-chain/checkpoint/cosignatures`)
        .set('Content-Type', 'text/plain')
        .send(`${served.text}${line}\n`);
      expect(posted.status).toBe(201);
    }
    const freeze = () =>
      request(app).post(`${base}/milestones/M3.3.1/freeze`).send();
    const treeSize = async () =>
      (await request(app).get(`${base}/audit-chain/transparency`)).body
        .treeSize as number;

    beforeAll(async () => {
      await kit.setup();
      log = new TransparencyLog({
        db: kit.knex,
        signer,
        settings: {
          baseUrl: 'https://backstage.example.com',
          generatedKeyName: 'unused',
          witnesses: [parseVerifierKey(witness.verifierKey)],
          freezeRequiresWitnesses: [WITNESS],
        },
        clock: () => kit.now,
      });
      app = express()
        .use(
          await createRouter({
            database: kit.knex,
            store: new DatabaseEvidenceStore(kit.knex),
            auth: mockServices.auth(),
            httpAuth: mockServices.httpAuth({
              defaultCredentials: mockCredentials.user('user:default/ana'),
            }),
            catalog: catalogServiceMock({ entities: [testEntity] }),
            permissions: mockServices.permissions(),
            auditor: kit.auditor,
            maxUploadBytes: 1024 * 1024,
            clock: () => kit.now,
            transparency: log,
          }),
        )
        .use(mockErrorHandler());
    });
    beforeEach(async () => {
      await kit.clear(...MILESTONE_EVIDENCE_TABLES, ...AUDIT_CHAIN_TABLES);
      const { store } = kit.deps();
      await storeGreenEvidence(
        seedStoresOn(kit.knex, store),
        ENTITY,
        new Date('2026-11-20T10:00:00.000Z'),
      );
      const chain = buildAuditChain(3);
      await new DatabaseAuditChainStore(kit.knex, store, log).appendChain({
        entityRef: ENTITY,
        digest: digestOf(toJsonl(chain)),
        context: { tags: [] },
        receivedAt: kit.now,
        entries: chain,
      });
      const put = await request(app)
        .put(`${base}/milestones/M3.3.1`)
        .send(greenMilestone);
      if (put.status !== 201) {
        throw new Error(`PUT milestone: ${put.status} ${put.text}`);
      }
    });

    /** The `witnesses` item of the milestone's checklist as `GET …/milestones` lists it. */
    const checklist = async () => {
      const listed = await request(app).get(`${base}/milestones`);
      expect(listed.status).toBe(200);
      return listed.body.items[0].checklist;
    };
    const witnessItem = async () =>
      (await checklist()).items.find(
        (i: { id: string }) => i.id === 'witnesses',
      );

    it('lists the witnesses item failing, naming the witness, before anyone asks for a freeze; green once cosigned', async () => {
      const before = await checklist();
      expect(before.state).toBe('blocked');
      expect(before.items.filter((i: any) => !i.passed)).toEqual([
        {
          id: 'witnesses',
          label: 'Required witnesses cosigned the current checkpoint',
          passed: false,
          reason: `${WITNESS} has not cosigned any checkpoint: have them run \`hardening chain witness\` on the current checkpoint`,
          evidence: [],
        },
      ]);
      expect(before.witnesses).toEqual({
        treeSize: 3,
        required: [{ witness: WITNESS, cosignedSize: null }],
      });

      await cosignCurrent();
      const after = await checklist();
      expect(after.state).toBe('ready');
      expect(await witnessItem()).toMatchObject({
        passed: true,
        reason: `${WITNESS} cosigned the checkpoint of the current tree (size 3)`,
      });

      const frozen = await freeze();
      expect(frozen.status).toBe(201);
      // The freeze entry grew the log to 4: no regression for that.
      expect(frozen.body.checklist.witnesses).toEqual({
        treeSize: 4,
        required: [{ witness: WITNESS, cosignedSize: 3 }],
      });
      expect((await checklist()).state).toBe('frozen');
      expect(await witnessItem()).toMatchObject({ passed: true });
    });

    it('refuses a green milestone with 409 naming the witness until it cosigned the current checkpoint, then freezes', async () => {
      const refused = await freeze();
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        name: 'ConflictError',
        message: `The audit chain of ${ENTITY} must be witnessed before a freeze: ${WITNESS} has not cosigned any checkpoint. Have them run \`hardening chain witness\` on the current checkpoint. Nothing was frozen.`,
      });
      expect(await kit.count('milestone_freezes')).toBe(0);
      expect(await treeSize()).toBe(3);

      await cosignCurrent();
      const frozen = await freeze();
      expect(frozen.status).toBe(201);
      expect(frozen.body.checklist.state).toBe('frozen');
      // The freeze entry grew the log past the cosigned size.
      expect(await treeSize()).toBe(4);
    });

    it('refuses while the cosignature is of an older tree size', async () => {
      await cosignCurrent();
      const more = buildAuditChain(1, {
        prevHash: buildAuditChain(3)[2].hash,
        firstStep: 3,
      });
      await new DatabaseAuditChainStore(
        kit.knex,
        kit.deps().store,
        log,
      ).appendChain({
        entityRef: ENTITY,
        digest: digestOf(toJsonl(more)),
        context: { tags: [] },
        receivedAt: kit.now,
        entries: more,
      });

      expect(await witnessItem()).toMatchObject({
        passed: false,
        reason: `${WITNESS} cosigned size 3, not the current size 4: have them run \`hardening chain witness\` on the current checkpoint`,
      });
      const stale = await freeze();
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain(
        `${WITNESS} cosigned size 3, not the current size 4.`,
      );
      expect(await kit.count('milestone_freezes')).toBe(0);

      await cosignCurrent();
      expect((await freeze()).status).toBe(201);
    });
  },
);
