import { ed25519 } from '@noble/curves/ed25519';
import { concatBytes, readUint64, uint64Bytes, utf8 } from './bytes';
import {
  ED25519_COSIGNATURE_TYPE,
  ed25519Verify,
  parseSignerKey,
  parseVerifierKey,
  SignerKey,
  VerifierKey,
} from './keys';
import { NoteError, NoteSignature, signatureLine } from './signedNote';

/**
 * Witness cosignatures (C2SP `tlog-cosignature`, Ed25519 v1): a witness that checked a
 * checkpoint consistent with the last one it cosigned signs
 *
 * ```
 * cosignature/v1
 * time <POSIX seconds>
 * <the checkpoint note text>
 * ```
 *
 * with a type 0x04 key; the signature line holds the key id, the 8-byte big-endian
 * timestamp and the 64-byte Ed25519 signature.
 */

function cosignedMessage(checkpointText: string, timestamp: number) {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

function asCosignatureKey<T extends VerifierKey>(key: T): T {
  if (key.type !== ED25519_COSIGNATURE_TYPE) {
    throw new NoteError(
      `${key.name} is a note signing key (type 0x01), not a witness cosignature key (0x04)`,
    );
  }
  return key;
}

/** The signature line of a witness's cosignature of a checkpoint text. */
export function cosignCheckpoint(
  checkpointText: string,
  witnessSignerKey: string | SignerKey,
  timestamp: number,
): string {
  const key = asCosignatureKey(
    typeof witnessSignerKey === 'string'
      ? parseSignerKey(witnessSignerKey)
      : witnessSignerKey,
  );
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new NoteError('A cosignature timestamp is a non-negative integer');
  }
  const signature = ed25519.sign(
    cosignedMessage(checkpointText, timestamp),
    key.seed,
  );
  return signatureLine(
    key.name,
    key.keyId,
    concatBytes(uint64Bytes(timestamp), signature),
  );
}

/**
 * The time (POSIX seconds) a witness's cosignature line vouches for, when it is that
 * witness's valid cosignature of the checkpoint text; `undefined` when the line is of
 * another key or does not verify.
 */
export function verifyCosignature(
  checkpointText: string,
  line: NoteSignature,
  witnessVerifierKey: string | VerifierKey,
): number | undefined {
  const key = asCosignatureKey(
    typeof witnessVerifierKey === 'string'
      ? parseVerifierKey(witnessVerifierKey)
      : witnessVerifierKey,
  );
  if (line.name !== key.name || line.keyId !== key.keyId) return undefined;
  if (line.signature.length !== 8 + 64) return undefined;
  const timestamp = readUint64(line.signature, 0);
  if (timestamp === undefined) return undefined;
  const ok = ed25519Verify(
    key.publicKey,
    cosignedMessage(checkpointText, timestamp),
    line.signature.slice(8),
  );
  return ok ? timestamp : undefined;
}
