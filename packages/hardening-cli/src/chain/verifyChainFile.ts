import {
  AuditChainBreak,
  AuditChainBreakReason,
  AuditChainLink,
  ChainVerifier,
} from '@hardening/backstage-plugin-hardening-common';
import { sha256Hex } from '../sha256Hex';
import { readChainLines } from './readChainLines';

/** The verdict on a chain file. */
export type ChainFileVerdict =
  | {
      ok: true;
      /** Entries in the file. */
      length: number;
      /** The last entry, null for an empty file. */
      head: AuditChainLink | null;
    }
  | {
      ok: false;
      /** 1-based line of the broken entry. */
      line: number;
      seq?: number;
      reason: AuditChainBreakReason | 'invalid-line';
      message: string;
    };

/** The verdict on a broken chain, with the line of the entry the verifier names. */
function brokenAt(
  verdict: AuditChainBreak,
  lineOfIndex: readonly number[],
): ChainFileVerdict {
  return {
    ok: false,
    line: lineOfIndex[verdict.index],
    seq: verdict.seq,
    reason: verdict.reason,
    message: verdict.message,
  };
}

/**
 * Verifies a JSONL chain file from genesis, streaming it in constant memory with the
 * backend's verifier and hash rule, and names the first broken entry by its line.
 */
export async function verifyChainFile(path: string): Promise<ChainFileVerdict> {
  const verifier = new ChainVerifier(sha256Hex);
  const lineOfIndex: number[] = [];
  for await (const read of readChainLines(path)) {
    if ('problem' in read) {
      // An entry before it may already be broken: that is the first broken entry.
      const earlier = verifier.finish();
      if (!earlier.ok) return brokenAt(earlier, lineOfIndex);
      return {
        ok: false,
        line: read.line,
        reason: 'invalid-line',
        message: read.problem,
      };
    }
    lineOfIndex.push(read.line);
    verifier.push(read.entry);
    if (verifier.done) break;
  }
  const verdict = verifier.finish();
  return verdict.ok
    ? { ok: true, length: verdict.length, head: verdict.head }
    : brokenAt(verdict, lineOfIndex);
}
