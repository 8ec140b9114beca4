import {
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  ed25519Verify,
  formatSignerKey,
  formatVerifierKey,
  generateNoteKey,
  noteKeyId,
  noteSigner,
  noteVerifier,
  parseSignerKey,
  parseVerifierKey,
} from './keys';
import { NoteError } from './signedNote';
import { toBase64, utf8 } from './bytes';
import {
  nodeKeyIdHex,
  nodePublicKeyOfSeed,
  nodeSign,
  nodeVerify,
  testSeed,
} from './__testUtils__/nodeEd25519';
import { PETER_SKEY, PETER_VKEY } from './__testUtils__/peterNeumann';

const keyData = (type: number, key: Uint8Array) =>
  toBase64(new Uint8Array([type, ...key]));

describe('note verifier and signer keys', () => {
  it('reads the Go documentation example keys', () => {
    const verifier = parseVerifierKey(PETER_VKEY);
    expect(verifier).toMatchObject({
      name: 'PeterNeumann',
      keyId: 0xc74f20a3,
      type: ED25519_NOTE_TYPE,
      text: PETER_VKEY,
    });
    const signer = parseSignerKey(PETER_SKEY);
    // The signer key's base64 contains "+", the separator of the key fields.
    expect(PETER_SKEY.split('+').length).toBeGreaterThan(5);
    expect(signer.verifierKey).toBe(PETER_VKEY);
    expect(signer.publicKey).toEqual(verifier.publicKey);
    expect(
      formatSignerKey('PeterNeumann', ED25519_NOTE_TYPE, signer.seed),
    ).toBe(PETER_SKEY);
    expect(nodePublicKeyOfSeed(signer.seed)).toEqual(signer.publicKey);
  });

  it('computes the C2SP key id as SHA-256(name, newline, type, public key)', () => {
    for (let n = 0; n < 8; n++) {
      const publicKey = nodePublicKeyOfSeed(testSeed(n));
      for (const type of [
        ED25519_NOTE_TYPE,
        ED25519_COSIGNATURE_TYPE,
      ] as const) {
        const name = `witness-${n}.example/log`;
        const expected = nodeKeyIdHex(name, type, publicKey);
        expect(
          noteKeyId(name, type, publicKey).toString(16).padStart(8, '0'),
        ).toBe(expected);
        expect(formatVerifierKey(name, type, publicKey)).toBe(
          `${name}+${expected}+${keyData(type, publicKey)}`,
        );
      }
    }
    const peter = parseVerifierKey(PETER_VKEY);
    expect(nodeKeyIdHex('PeterNeumann', 1, peter.publicKey)).toBe('c74f20a3');
  });

  it('round-trips signer and verifier keys of both types, also when the base64 holds "+"', () => {
    let withPlus = 0;
    for (let n = 0; n < 40; n++) {
      const seed = testSeed(n);
      for (const type of [
        ED25519_NOTE_TYPE,
        ED25519_COSIGNATURE_TYPE,
      ] as const) {
        const skey = formatSignerKey('log.example/hardening', type, seed);
        const signer = parseSignerKey(skey);
        expect(signer).toMatchObject({ name: 'log.example/hardening', type });
        expect(signer.seed).toEqual(seed);
        expect(signer.publicKey).toEqual(nodePublicKeyOfSeed(seed));
        const verifier = parseVerifierKey(signer.verifierKey);
        expect(verifier.keyId).toBe(signer.keyId);
        expect(verifier.publicKey).toEqual(signer.publicKey);
        expect(verifier.text).toBe(signer.verifierKey);
        if (signer.verifierKey.split('+').length > 3) withPlus++;
      }
    }
    expect(withPlus).toBeGreaterThan(0);
  });

  it('refuses every truncation and every one-byte change of the example keys', () => {
    for (const [key, parse] of [
      [PETER_VKEY, parseVerifierKey],
      [PETER_SKEY, parseSignerKey],
    ] as const) {
      expect(() => parse(key)).not.toThrow();
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if (i === 0 && j === key.length) continue;
          expect(() => parse(key.slice(i, j))).toThrow(NoteError);
        }
      }
      for (let i = 0; i < key.length; i++) {
        const changed =
          key.slice(0, i) +
          String.fromCharCode(key.charCodeAt(i) + 1) +
          key.slice(i + 1);
        expect(() => parse(changed)).toThrow(NoteError);
      }
    }
  });

  it('refuses wrong key ids, lengths, types and names', () => {
    const publicKey = nodePublicKeyOfSeed(testSeed(1));
    const bad = [
      // Go's examples: a key of the wrong length, an unknown algorithm (each with a
      // key id that matches).
      'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      // Upper-case key id, wrong key id, short key id.
      PETER_VKEY.replace('c74f20a3', 'C74F20A3'),
      PETER_VKEY.replace('c74f20a3', 'c74f20a4'),
      PETER_VKEY.replace('c74f20a3', 'c74f20a'),
      // Another name with the same key id and key.
      PETER_VKEY.replace('PeterNeumann', 'PeterNeuman'),
      // A type 0x02 key whose key id is right for it.
      `k+${nodeKeyIdHex('k', 2, publicKey)}+${keyData(2, publicKey)}`,
      // 31 key bytes, with a matching id.
      `k+${nodeKeyIdHex('k', 1, publicKey.slice(1))}+${keyData(
        1,
        publicKey.slice(1),
      )}`,
      // URL-safe base64 of the Go key.
      PETER_VKEY.replace('/', '_'),
      // Name with a space or an empty name.
      `a b+${nodeKeyIdHex('a b', 1, publicKey)}+${keyData(1, publicKey)}`,
      `+${nodeKeyIdHex('', 1, publicKey)}+${keyData(1, publicKey)}`,
      '',
      'PeterNeumann',
    ];
    for (const key of bad)
      expect(() => parseVerifierKey(key)).toThrow(NoteError);
    expect(() => parseSignerKey(PETER_VKEY)).toThrow(NoteError);
    expect(() => parseVerifierKey(PETER_SKEY)).toThrow(NoteError);
    expect(() =>
      parseSignerKey(PETER_SKEY.replace('c74f20a3', 'c74f20a4')),
    ).toThrow(NoteError);
  });

  it('refuses to write keys with names C2SP does not allow', () => {
    const publicKey = nodePublicKeyOfSeed(testSeed(2));
    for (const name of ['', 'a b', 'a+b', 'a\tb', 'a\u00a0b', 'a\u2028b']) {
      expect(() => generateNoteKey(name)).toThrow(NoteError);
      expect(() => formatVerifierKey(name, 1, publicKey)).toThrow(NoteError);
      expect(() => formatSignerKey(name, 1, testSeed(2))).toThrow(NoteError);
    }
    expect(() => formatVerifierKey('k', 1, publicKey.slice(1))).toThrow(
      NoteError,
    );
    expect(() => formatSignerKey('k', 1, new Uint8Array(33))).toThrow(
      NoteError,
    );
  });

  it('generates fresh key pairs that sign and verify each other', () => {
    const a = generateNoteKey('log.example/hardening');
    const b = generateNoteKey('log.example/hardening');
    expect(a.signerKey).not.toBe(b.signerKey);
    expect(parseSignerKey(a.signerKey).verifierKey).toBe(a.verifierKey);
    const witness = generateNoteKey(
      'witness.example',
      ED25519_COSIGNATURE_TYPE,
    );
    expect(parseVerifierKey(witness.verifierKey).type).toBe(
      ED25519_COSIGNATURE_TYPE,
    );
    const message = utf8('hello\n');
    const signature = noteSigner(a.signerKey).sign(message);
    expect(noteVerifier(a.verifierKey).verify(message, signature)).toBe(true);
    expect(noteVerifier(b.verifierKey).verify(message, signature)).toBe(false);
  });

  it('keeps log keys (0x01) and witness keys (0x04) apart', () => {
    const seed = testSeed(3);
    const witnessSkey = formatSignerKey('w', ED25519_COSIGNATURE_TYPE, seed);
    const witnessVkey = parseSignerKey(witnessSkey).verifierKey;
    expect(() => noteSigner(witnessSkey)).toThrow(/cosignature key/);
    expect(() => noteVerifier(witnessVkey)).toThrow(/cosignature key/);
    // The same Ed25519 key has another key id under each type.
    const logVkey = formatVerifierKey(
      'w',
      ED25519_NOTE_TYPE,
      nodePublicKeyOfSeed(seed),
    );
    expect(parseVerifierKey(logVkey).keyId).not.toBe(
      parseVerifierKey(witnessVkey).keyId,
    );
  });
});

