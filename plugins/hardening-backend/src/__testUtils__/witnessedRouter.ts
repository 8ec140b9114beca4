import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
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
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { createRouter } from '../service/router';
import { TransparencyLog } from '../transparency/TransparencyLog';
import {
  AUDIT_CHAIN_TABLES,
  buildAuditChain,
  digestOf,
  toJsonl,
} from './auditChainFixtures';
import {
  greenMilestone,
  MILESTONE_EVIDENCE_TABLES,
  seedStoresOn,
  storeGreenEvidence,
} from './milestoneFixtures';
import {
  createRouteTestKit,
  testEntity,
  testEntityPath as base,
} from './routeTestKit';

/** The entity of {@link testEntity}: green evidence, milestone M3.3.1, a chain of 3. */
export const WITNESSED_ENTITY = 'component:default/payments-api';
/** The witness whose cosignature a freeze may require. */
export const WITNESS = 'witness.example.com/release-managers';
export const witnessKey = generateNoteKey(WITNESS, ED25519_COSIGNATURE_TYPE);
const signer = parseSignerKey(
  generateNoteKey('backstage.example.com/hardening').signerKey,
);

/** The group owning {@link testEntity}, so that the scorecards roll it up. */
export const paymentsTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

type Kit = ReturnType<typeof createRouteTestKit>;

/**
 * The plugin's whole router over the kit's database with a transparency log that knows
 * {@link WITNESS}'s key and requires the witnesses `required` for a freeze; its catalog
 * holds {@link testEntity} and {@link paymentsTeam}.
 */
export async function witnessedRouter(kit: Kit, required: string[]) {
  const log = new TransparencyLog({
    db: kit.knex,
    signer,
    settings: {
      baseUrl: 'https://backstage.example.com',
      generatedKeyName: 'unused',
      witnesses: [parseVerifierKey(witnessKey.verifierKey)],
      freezeRequiresWitnesses: required,
    },
    clock: () => kit.now,
  });
  const app = express()
    .use(
      await createRouter({
        database: kit.knex,
        store: new DatabaseEvidenceStore(kit.knex),
        auth: mockServices.auth(),
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user('user:default/ana'),
        }),
        catalog: catalogServiceMock({ entities: [testEntity, paymentsTeam] }),
        permissions: mockServices.permissions(),
        auditor: kit.auditor,
        maxUploadBytes: 1024 * 1024,
        clock: () => kit.now,
        transparency: log,
      }),
    )
    .use(mockErrorHandler());

  /** Appends `count` entries to the entity's chain, after the first `after`. */
  const appendEntries = async (count: number, after = 0) => {
    const previous = buildAuditChain(after);
    const entries = buildAuditChain(count, {
      ...(after > 0 ? { prevHash: previous[after - 1].hash } : {}),
      firstStep: after,
    });
    await new DatabaseAuditChainStore(
      kit.knex,
      kit.deps().store,
      log,
    ).appendChain({
      entityRef: WITNESSED_ENTITY,
      digest: digestOf(toJsonl(entries)),
      context: { tags: [] },
      receivedAt: kit.now,
      entries,
    });
  };

  return {
    app,
    log,
    appendEntries,
    /**
     * Clears the evidence, then stores green evidence, a chain of 3 entries and the
     * milestone M3.3.1 (never frozen): every checklist item but `witnesses` is green.
     */
    async reset() {
      await kit.clear(...MILESTONE_EVIDENCE_TABLES, ...AUDIT_CHAIN_TABLES);
      const { store } = kit.deps();
      await storeGreenEvidence(
        seedStoresOn(kit.knex, store),
        WITNESSED_ENTITY,
        new Date('2026-11-20T10:00:00.000Z'),
      );
      await appendEntries(3);
      const put = await request(app)
        .put(`${base}/milestones/M3.3.1`)
        .send(greenMilestone);
      if (put.status !== 201) {
        throw new Error(`PUT milestone: ${put.status} ${put.text}`);
      }
    },
    /** The witness's cosignature of the checkpoint the backend serves now, posted back. */
    async cosignCurrent() {
      const served = await request(app).get(`${base}/audit-chain/checkpoint`);
      if (served.status !== 200) {
        throw new Error(`GET checkpoint: ${served.status} ${served.text}`);
      }
      const [text] = served.text.split('\n\n');
      const line = cosignCheckpoint(
        `${text}\n`,
        witnessKey.signerKey,
        Math.floor(kit.now.getTime() / 1000),
      );
      const posted = await request(app)
        .post(`${base}/audit-chain/checkpoint/cosignatures`)
        .set('Content-Type', 'text/plain')
        .send(`${served.text}${line}\n`);
      if (posted.status !== 201) {
        throw new Error(`POST cosignature: ${posted.status} ${posted.text}`);
      }
    },
  };
}
