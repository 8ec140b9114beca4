import {
  computeEntryHash,
  GENESIS_PREV_HASH,
} from '@hardening/backstage-plugin-hardening-common';
import { chainProblems, ListedChainEntry, sha256Hex } from './chainShape';

function chainOf(actors: string[]): ListedChainEntry[] {
  const out: ListedChainEntry[] = [];
  let prevHash = GENESIS_PREV_HASH;
  for (const actor of actors) {
    const unsigned = {
      action: 'build',
      timestamp: '2026-12-01T10:00:00Z',
      actor,
      prevHash,
    };
    const entry = { ...unsigned, hash: computeEntryHash(unsigned, sha256Hex) };
    out.push({ seq: out.length, entry });
    prevHash = entry.hash;
  }
  return out;
}

describe('chainProblems', () => {
  it('accepts a linear chain of the expected length', () => {
    expect(chainProblems(chainOf(['a', 'b', 'c']), 3)).toEqual([]);
  });

  it('names a missing entry (a gap in the seqs and a broken link)', () => {
    const chain = chainOf(['a', 'b', 'c']);
    const problems = chainProblems([chain[0], chain[2]], 3);
    expect(problems).toEqual([
      '2 entries listed, 3 expected',
      'position 1 holds seq 2: the seqs are not 0..n-1',
      expect.stringMatching(/^the entries do not verify at seq 1: /),
    ]);
  });

  it('names a fork: two entries continuing the same one', () => {
    const main = chainOf(['a', 'b']);
    const fork = chainOf(['a', 'other']);
    const problems = chainProblems(
      [...main, { seq: 2, entry: fork[1].entry }],
      3,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^the entries do not verify at seq 2: /),
    ]);
  });
});
