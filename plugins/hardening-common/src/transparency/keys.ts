import { ed25519 } from '@noble/curves/ed25519';
import { concatBytes, fromBase64, readUint32, toBase64, utf8 } from './bytes';
import { defaultSha256, Sha256 } from './merkle';
import {
  isValidKeyName,
  NoteError,
  NoteSigner,
  NoteVerifier,
} from './signedNote';

/**
 * Ed25519 keys of signed notes, in the text forms of Go's `golang.org/x/mod/sumdb/note`
 * that C2SP `signed-note` builds on:
 *
 * ```
 * verifier key  <name>+<8 hex digits of the key id>+<base64(type || 32-byte public key)>
 * signer key    PRIVATE+KEY+<name>+<8 hex digits>+<base64(type || 32-byte seed)>
 * key id        first 4 bytes of SHA-256(name || 0x0A || type || public key), big-endian
 * ```
 *
 * `type` is 0x01 for a log's checkpoint signatures and 0x04 for a witness's
 * timestamped cosignatures (C2SP `tlog-cosignature`).
 */

/** Ed25519 note signatures (C2SP signed-note). */
export const ED25519_NOTE_TYPE = 0x01;
/** Timestamped Ed25519 witness cosignatures (C2SP tlog-cosignature). */
export const ED25519_COSIGNATURE_TYPE = 0x04;

export type NoteKeyType =
  | typeof ED25519_NOTE_TYPE
  | typeof ED25519_COSIGNATURE_TYPE;

/** A parsed verifier key. */
export type VerifierKey = {
  name: string;
  keyId: number;
  type: NoteKeyType;
  publicKey: Uint8Array;
  /** The text form it was read from (or would be written as). */
  text: string;
};

/** A parsed signer key: the verifier key plus the 32-byte Ed25519 seed. */
export type SignerKey = VerifierKey & { seed: Uint8Array; verifierKey: string };

const HEX8 = /^[0-9a-f]{8}$/;
const PRIVATE_PREFIX = 'PRIVATE+KEY+';

/** The C2SP key id of a key name, type and public key. */
export function noteKeyId(
  name: string,
  type: number,
  publicKey: Uint8Array,
  sha256: Sha256 = defaultSha256,
): number {
  return readUint32(
    sha256(concatBytes(utf8(`${name}\n`), new Uint8Array([type]), publicKey)),
  );
}

/** A key id as the 8 lower-case hex digits of key texts and the API. */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** `name+id+data`: the base64 data may itself contain "+", the name and id may not. */
function splitKey(text: string): string[] | undefined {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) return undefined;
  return [
    text.slice(0, first),
    text.slice(first + 1, second),
    text.slice(second + 1),
  ];
}

function readKeyParts(
  what: string,
  name: string,
  idHex: string,
  data: string,
): { keyId: number; type: NoteKeyType; key: Uint8Array } {
  if (!isValidKeyName(name)) {
    throw new NoteError(`The ${what}'s key name is not a valid note key name`);
  }
  if (!HEX8.test(idHex)) {
    throw new NoteError(`The ${what}'s key id is not 8 lower-case hex digits`);
  }
  const bytes = fromBase64(data);
  if (!bytes || bytes.length !== 33) {
    throw new NoteError(
      `The ${what}'s key data is not base64 of a type byte and 32 key bytes`,
    );
  }
  const type = bytes[0];
  if (type !== ED25519_NOTE_TYPE && type !== ED25519_COSIGNATURE_TYPE) {
    throw new NoteError(
      `The ${what} has key type 0x${type
        .toString(16)
        .padStart(
          2,
          '0',
        )}; only Ed25519 (0x01) and Ed25519 cosignatures (0x04) are supported`,
    );
  }
  return { keyId: parseInt(idHex, 16), type, key: bytes.slice(1) };
}

/** Reads a verifier key (`name+keyid+base64`), checking its key id. */
export function parseVerifierKey(text: string): VerifierKey {
  const trimmed = text.trim();
  const parts = splitKey(trimmed);
  if (!parts) {
    throw new NoteError(
      'A verifier key has the form <name>+<8 hex digits>+<base64 key>',
    );
  }
  const [name, idHex, data] = parts;
  const { keyId, type, key } = readKeyParts('verifier key', name, idHex, data);
  if (noteKeyId(name, type, key) !== keyId) {
    throw new NoteError(
      "The verifier key's key id does not match its name and public key",
    );
  }
  return { name, keyId, type, publicKey: key, text: trimmed };
}

