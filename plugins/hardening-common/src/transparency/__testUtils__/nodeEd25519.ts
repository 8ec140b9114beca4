import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
} from 'node:crypto';

/**
 * Ed25519 and C2SP key ids computed with node:crypto, an implementation independent of
 * the `@noble/curves` one the module uses.
 */

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

export function nodePublicKey(publicKey: Uint8Array) {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey) },
    format: 'jwk',
  });
}

/** The raw 32-byte public key of a seed. */
export function nodePublicKeyOfSeed(seed: Uint8Array): Uint8Array {
  const jwk = createPublicKey(nodePrivateKey(seed)).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
}

function nodePrivateKey(seed: Uint8Array) {
  // PKCS#8 of an Ed25519 seed: a fixed 16-byte prefix, then the seed.
  const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({
    key: Buffer.concat([prefix, Buffer.from(seed)]),
    format: 'der',
    type: 'pkcs8',
  });
}

export function nodeSign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, nodePrivateKey(seed)));
}

export function nodeVerify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verify(null, message, nodePublicKey(publicKey), signature);
}

/** SHA-256(name || 0x0A || type || public key)[:4] as 8 hex digits. */
export function nodeKeyIdHex(
  name: string,
  type: number,
  publicKey: Uint8Array,
) {
  return createHash('sha256')
    .update(`${name}\n`, 'utf8')
    .update(Buffer.from([type]))
    .update(publicKey)
    .digest('hex')
    .slice(0, 8);
}

/** A deterministic 32-byte seed for tests. */
export function testSeed(n: number): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`seed ${n}`).digest());
}
