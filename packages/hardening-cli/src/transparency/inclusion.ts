import {
  canonicalEntryContent,
  Checkpoint,
  entryLeafHash,
  fromHex,
  InclusionProof,
  merkleHasher,
  toHex,
  verifyInclusion,
} from '@hardening/backstage-plugin-hardening-common';
import { CliError, EXIT } from '../CliError';

const hasher = merkleHasher();

/**
 * Checks that `entry` is leaf `seq` of the checkpoint's tree. The leaf hash is computed
 * here from the entry's canonical content (the bytes the log hashes); the proof's own
 * `leafHash` is never trusted, only named when it disagrees. Throws a {@link CliError}
 * exiting 1 when the entry is not there.
 */
export function checkInclusion(
  entry: Readonly<Record<string, unknown>>,
  seq: number,
  proof: InclusionProof,
  checkpoint: Checkpoint,
  what: string,
): void {
  const failed = (message: string) =>
    new CliError(`${what}: ${message}`, EXIT.CHECK_FAILED);
  if (seq >= checkpoint.size) {
    throw failed(
      `seq ${seq} is not in the checkpoint's tree of ${checkpoint.size} entries`,
    );
  }
  if (proof.leafIndex !== seq || proof.treeSize !== checkpoint.size) {
    throw failed(
      `the inclusion proof is for leaf ${proof.leafIndex} of a tree of ${proof.treeSize}, not leaf ${seq} of the checkpoint's ${checkpoint.size}`,
    );
  }
  const leafHash = entryLeafHash(hasher, canonicalEntryContent(entry));
  const ok = verifyInclusion(
    hasher,
    seq,
    checkpoint.size,
    leafHash,
    proof.hashes.map(h => fromHex(h)!),
    checkpoint.rootHash,
  );
  if (!ok) {
    const differs =
      proof.leafHash !== toHex(leafHash)
        ? ` (the entry's content hashes to leaf ${toHex(
            leafHash,
          )}, the proof is for ${
            proof.leafHash
          }: the entry is not the one the log holds)`
        : '';
    throw failed(
      `not in the log: the inclusion proof does not lead from the entry to the checkpoint's root${differs}`,
    );
  }
}
