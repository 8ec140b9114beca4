import { InclusionProof } from '@hardening/backstage-plugin-hardening-common';
import { createProofLoader } from './proofLoader';

/** A fetch whose answers the test releases one by one. */
function controlledFetch() {
  const pending: Array<{
    key: string;
    resolve: (proof: InclusionProof) => void;
    reject: (error: Error) => void;
  }> = [];
  const fetchProof = (seq: number, treeSize: number) =>
    new Promise<InclusionProof>((resolve, reject) =>
      pending.push({ key: `${seq}@${treeSize}`, resolve, reject }),
    );
  const answer = (key: string) => {
    const at = pending.findIndex(p => p.key === key);
    const [call] = pending.splice(at, 1);
    const [seq, treeSize] = key.split('@').map(Number);
    call.resolve({
      leafIndex: seq,
      treeSize,
      leafHash: 'a'.repeat(64),
      hashes: [],
    });
  };
  return { fetchProof, pending, answer };
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe('createProofLoader', () => {
  it('fetches at most `concurrency` proofs at once, the rest in the order asked', async () => {
    const { fetchProof, pending, answer } = controlledFetch();
    const loader = createProofLoader(fetchProof, 2);
    const proofs = [0, 1, 2, 3].map(seq => loader.inclusionProof(seq, 4));
    expect(pending.map(p => p.key)).toEqual(['0@4', '1@4']);

    answer('1@4');
    await expect(proofs[1]).resolves.toMatchObject({ leafIndex: 1 });
    await flush();
    expect(pending.map(p => p.key)).toEqual(['0@4', '2@4']);
    answer('0@4');
    answer('2@4');
    await flush();
    expect(pending.map(p => p.key)).toEqual(['3@4']);
  });

  it('fetches each (seq, tree size) once, and again after a failure', async () => {
    const { fetchProof, pending, answer } = controlledFetch();
    const loader = createProofLoader(fetchProof, 4);
    const first = loader.inclusionProof(1, 4);
    expect(loader.inclusionProof(1, 4)).toBe(first);
    const failing = loader.inclusionProof(1, 5);
    expect(pending.map(p => p.key)).toEqual(['1@4', '1@5']);

    answer('1@4');
    await first;
    expect(loader.inclusionProof(1, 4)).toBe(first);

    pending.shift()!.reject(new Error('backend unavailable'));
    await expect(failing).rejects.toThrow('backend unavailable');
    await flush();
    expect(loader.inclusionProof(1, 5)).not.toBe(failing);
    expect(pending.map(p => p.key)).toEqual(['1@5']);
  });
});
