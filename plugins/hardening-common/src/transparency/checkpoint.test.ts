import {
  checkpointOrigin,
  defaultLogKeyName,
  formatCheckpoint,
  parseCheckpoint,
} from './checkpoint';
import { NoteError, openSignedNote, signNote } from './signedNote';
import {
  ED25519_NOTE_TYPE,
  formatSignerKey,
  noteSigner,
  noteVerifier,
  parseSignerKey,
} from './keys';
import { toBase64 } from './bytes';
import { hex } from './__testUtils__/naiveMerkle';
import { REFERENCE_ROOTS } from './__testUtils__/referenceTree';
import { testSeed } from './__testUtils__/nodeEd25519';

const ORIGIN = 'backstage.example.com/hardening/component:default/payments-api';
const ROOT = hex(REFERENCE_ROOTS[6]);
const ROOT_B64 = Buffer.from(ROOT).toString('base64');

describe('tlog checkpoints', () => {
  it('formats the origin, size, base64 root and extension lines', () => {
    const text = formatCheckpoint({
      origin: ORIGIN,
      size: 7,
      rootHash: ROOT,
      extensions: [],
    });
    expect(text).toBe(`${ORIGIN}\n7\n${ROOT_B64}\n`);
    expect(parseCheckpoint(text)).toEqual({
      origin: ORIGIN,
      size: 7,
      rootHash: ROOT,
      extensions: [],
    });
    const withExtensions = {
      origin: ORIGIN,
      size: 0,
      rootHash: hex(
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ),
      extensions: ['— an extension', 'another one'],
    };
    expect(parseCheckpoint(formatCheckpoint(withExtensions))).toEqual(
      withExtensions,
    );
  });

  it('round-trips sizes up to the largest safe integer', () => {
    for (const size of [
      0,
      1,
      10,
      1_000_000,
      2 ** 32,
      Number.MAX_SAFE_INTEGER,
    ]) {
      const checkpoint = { origin: 'o', size, rootHash: ROOT, extensions: [] };
      expect(parseCheckpoint(formatCheckpoint(checkpoint)).size).toBe(size);
    }
  });

  it.each([
    ['a leading zero', `${ORIGIN}\n07\n${ROOT_B64}\n`],
    ['a negative size', `${ORIGIN}\n-7\n${ROOT_B64}\n`],
    ['a plus sign', `${ORIGIN}\n+7\n${ROOT_B64}\n`],
    ['a fractional size', `${ORIGIN}\n7.0\n${ROOT_B64}\n`],
    ['an exponent', `${ORIGIN}\n7e0\n${ROOT_B64}\n`],
    ['hex', `${ORIGIN}\n0x7\n${ROOT_B64}\n`],
    ['a size of 2^53', `${ORIGIN}\n9007199254740992\n${ROOT_B64}\n`],
    ['a huge size', `${ORIGIN}\n${'9'.repeat(30)}\n${ROOT_B64}\n`],
    ['spaces around the size', `${ORIGIN}\n 7\n${ROOT_B64}\n`],
    ['an empty size', `${ORIGIN}\n\n${ROOT_B64}\n`],
    ['a 31-byte root', `${ORIGIN}\n7\n${toBase64(ROOT.slice(1))}\n`],
    [
      'a 33-byte root',
      `${ORIGIN}\n7\n${toBase64(new Uint8Array([...ROOT, 0]))}\n`,
    ],
    ['a hex root', `${ORIGIN}\n7\n${REFERENCE_ROOTS[6]}\n`],
    [
      'a URL-safe base64 root',
      `${ORIGIN}\n7\n${Buffer.from(ROOT).toString('base64url')}\n`,
    ],
    ['an empty origin', `\n7\n${ROOT_B64}\n`],
    ['an empty extension line', `${ORIGIN}\n7\n${ROOT_B64}\n\n`],
    [
      'an empty line among the extensions',
      `${ORIGIN}\n7\n${ROOT_B64}\next\n\nmore\n`,
    ],
    ['no root line', `${ORIGIN}\n7\n`],
    ['no final newline', `${ORIGIN}\n7\n${ROOT_B64}`],
    ['nothing', ''],
  ])('refuses %s', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(NoteError);
  });

  it('refuses to format what it would not read back', () => {
    const good = { origin: ORIGIN, size: 7, rootHash: ROOT, extensions: [] };
    for (const bad of [
      { ...good, origin: '' },
      { ...good, origin: 'two\nlines' },
      { ...good, size: -1 },
      { ...good, size: 1.5 },
      { ...good, size: 2 ** 53 },
      { ...good, size: Number.NaN },
      { ...good, rootHash: ROOT.slice(1) },
      { ...good, extensions: [''] },
      { ...good, extensions: ['a\nb'] },
    ]) {
      expect(() => formatCheckpoint(bad)).toThrow(NoteError);
    }
  });

  it('is signed and opened as a signed note', () => {
    const skey = formatSignerKey(
      'backstage.example.com/hardening',
      ED25519_NOTE_TYPE,
      testSeed(11),
    );
    const text = formatCheckpoint({
      origin: ORIGIN,
      size: 7,
      rootHash: ROOT,
      extensions: [],
    });
    const signed = signNote(text, [noteSigner(skey)]);
    const opened = openSignedNote(signed, [
      noteVerifier(parseSignerKey(skey).verifierKey),
    ]);
    expect(parseCheckpoint(opened.text).size).toBe(7);
  });

  it('does not let a signature of one origin, size or root vouch for another', () => {
    const skey = formatSignerKey(
      'backstage.example.com/hardening',
      ED25519_NOTE_TYPE,
      testSeed(12),
    );
    const verifier = noteVerifier(parseSignerKey(skey).verifierKey);
    const good = { origin: ORIGIN, size: 7, rootHash: ROOT, extensions: [] };
    const signed = signNote(formatCheckpoint(good), [noteSigner(skey)]);
    const signatureLines = signed.slice(signed.indexOf('\n\n') + 2);
    for (const other of [
      { ...good, origin: ORIGIN.replace('payments-api', 'ledger-api') },
      { ...good, size: 8 },
      { ...good, rootHash: hex(REFERENCE_ROOTS[7]) },
      { ...good, extensions: ['extra'] },
    ]) {
      const forged = `${formatCheckpoint(other)}\n${signatureLines}`;
      expect(() => openSignedNote(forged, [verifier])).toThrow(
        /does not verify/,
      );
    }
  });

  it('names the origin and the log key after the backend host', () => {
    expect(
      checkpointOrigin(
        'https://backstage.example.com:7443/api',
        'component:default/payments-api',
      ),
    ).toBe(
      'backstage.example.com:7443/hardening/component:default/payments-api',
    );
    expect(defaultLogKeyName('https://backstage.example.com')).toBe(
      'backstage.example.com/hardening',
    );
  });
});