/** Refuses what no parser would read back: a bad name or a key not of 32 bytes. */
function checkKeyToWrite(name: string, key: Uint8Array) {
  if (!isValidKeyName(name)) {
    throw new NoteError('A key name must be non-empty, without spaces or "+"');
  }
  if (key.length !== 32) {
    throw new NoteError('An Ed25519 key or seed is 32 bytes long');
  }
}

/** The text form of a verifier key; {@link NoteError} for an invalid name or key. */
export function formatVerifierKey(
  name: string,
  type: NoteKeyType,
  publicKey: Uint8Array,
): string {
  checkKeyToWrite(name, publicKey);
  const keyId = noteKeyId(name, type, publicKey);
  return `${name}+${formatKeyId(keyId)}+${toBase64(
    concatBytes(new Uint8Array([type]), publicKey),
  )}`;
}

/** Reads a signer key (`PRIVATE+KEY+name+keyid+base64`), checking its key id. */
export function parseSignerKey(text: string): SignerKey {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PRIVATE_PREFIX)) {
    throw new NoteError('A signer key starts with PRIVATE+KEY+');
  }
  const parts = splitKey(trimmed.slice(PRIVATE_PREFIX.length));
  if (!parts) {
    throw new NoteError(
      'A signer key has the form PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>',
    );
  }
  const [name, idHex, data] = parts;
  const {
    keyId,
    type,
    key: seed,
  } = readKeyParts('signer key', name, idHex, data);
  const publicKey = ed25519.getPublicKey(seed);
  if (noteKeyId(name, type, publicKey) !== keyId) {
    throw new NoteError(
      "The signer key's key id does not match its name and key",
    );
  }
  return {
    name,
    keyId,
    type,
    publicKey,
    seed,
    text: formatVerifierKey(name, type, publicKey),
    verifierKey: formatVerifierKey(name, type, publicKey),
  };
}

/** The text form of a signer key; {@link NoteError} for an invalid name or seed. */
export function formatSignerKey(
  name: string,
  type: NoteKeyType,
  seed: Uint8Array,
): string {
  checkKeyToWrite(name, seed);
  const publicKey = ed25519.getPublicKey(seed);
  const keyId = noteKeyId(name, type, publicKey);
  return `${PRIVATE_PREFIX}${name}+${formatKeyId(keyId)}+${toBase64(
    concatBytes(new Uint8Array([type]), seed),
  )}`;
}

/** A new random key pair: the signer key (secret) and its verifier key (public). */
export function generateNoteKey(
  name: string,
  type: NoteKeyType = ED25519_NOTE_TYPE,
): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) {
    throw new NoteError('A key name must be non-empty, without spaces or "+"');
  }
  const seed = ed25519.utils.randomSecretKey();
  return {
    signerKey: formatSignerKey(name, type, seed),
    verifierKey: formatVerifierKey(name, type, ed25519.getPublicKey(seed)),
  };
}

/** Strict RFC 8032 verification (no ZIP 215 leniency). */
export function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** The key itself when it signs notes (type 0x01), else a `NoteError`. */
function asNoteKey<T extends VerifierKey>(key: T): T {
  if (key.type !== ED25519_NOTE_TYPE) {
    throw new NoteError(
      `${key.name} is a cosignature key (type 0x04), not a note signing key (0x01)`,
    );
  }
  return key;
}

/** The note verifier of an Ed25519 (type 0x01) verifier key. */
export function noteVerifier(key: string | VerifierKey): NoteVerifier {
  const parsed = asNoteKey(
    typeof key === 'string' ? parseVerifierKey(key) : key,
  );
  return {
    name: parsed.name,
    keyId: parsed.keyId,
    verify: (text, signature) =>
      ed25519Verify(parsed.publicKey, text, signature),
  };
}

/** The note signer of an Ed25519 (type 0x01) signer key. */
export function noteSigner(key: string | SignerKey): NoteSigner {
  const parsed = asNoteKey(typeof key === 'string' ? parseSignerKey(key) : key);
  return {
    name: parsed.name,
    keyId: parsed.keyId,
    sign: text => ed25519.sign(text, parsed.seed),
  };
}
