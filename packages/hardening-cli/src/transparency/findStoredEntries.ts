import { AuditChainEntry } from '@hardening/backstage-plugin-hardening-common';
import { StoredChainPage } from '../chain/storedChainPages';

export type FoundEntry = { seq: number; entry: AuditChainEntry };

/**
 * Reads the stored chain's pages, oldest first, until every entry asked for (by `seq`,
 * or by its `hash` field) was seen; stops reading there. What was not found is missing
 * from the result.
 */
export async function findStoredEntries(
  pages: AsyncIterable<StoredChainPage>,
  wanted: { seqs: readonly number[]; hashes: readonly string[] },
): Promise<{
  bySeq: Map<number, FoundEntry>;
  byHash: Map<string, FoundEntry>;
}> {
  const bySeq = new Map<number, FoundEntry>();
  const byHash = new Map<string, FoundEntry>();
  const seqs = new Set(wanted.seqs);
  const hashes = new Set(wanted.hashes);
  const done = () => bySeq.size === seqs.size && byHash.size === hashes.size;
  if (done()) return { bySeq, byHash };
  for await (const page of pages) {
    for (const found of page.entries) {
      if (seqs.has(found.seq)) bySeq.set(found.seq, found);
      if (hashes.has(found.entry.hash) && !byHash.has(found.entry.hash)) {
        byHash.set(found.entry.hash, found);
      }
    }
    if (done()) break;
  }
  return { bySeq, byHash };
}
