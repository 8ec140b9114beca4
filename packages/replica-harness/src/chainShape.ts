import {
  Sha256Hex,
  verifyChain,
} from '@hardening/backstage-plugin-hardening-common';
import { createHash } from 'node:crypto';

export const sha256Hex: Sha256Hex = text =>
  createHash('sha256').update(text, 'utf8').digest('hex');

export type ListedChainEntry = {
  seq: number;
  entry: { prevHash: string; hash: string; [field: string]: unknown };
};

/**
 * What is wrong with a chain listed oldest first, expected to hold `expectedLength`
 * entries: a seq out of 0..n-1 (a gap or a repeat), a link or a hash that does not
 * verify (a fork, a reorder, a changed entry). Empty when the chain is one line.
 */
export function chainProblems(
  listed: readonly ListedChainEntry[],
  expectedLength: number,
): string[] {
  const problems: string[] = [];
  if (listed.length !== expectedLength) {
    problems.push(
      `${listed.length} entries listed, ${expectedLength} expected`,
    );
  }
  const misplaced = listed.findIndex((item, index) => item.seq !== index);
  if (misplaced >= 0) {
    problems.push(
      `position ${misplaced} holds seq ${listed[misplaced].seq}: the seqs are not 0..n-1`,
    );
  }
  const verdict = verifyChain(
    listed.map(item => item.entry),
    sha256Hex,
  );
  if (!verdict.ok) {
    problems.push(
      `the entries do not verify at seq ${verdict.seq}: ${verdict.reason}: ${verdict.message}`,
    );
  }
  return problems;
}
