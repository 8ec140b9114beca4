import { cosignCheckpoint, verifyCosignature } from './cosignature';
import { formatCheckpoint } from './checkpoint';
import {
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  formatSignerKey,
  noteSigner,
  noteVerifier,
  parseSignerKey,
  parseVerifierKey,
} from './keys';
import {
  NoteError,
  NoteSignature,
  openSignedNote,
  parseSignedNote,
  signatureLine,
  signNote,
} from './signedNote';
import { hex } from './__testUtils__/naiveMerkle';
import { REFERENCE_ROOTS } from './__testUtils__/referenceTree';
import { nodeSign, nodeVerify, testSeed } from './__testUtils__/nodeEd25519';

const TEXT = formatCheckpoint({
  origin: 'backstage.example.com/hardening/component:default/payments-api',
  size: 7,
  rootHash: hex(REFERENCE_ROOTS[6]),
  extensions: [],
});
const WITNESS_SEED = testSeed(20);
const WITNESS_SKEY = formatSignerKey(
  'witness.example/w1',
  ED25519_COSIGNATURE_TYPE,
  WITNESS_SEED,
);
const WITNESS = parseSignerKey(WITNESS_SKEY);
const WITNESS_VKEY = WITNESS.verifierKey;
const LOG_SKEY = formatSignerKey(
  'backstage.example.com/hardening',
  ED25519_NOTE_TYPE,
  testSeed(21),
);
const TIME = 1_790_000_000;

/** The one signature line of a line string. */
const readLine = (line: string): NoteSignature =>
  parseSignedNote(`x\n\n${line}\n`).signatures[0];

/** A cosignature line built with node:crypto, for any timestamp. */
function nodeCosignature(text: string, timestamp: bigint, seed = WITNESS_SEED) {
  const message = Buffer.from(
    `cosignature/v1\ntime ${timestamp}\n${text}`,
    'utf8',
  );
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(timestamp);
  return signatureLine(
    WITNESS.name,
    WITNESS.keyId,
    new Uint8Array([...time, ...nodeSign(seed, message)]),
  );
}

