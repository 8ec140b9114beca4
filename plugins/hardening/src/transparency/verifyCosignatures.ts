import {
  ConsistencyProof,
  ED25519_COSIGNATURE_TYPE,
  formatCheckpoint,
  formatKeyId,
  fromHex,
  ListedCosignature,
  NoteError,
  parseNoteSignatureLine,
  parseVerifierKey,
  VerifierKey,
  verifyCosignature,
} from '@hardening/backstage-plugin-hardening-common';
import { checkConsistency } from './checkConsistency';
import { VerifiedCheckpoint } from './verifyCheckpoint';

/** What checking one witness's cosignature in the browser came to. */
export type CosignatureCheck =
  /** The witness's key signed the checkpoint it is listed with, of this log. */
  | { kind: 'verified'; cosignedAt: string }
  /** The line does not verify, or what it cosigned is not this log's history. */
  | { kind: 'invalid'; reason: string }
  /** The browser has no key of this witness with this key id: nothing to check with. */
  | { kind: 'unknown-key'; reason: string };

/**
 * The witness cosignature keys among `texts` (C2SP vkeys of type 0x04); a text that is
 * not one is left out, so that its witness's cosignatures show as of an unknown key.
 */
export function witnessKeysOf(texts: readonly string[]): VerifierKey[] {
  return texts.flatMap(text => {
    try {
      const key = parseVerifierKey(text);
      return key.type === ED25519_COSIGNATURE_TYPE ? [key] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Checks a listed cosignature against the checkpoint verified in the browser, as C2SP
 * `tlog-cosignature` defines it (the same -common code the backend and CLI use):
 *
 * - a key of that witness name and key id must be known (`keys`), else `unknown-key`;
 * - the line must be that key's Ed25519 signature of `cosignature/v1`, its timestamp and
 *   the checkpoint text of this log's origin at the size it cosigned: for the latest
 *   size the root verified here, for an older one the root listed with it;
 * - the timestamp must be the listed `cosignedAt`;
 * - an older size must be a prefix of the verified tree (a consistency proof checked
 *   here), else what the witness vouched for is not this log's history.
 */
export async function verifyWitnessCosignature(input: {
  cosignature: ListedCosignature;
  checkpoint: VerifiedCheckpoint;
  keys: readonly VerifierKey[];
  consistencyProof: (from: number, to: number) => Promise<ConsistencyProof>;
}): Promise<CosignatureCheck> {
  const { cosignature: c, checkpoint, keys } = input;
  const key = keys.find(
    k => k.name === c.witness && formatKeyId(k.keyId) === c.keyId,
  );
  if (!key) {
    return {
      kind: 'unknown-key',
      reason: `no key of ${c.witness} with key id ${c.keyId} is known here`,
    };
  }
  const invalid = (reason: string): CosignatureCheck => ({
    kind: 'invalid',
    reason,
  });
  if (c.treeSize > checkpoint.size) {
    return invalid(
      `it is of tree size ${c.treeSize}, larger than the verified checkpoint (${checkpoint.size})`,
    );
  }
  const latest = c.treeSize === checkpoint.size;
  const root = latest ? checkpoint.rootHash : fromHex(c.rootHash);
  if (!root || root.length !== 32) {
    return invalid('the root listed with it is not a SHA-256 hash');
  }
  let timestamp;
  try {
    const line = parseNoteSignatureLine(c.line);
    const text = formatCheckpoint({
      origin: checkpoint.origin,
      size: c.treeSize,
      rootHash: root,
      extensions: [],
    });
    timestamp = verifyCosignature(text, line, key);
  } catch (error) {
    return invalid(error instanceof NoteError ? error.message : String(error));
  }
  if (timestamp === undefined) {
    return invalid(
      `the signature does not verify with ${c.witness}'s key over checkpoint ${c.treeSize} of this log`,
    );
  }
  const cosignedAt = new Date(timestamp * 1000).toISOString();
  if (Date.parse(cosignedAt) !== Date.parse(c.cosignedAt)) {
    return invalid(
      `it is dated ${cosignedAt}, not ${c.cosignedAt} as the backend lists it`,
    );
  }
  if (!latest) {
    const consistency = await checkConsistency(
      {
        origin: checkpoint.origin,
        size: c.treeSize,
        rootHex: c.rootHash,
        seenAt: cosignedAt,
      },
      checkpoint,
      input.consistencyProof,
    );
    if (consistency.kind !== 'consistent') {
      return invalid(
        `the tree it cosigned (size ${c.treeSize}) is not a prefix of the verified checkpoint: the log was rewritten since`,
      );
    }
  }
  return { kind: 'verified', cosignedAt };
}
