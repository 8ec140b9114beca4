import { AuditChainEntry } from '@hardening/backstage-plugin-hardening-common';
import { ChainPagesStart, StoredChainPage } from '../chain/storedChainPages';
import { CliError, EXIT } from '../CliError';

export type FoundEntry = { seq: number; entry: AuditChainEntry };

/** The stored chain's pages, oldest first: from the first entry, or from `start`. */
export type ChainPages = (
  start?: ChainPagesStart,
) => AsyncIterable<StoredChainPage>;

/**
 * The entry `seq`, read as a page of one entry starting after `seq - 1` (the listing's
 * keyset cursor), without the entries before it. `undefined` when that page does not
 * hold it; `'unsupported'` when the backend refuses the cursor.
 */
async function jumpTo(
  pages: ChainPages,
  seq: number,
): Promise<FoundEntry | undefined | 'unsupported'> {
  try {
    for await (const page of pages({ afterSeq: seq - 1, limit: 1 })) {
      return page.entries.find(found => found.seq === seq);
    }
    return undefined;
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT.REJECTED) {
      return 'unsupported';
    }
    throw error;
  }
}

/**
 * Finds stored entries by `seq`, each read where it is (one request apiece), and by
 * their `hash` field, reading the chain's pages oldest first until every one was seen.
 * A seq the jump did not find (a backend whose listing pages otherwise) is looked for
 * in that reading too. What was not found is missing from the result.
 */
export async function findStoredEntries(
  pages: ChainPages,
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
  for (const seq of seqs) {
    const found = await jumpTo(pages, seq);
    if (found === 'unsupported') break;
    if (found) bySeq.set(seq, found);
  }
  if (done()) return { bySeq, byHash };
  for await (const page of pages()) {
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
