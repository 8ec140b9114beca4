import { InclusionProof } from '@hardening/backstage-plugin-hardening-common';

/** At most this many inclusion proofs are fetched at once. */
export const PROOF_CONCURRENCY = 4;

/** Fetches inclusion proofs, each (seq, tree size) once, a few at a time. */
export type ProofLoader = {
  inclusionProof(seq: number, treeSize: number): Promise<InclusionProof>;
};

/**
 * A {@link ProofLoader} over `fetchProof`: at most `concurrency` requests in flight, the
 * others queued in the order they were asked for; a proof fetched is kept (proofs of a
 * tree size never change), a failed fetch is forgotten so that it is tried again.
 */
export function createProofLoader(
  fetchProof: (seq: number, treeSize: number) => Promise<InclusionProof>,
  concurrency: number = PROOF_CONCURRENCY,
): ProofLoader {
  const cache = new Map<string, Promise<InclusionProof>>();
  const queue: Array<() => void> = [];
  let running = 0;

  const next = () => {
    if (running >= concurrency) return;
    const start = queue.shift();
    if (start) start();
  };

  const limited = (seq: number, treeSize: number) =>
    new Promise<InclusionProof>((resolve, reject) => {
      queue.push(() => {
        running++;
        fetchProof(seq, treeSize)
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
      next();
    });

  return {
    inclusionProof(seq, treeSize) {
      const key = `${seq}@${treeSize}`;
      let proof = cache.get(key);
      if (!proof) {
        proof = limited(seq, treeSize);
        cache.set(key, proof);
        proof.catch(() => cache.delete(key));
      }
      return proof;
    },
  };
}