describe('Ed25519 signatures', () => {
  const seed = testSeed(4);
  const skey = formatSignerKey('log.example', ED25519_NOTE_TYPE, seed);
  const signer = noteSigner(skey);
  const verifier = noteVerifier(parseSignerKey(skey).verifierKey);
  const publicKey = nodePublicKeyOfSeed(seed);
  const message = utf8('log.example\n5\nAAAA\n');

  it('agree with node:crypto both ways', () => {
    const ours = signer.sign(message);
    expect(ours).toEqual(nodeSign(seed, message));
    expect(nodeVerify(publicKey, message, ours)).toBe(true);
    expect(verifier.verify(message, nodeSign(seed, message))).toBe(true);
    expect(verifier.verify(utf8('log.example\n6\nAAAA\n'), ours)).toBe(false);
  });

  it('refuse signatures of the wrong length, flipped bits and a malleable S', () => {
    const signature = signer.sign(message);
    expect(ed25519Verify(publicKey, message, signature.slice(0, 63))).toBe(
      false,
    );
    expect(
      ed25519Verify(publicKey, message, new Uint8Array([...signature, 0])),
    ).toBe(false);
    expect(ed25519Verify(publicKey.slice(1), message, signature)).toBe(false);
    for (let bit = 0; bit < 512; bit += 7) {
      const flipped = signature.slice();
      flipped[bit >> 3] ^= 1 << (bit & 7);
      expect(ed25519Verify(publicKey, message, flipped)).toBe(false);
    }
    // S + L (the group order) is the same scalar but not canonical: RFC 8032
    // verification must refuse it, as node:crypto does.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(signature[32 + i]);
    let sPlusL = s + L;
    const malleable = signature.slice();
    for (let i = 0; i < 32; i++) {
      malleable[32 + i] = Number(sPlusL & 0xffn);
      sPlusL >>= 8n;
    }
    expect(sPlusL).toBe(0n);
    expect(nodeVerify(publicKey, message, malleable)).toBe(false);
    expect(ed25519Verify(publicKey, message, malleable)).toBe(false);
  });

  it('refuse the identity point as a public key, which lenient ZIP 215 rules accept for any message', () => {
    // y = 1 encodes the identity; y = 1 + p is its non-canonical encoding. With R the
    // identity and S = 0 the cofactored equation holds for every message.
    const p = 2n ** 255n - 19n;
    const encode = (y: bigint) => {
      const out = new Uint8Array(32);
      for (let i = 0; i < 32; i++)
        out[i] = Number((y >> BigInt(8 * i)) & 0xffn);
      return out;
    };
    const signature = new Uint8Array([...encode(1n), ...new Uint8Array(32)]);
    for (const identity of [encode(1n), encode(1n + p)]) {
      expect(nodeVerify(identity, message, signature)).toBe(false);
      expect(ed25519Verify(identity, message, signature)).toBe(false);
    }
  });
});
