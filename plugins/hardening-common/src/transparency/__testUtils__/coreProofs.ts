import {
  consistencyProofRanges,
  foldPerfectSubtrees,
  inclusionProofRanges,
  LeafRange,
  merkleHasher,
  perfectSubtrees,
} from '../merkle';
import { mth } from './naiveMerkle';

/**
 * Proofs built the way the backend builds them, from the core's leaf ranges and
 * perfect subtrees, with each perfect subtree's hash taken from the naive MTH (the
 * backend reads it from its stored nodes).
 */

const hasher = merkleHasher();

export function rangeHash(leaves: readonly Uint8Array[], range: LeafRange) {
  return foldPerfectSubtrees(
    hasher,
    perfectSubtrees(range).map(node =>
      mth(
        leaves.slice(
          node.index * 2 ** node.level,
          (node.index + 1) * 2 ** node.level,
        ),
      ),
    ),
  );
}

export function coreInclusionProof(
  leaves: readonly Uint8Array[],
  index: number,
  size: number,
) {
  return inclusionProofRanges(index, size).map(r => rangeHash(leaves, r));
}

export function coreConsistencyProof(
  leaves: readonly Uint8Array[],
  from: number,
  to: number,
) {
  return consistencyProofRanges(from, to).map(r => rangeHash(leaves, r));
}
