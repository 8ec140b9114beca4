import {
  canonicalEntryContent,
  cosignCheckpoint,
  ED25519_COSIGNATURE_TYPE,
  fromHex,
  generateNoteKey,
  inclusionProofSchema,
  merkleHasher,
  noteVerifier,
  openSignedNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  transparencyStatusSchema,
  utf8,
  verifyInclusion,
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
  createRouteTestKit,
  testEntityPath as base,
} from '../__testUtils__/routeTestKit';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { TransparencyLog } from '../transparency/TransparencyLog';
import { createTransparencyRouter } from './transparencyRouter';

const ENTITY = 'component:default/payments-api';
const signer = parseSignerKey(
  generateNoteKey('backstage.example.com/hardening').signerKey,
);
const witness = generateNoteKey(
  'witness.example.com/w1',
  ED25519_COSIGNATURE_TYPE,
);
const hasher = merkleHasher();

describe('transparency routes', () => {
  const kit = createRouteTestKit();
  const chain = buildAuditChain(11);
  let log: TransparencyLog;
  const app = (allow = true): express.Express =>
    kit.app(deps => createTransparencyRouter({ ...deps, log }), { allow });

  beforeAll(async () => {
    await kit.setup();
    await kit.clear(...AUDIT_CHAIN_TABLES);
    log = new TransparencyLog({
      db: kit.knex,
      signer,
      settings: {
        baseUrl: 'https://backstage.example.com',
        generatedKeyName: 'unused',
        witnesses: [parseVerifierKey(witness.verifierKey)],
        freezeRequiresWitnesses: [],
      },
      clock: () => kit.now,
    });
    const { store } = kit.deps();
    await new DatabaseAuditChainStore(kit.knex, store, log).appendChain({
      entityRef: ENTITY,
      digest: digestOf(toJsonl(chain)),
      context: { tags: [] },
      receivedAt: kit.now,
      entries: chain,
    });
  });
  beforeEach(() => jest.clearAllMocks());

  it('serves the signed checkpoint as text/plain, verifiable with the public key it serves', async () => {
    const key = await request(app()).get('/transparency/public-key');
    expect(key.status).toBe(200);
    expect(key.text).toBe(`${signer.verifierKey}\n`);
    const res = await request(app()).get(`${base}/audit-chain/checkpoint`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const opened = openSignedNote(res.text, [noteVerifier(key.text)]);
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint).toMatchObject({
      origin: 'backstage.example.com/hardening/component:default/payments-api',
      size: 11,
    });
  });

  it('answers an inclusion proof that leads from the entry to the signed root', async () => {
    const status = transparencyStatusSchema.parse(
      (await request(app()).get(`${base}/audit-chain/transparency`)).body,
    );
    const res = await request(app())
      .get(`${base}/audit-chain/proof/inclusion`)
      .query({ seq: 6, treeSize: 11 });
    expect(res.status).toBe(200);
    const proof = inclusionProofSchema.parse(res.body);
    const leaf = hasher.leafHash(utf8(canonicalEntryContent(chain[6])));
    expect(
      verifyInclusion(
        hasher,
        proof.leafIndex,
        proof.treeSize,
        leaf,
        proof.hashes.map(h => fromHex(h)!),
        fromHex(status.rootHash)!,
      ),
    ).toBe(true);
  });

  it.each([
    ['seq=0&treeSize=0', /treeSize/],
    ['seq=-1', /seq/],
    ['seq=1.5', /seq/],
    ['seq=abc', /seq/],
    ['seq=11', /not in the tree of size 11/],
    ['seq=3&treeSize=12', /current tree size 11/],
    ['seq=3&treeSize=3', /not in the tree of size 3/],
    ['treeSize=3', /seq/],
    ['seq=1&extra=1', /unknown query parameter/],
    ['seq=1&seq=2', /seq/],
  ])('refuses inclusion query %s with 400', async (query, message) => {
    const res = await request(app()).get(
      `${base}/audit-chain/proof/inclusion?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it.each([
    ['from=0&to=5', /from/],
    ['from=6&to=5', /must not be larger than to/],
    ['from=1&to=12', /current tree size 11/],
    ['to=5', /from/],
    ['from=99999999999999999', /from/],
  ])('refuses consistency query %s with 400', async (query, message) => {
    const res = await request(app()).get(
      `${base}/audit-chain/proof/consistency?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers a consistency proof to the current size by default', async () => {
    const res = await request(app())
      .get(`${base}/audit-chain/proof/consistency`)
      .query({ from: 4 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: 4, to: 11 });
    expect(res.body.hashes.length).toBeGreaterThan(0);
  });

  it('denies every entity route without read permission, before reading the log', async () => {
    const spy = jest.spyOn(log, 'latest');
    for (const path of [
      'checkpoint',
      'transparency',
      'proof/inclusion?seq=1',
      'proof/consistency?from=1',
    ]) {
      const res = await request(app(false)).get(`${base}/audit-chain/${path}`);
      expect(res.status).toBe(403);
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('stores a witness cosignature posted as text/plain (201, audited) and refuses other bodies', async () => {
    const checkpoint = await request(app()).get(
      `${base}/audit-chain/checkpoint`,
    );
    const text = openSignedNote(checkpoint.text, [
      noteVerifier(signer.verifierKey),
    ]).text;
    const line = cosignCheckpoint(text, witness.signerKey, 1_790_000_000);
    const post = (body: string, type = 'text/plain') =>
      request(app())
        .post(`${base}/audit-chain/checkpoint/cosignatures`)
        .set('Content-Type', type)
        .send(body);

    const stored = await post(`${checkpoint.text}${line}\n`);
    expect(stored.status).toBe(201);
    expect(stored.body).toEqual({
      treeSize: 11,
      stored: [
        {
          witness: 'witness.example.com/w1',
          keyId: expect.stringMatching(/^[0-9a-f]{8}$/),
          treeSize: 11,
          cosignedAt: new Date(1_790_000_000_000).toISOString(),
          requiredForFreeze: false,
        },
      ],
    });
    expect(kit.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'checkpoint-cosign',
        meta: { entityRef: ENTITY },
      }),
    );
    expect(kit.auditSuccess).toHaveBeenCalledTimes(1);
    const served = await request(app()).get(`${base}/audit-chain/checkpoint`);
    expect(served.text).toBe(`${checkpoint.text}${line}\n`);

    expect(
      (await post(`${checkpoint.text}${line}\n`, 'application/json')).status,
    ).toBe(415);
    expect((await post(checkpoint.text)).status).toBe(400);
    expect((await post('x'.repeat(20_000))).status).toBe(413);
    const noEmDash = `${checkpoint.text}${line.replace('\u2014', '-')}\n`;
    expect((await post(noEmDash)).status).toBe(400);
    expect(kit.auditFail).toHaveBeenCalled();
  });
});
