import {
  ConsistencyProof,
  fromHex,
  merkleHasher,
  verifyConsistency,
} from '@hardening/backstage-plugin-hardening-common';
import { VerifiedCheckpoint } from './verifyCheckpoint';

/** A checkpoint this browser verified before, as it remembers it. */
export type SeenCheckpoint = {
  origin: string;
  size: number;
  rootHex: string;
  /** When it was seen (ISO 8601). */
  seenAt: string;
};

/** Whether the latest checkpoint extends the one this browser saw last. */
export type ConsistencyCheck =
  /** Nothing seen before (or of another origin): nothing to compare with. */
  | { kind: 'first-visit' }
  | { kind: 'consistent'; seen: SeenCheckpoint }
  | { kind: 'inconsistent'; seen: SeenCheckpoint; reason: string };

const hasher = merkleHasher();

/** Reads what storage holds back into a {@link SeenCheckpoint}; `undefined` for anything else. */
export function asSeenCheckpoint(value: unknown): SeenCheckpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (
    typeof v.origin === 'string' &&
    typeof v.size === 'number' &&
    Number.isSafeInteger(v.size) &&
    v.size >= 0 &&
    typeof v.rootHex === 'string' &&
    fromHex(v.rootHex)?.length === 32 &&
    typeof v.seenAt === 'string'
  ) {
    return {
      origin: v.origin,
      size: v.size,
      rootHex: v.rootHex,
      seenAt: v.seenAt,
    };
  }
  return undefined;
}

/**
 * Whether the log only grew since this browser saw `seen`: the latest (verified)
 * checkpoint must be at least as large, and a consistency proof fetched from the
 * backend must show the tree seen to be a prefix of the latest one (equal roots when
 * the size is the same). A log that shrank or was rewritten is inconsistent.
 */
export async function checkConsistency(
  seen: SeenCheckpoint | undefined,
  latest: VerifiedCheckpoint,
  consistencyProof: (from: number, to: number) => Promise<ConsistencyProof>,
): Promise<ConsistencyCheck> {
  if (!seen || seen.origin !== latest.origin) return { kind: 'first-visit' };
  const fail = (reason: string): ConsistencyCheck => ({
    kind: 'inconsistent',
    seen,
    reason,
  });
  if (seen.size > latest.size) {
    return fail(
      `the log has ${latest.size} entries now, fewer than the ${seen.size} you saw: entries were removed`,
    );
  }
  if (seen.size === latest.size) {
    return seen.rootHex === latest.rootHex
      ? { kind: 'consistent', seen }
      : fail(
          'the log has as many entries as the checkpoint you saw but another root: it was rewritten',
        );
  }
  // The empty tree is a prefix of every tree.
  if (seen.size === 0) return { kind: 'consistent', seen };
  const proof = await consistencyProof(seen.size, latest.size);
  const hashes = proof.hashes.map(fromHex);
  const seenRoot = fromHex(seen.rootHex);
  if (
    proof.from === seen.size &&
    proof.to === latest.size &&
    seenRoot &&
    hashes.every((h): h is Uint8Array => h !== undefined) &&
    verifyConsistency(
      hasher,
      seen.size,
      latest.size,
      hashes,
      seenRoot,
      latest.rootHash,
    )
  ) {
    return { kind: 'consistent', seen };
  }
  return fail(
    'the consistency proof does not show the checkpoint you saw to be a prefix of this one: the log was rewritten',
  );
}