describe('witness cosignatures (tlog-cosignature v1)', () => {
  it('signs "cosignature/v1", the time and the checkpoint text, exactly as node:crypto does', () => {
    const line = cosignCheckpoint(TEXT, WITNESS_SKEY, TIME);
    expect(line).toBe(nodeCosignature(TEXT, BigInt(TIME)));
    const parsed = readLine(line);
    expect(parsed).toMatchObject({
      name: 'witness.example/w1',
      keyId: WITNESS.keyId,
    });
    expect(parsed.signature).toHaveLength(8 + 64);
    expect(
      nodeVerify(
        WITNESS.publicKey,
        new Uint8Array(Buffer.from(`cosignature/v1\ntime ${TIME}\n${TEXT}`)),
        parsed.signature.slice(8),
      ),
    ).toBe(true);
    expect(verifyCosignature(TEXT, parsed, WITNESS_VKEY)).toBe(TIME);
    expect(
      verifyCosignature(TEXT, parsed, parseVerifierKey(WITNESS_VKEY)),
    ).toBe(TIME);
  });

  it('rides along a signed checkpoint as a line of a key the log does not know', () => {
    const signed = signNote(TEXT, [noteSigner(LOG_SKEY)]);
    const cosigned = `${signed}${cosignCheckpoint(TEXT, WITNESS, TIME)}\n`;
    const opened = openSignedNote(cosigned, [
      noteVerifier(parseSignerKey(LOG_SKEY).verifierKey),
    ]);
    expect(opened.unknown).toHaveLength(1);
    expect(
      verifyCosignature(opened.text, opened.unknown[0], WITNESS_VKEY),
    ).toBe(TIME);
    // The log's own line is not a cosignature.
    expect(
      verifyCosignature(opened.text, opened.verified[0], WITNESS_VKEY),
    ).toBeUndefined();
  });

  it('round-trips timestamps from 0 to 2^53 - 1', () => {
    for (const time of [0, 1, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
      const line = readLine(cosignCheckpoint(TEXT, WITNESS_SKEY, time));
      expect(verifyCosignature(TEXT, line, WITNESS_VKEY)).toBe(time);
    }
  });

  it('refuses timestamps beyond 2^53 even when validly signed', () => {
    for (const time of [2n ** 53n, 2n ** 64n - 1n]) {
      const line = readLine(nodeCosignature(TEXT, time));
      expect(verifyCosignature(TEXT, line, WITNESS_VKEY)).toBeUndefined();
    }
    for (const time of [2 ** 53, -1, 1.5, Number.NaN]) {
      expect(() => cosignCheckpoint(TEXT, WITNESS_SKEY, time)).toThrow(
        NoteError,
      );
    }
  });

  it('refuses a changed checkpoint text or a changed time', () => {
    const line = readLine(cosignCheckpoint(TEXT, WITNESS_SKEY, TIME));
    expect(
      verifyCosignature(TEXT.replace('\n7\n', '\n8\n'), line, WITNESS_VKEY),
    ).toBeUndefined();
    expect(
      verifyCosignature(
        TEXT.replace('payments-api', 'other-api'),
        line,
        WITNESS_VKEY,
      ),
    ).toBeUndefined();
    const later = line.signature.slice();
    later[7] ^= 1;
    expect(
      verifyCosignature(TEXT, { ...line, signature: later }, WITNESS_VKEY),
    ).toBeUndefined();
    // A cosignature of another time, its signature spliced onto this time.
    const other = readLine(cosignCheckpoint(TEXT, WITNESS_SKEY, TIME + 1));
    const spliced = new Uint8Array([
      ...line.signature.slice(0, 8),
      ...other.signature.slice(8),
    ]);
    expect(
      verifyCosignature(TEXT, { ...line, signature: spliced }, WITNESS_VKEY),
    ).toBeUndefined();
  });

  it('refuses another witness’s key, a log key, and signatures of the wrong length', () => {
    const line = readLine(cosignCheckpoint(TEXT, WITNESS_SKEY, TIME));
    const otherWitness = parseSignerKey(
      formatSignerKey(
        'witness.example/w1',
        ED25519_COSIGNATURE_TYPE,
        testSeed(22),
      ),
    ).verifierKey;
    expect(verifyCosignature(TEXT, line, otherWitness)).toBeUndefined();
    // Same name and key id, another public key: the signature must not verify.
    const impostor = {
      ...parseVerifierKey(otherWitness),
      keyId: WITNESS.keyId,
    };
    expect(verifyCosignature(TEXT, line, impostor)).toBeUndefined();
    // The witness's Ed25519 key as a log key (type 0x01) is another key.
    const asLogKey = formatSignerKey(
      'witness.example/w1',
      ED25519_NOTE_TYPE,
      WITNESS_SEED,
    );
    expect(() => cosignCheckpoint(TEXT, asLogKey, TIME)).toThrow(
      /not a witness/,
    );
    expect(() =>
      verifyCosignature(TEXT, line, parseSignerKey(asLogKey).verifierKey),
    ).toThrow(/not a witness/);
    for (const signature of [
      line.signature.slice(0, 71),
      new Uint8Array([...line.signature, 0]),
      line.signature.slice(8),
      line.signature.slice(0, 8),
    ]) {
      expect(
        verifyCosignature(TEXT, { ...line, signature }, WITNESS_VKEY),
      ).toBeUndefined();
    }
    // A plain note signature by the witness key over the text is no cosignature.
    const plain = nodeSign(WITNESS_SEED, new Uint8Array(Buffer.from(TEXT)));
    expect(
      verifyCosignature(
        TEXT,
        readLine(signatureLine(WITNESS.name, WITNESS.keyId, plain)),
        WITNESS_VKEY,
      ),
    ).toBeUndefined();
  });
});
