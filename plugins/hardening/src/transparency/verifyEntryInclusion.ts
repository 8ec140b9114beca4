import {
  canonicalEntryContent,
  entryLeafHash,
  equalBytes,
  fromHex,
  InclusionProof,
  merkleHasher,
  StoredAuditChainEntry,
  verifyInclusion,
} from '@hardening/backstage-plugin-hardening-common';
import { VerifiedCheckpoint } from './verifyCheckpoint';

/** Where one entry of the timeline stands against the verified checkpoint. */
export type EntryInclusion =
  /** Its content, hashed here, is a leaf of the signed tree. */
  | { kind: 'included'; treeSize: number }
  /** Appended after the checkpoint: no signed tree holds it yet. */
  | { kind: 'after-checkpoint'; treeSize: number }
  /** The proof does not lead from this content to the signed root. */
  | { kind: 'not-included'; treeSize: number; reason: string };

const hasher = merkleHasher();

/** The leaf hash of an entry as shown, computed here from its content. */
export function leafHashOfEntry(stored: StoredAuditChainEntry): Uint8Array {
  return entryLeafHash(hasher, canonicalEntryContent(stored.entry));
}

function decodeHashes(hashes: readonly string[]): Uint8Array[] | undefined {
  const decoded = hashes.map(fromHex);
  return decoded.every((hash): hash is Uint8Array => hash !== undefined)
    ? decoded
    : undefined;
}

/**
 * Whether an entry, as the page shows it, is in the signed checkpoint: its leaf hash is
 * recomputed from its content (the backend's `leafHash` is only compared, never used)
 * and the inclusion proof must lead from it to the checkpoint's root.
 */
export async function verifyEntryInclusion(
  stored: StoredAuditChainEntry,
  checkpoint: VerifiedCheckpoint,
  inclusionProof: (seq: number, treeSize: number) => Promise<InclusionProof>,
): Promise<EntryInclusion> {
  const treeSize = checkpoint.size;
  if (stored.seq >= treeSize) return { kind: 'after-checkpoint', treeSize };
  const proof = await inclusionProof(stored.seq, treeSize);
  const fail = (reason: string): EntryInclusion => ({
    kind: 'not-included',
    treeSize,
    reason,
  });
  if (proof.leafIndex !== stored.seq || proof.treeSize !== treeSize) {
    return fail(
      `the backend answered a proof of entry ${proof.leafIndex} in a tree of ${proof.treeSize}, not of this entry in checkpoint ${treeSize}`,
    );
  }
  const hashes = decodeHashes(proof.hashes);
  if (!hashes) return fail('the proof holds a hash that is not hex');
  const leafHash = leafHashOfEntry(stored);
  if (
    verifyInclusion(
      hasher,
      stored.seq,
      treeSize,
      leafHash,
      hashes,
      checkpoint.rootHash,
    )
  ) {
    return { kind: 'included', treeSize };
  }
  const servedLeaf = fromHex(proof.leafHash);
  if (servedLeaf && !equalBytes(servedLeaf, leafHash)) {
    return fail(
      'the entry shown is not the one the log holds at its place: its content was changed after it was logged',
    );
  }
  return fail('the proof does not lead to the signed root');
}
