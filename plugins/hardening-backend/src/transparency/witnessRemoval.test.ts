import {
  cosignCheckpoint,
  ED25519_COSIGNATURE_TYPE,
  generateNoteKey,
  noteVerifier,
  openSignedNote,
  parseSignerKey,
  parseVerifierKey,
  VerifierKey,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import {
  buildAuditChain,
  digestOf,
  toJsonl,
} from '../__testUtils__/auditChainFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseEvidenceStore } from '../database/DatabaseEvidenceStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { TransparencyLog } from './TransparencyLog';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const now = new Date('2026-12-07T12:00:00.000Z');
const signer = parseSignerKey(
  generateNoteKey('backstage.example.com/hardening').signerKey,
);
const ALPHA = 'witness.example.com/alpha';
const BETA = 'witness.example.com/beta';
const alpha = generateNoteKey(ALPHA, ED25519_COSIGNATURE_TYPE);
const beta = generateNoteKey(BETA, ED25519_COSIGNATURE_TYPE);
/** Alpha's key after a rotation: same name, another key id. */
const alphaRotated = generateNoteKey(ALPHA, ED25519_COSIGNATURE_TYPE);

describe.each(ids)('witness keys removed from config, on %s', databaseId => {
  let knex: Knex;

  /** A log on the same database as config with `witnesses` and `required` would give. */
  const logWith = (witnesses: string[], required: string[] = []) =>
    new TransparencyLog({
      db: knex,
      signer,
      settings: {
        baseUrl: 'https://backstage.example.com',
        generatedKeyName: 'unused',
        witnesses: witnesses.map((key): VerifierKey => parseVerifierKey(key)),
        freezeRequiresWitnesses: required,
      },
      clock: () => now,
    });

  const cosignatureLines = (note: string) =>
    openSignedNote(note, [noteVerifier(signer.verifierKey)]).unknown.map(
      l => l.line,
    );

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const both = logWith([alpha.verifierKey, beta.verifierKey]);
    const chain = buildAuditChain(4);
    await new DatabaseAuditChainStore(
      knex,
      new DatabaseEvidenceStore(knex),
      both,
    ).appendChain({
      entityRef,
      digest: digestOf(toJsonl(chain)),
      context: { tags: [] },
      receivedAt: now,
      entries: chain,
    });
    const latest = await both.latest(entityRef);
    const text = openSignedNote(latest.note, [
      noteVerifier(signer.verifierKey),
    ]).text;
    const at = Math.floor(now.getTime() / 1000) - 60;
    await both.addCosignatures(
      entityRef,
      `${latest.note}${cosignCheckpoint(
        text,
        alpha.signerKey,
        at,
      )}\n${cosignCheckpoint(text, beta.signerKey, at)}\n`,
      'user:default/rita',
    );
  });

  it('serves the lines of both witnesses while config names both', async () => {
    const log = logWith([alpha.verifierKey, beta.verifierKey], [ALPHA, BETA]);
    const lines = cosignatureLines((await log.latest(entityRef)).note);
    expect(lines.map(l => l.split(' ')[1])).toEqual([ALPHA, BETA]);
    expect((await log.status(entityRef)).cosignatures).toHaveLength(2);
    expect(await log.missingFreezeWitnesses(entityRef, knex)).toEqual([]);
  });

  it('drops the line, the listing and the freeze credit of a witness removed from config, and keeps the stored row', async () => {
    const log = logWith([alpha.verifierKey], [ALPHA]);
    const served = (await log.latest(entityRef)).note;
    expect(cosignatureLines(served).map(l => l.split(' ')[1])).toEqual([ALPHA]);
    expect(served).not.toContain(BETA);
    const status = await log.status(entityRef);
    expect(status.checkpoint).toBe(served);
    expect(status.cosignatures.map(c => c.witness)).toEqual([ALPHA]);
    expect(status.witnessKeys).toEqual([alpha.verifierKey]);
    const [{ n }] = await knex('audit_chain_cosignatures')
      .where({ entity_ref: entityRef, witness: BETA })
      .count({ n: '*' });
    expect(Number(n)).toBe(1);
    // Config put back: the stored cosignature counts again.
    const again = logWith([alpha.verifierKey, beta.verifierKey], [BETA]);
    expect(await again.missingFreezeWitnesses(entityRef, knex)).toEqual([]);
  });

  it('does not count the cosignature of an old key of a witness whose key was rotated', async () => {
    const log = logWith([alphaRotated.verifierKey, beta.verifierKey], [ALPHA]);
    expect(
      cosignatureLines((await log.latest(entityRef)).note).map(
        l => l.split(' ')[1],
      ),
    ).toEqual([BETA]);
    expect(
      (await log.status(entityRef)).cosignatures.map(c => c.witness),
    ).toEqual([BETA]);
    expect(await log.missingFreezeWitnesses(entityRef, knex)).toEqual([
      { witness: ALPHA, cosignedSize: undefined },
    ]);
  });
  it('reads the witness status of many entities in one statement, an entity without a chain at size 0', async () => {
    const other = 'component:default/ledger-service';
    const log = logWith(
      [alphaRotated.verifierKey, beta.verifierKey],
      [ALPHA, BETA],
    );
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    knex.on('query', onQuery);
    try {
      const statuses = await log.freezeWitnessStatuses([
        entityRef,
        other,
        entityRef,
      ]);
      expect(statements).toHaveLength(1);
      // Alpha's cosignature is of its old key: not counted, as for one entity.
      expect(statuses).toEqual(
        new Map([
          [
            entityRef,
            {
              treeSize: 4,
              required: [
                { witness: ALPHA, cosignedSize: null },
                { witness: BETA, cosignedSize: 4 },
              ],
            },
          ],
          [
            other,
            {
              treeSize: 0,
              required: [
                { witness: ALPHA, cosignedSize: null },
                { witness: BETA, cosignedSize: null },
              ],
            },
          ],
        ]),
      );
      expect(statuses!.get(entityRef)).toEqual(
        await log.freezeWitnessStatus(entityRef),
      );
      // None required: no statement at all.
      statements.length = 0;
      expect(
        await logWith([beta.verifierKey]).freezeWitnessStatuses([entityRef]),
      ).toBeUndefined();
      expect(statements).toEqual([]);
    } finally {
      knex.removeListener('query', onQuery);
    }
  });
});
