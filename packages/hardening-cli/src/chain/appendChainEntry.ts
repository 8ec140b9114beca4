import {
  AuditChainEntry,
  auditChainEntrySchema,
  computeEntryHash,
  formatIssuePath,
  GENESIS_PREV_HASH,
} from '@hardening/backstage-plugin-hardening-common';
import { appendFile, open, truncate } from 'node:fs/promises';
import { CliError, EXIT } from '../CliError';
import { sha256Hex } from '../sha256Hex';
import { verifyChainFile } from './verifyChainFile';

export type NewEntry = {
  action: string;
  timestamp: string;
  actor?: string;
  details?: Record<string, unknown>;
};

const WHITESPACE = new Set([0x0a, 0x0d, 0x20, 0x09]);

/** Where the file's content ends: its size without trailing line feeds and spaces. */
async function contentEnd(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    let end = (await handle.stat()).size;
    const chunk = Buffer.alloc(4096);
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      let i = bytesRead - 1;
      while (i >= 0 && WHITESPACE.has(chunk[i])) i--;
      if (i >= 0) return start + i + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await (await open(path, 'r')).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Appends an entry to a JSONL chain file (created when missing) with the backend's hash
 * rule: `prevHash` is the hash of the file's last entry (64 zeros for the first one) and
 * `hash = sha256_hex(prevHash + "\n" + JCS(entry without hash))`. The whole file is
 * verified first; nothing is written to a broken chain.
 */
export async function appendChainEntry(
  path: string,
  shown: string,
  fields: NewEntry,
): Promise<{ seq: number; entry: AuditChainEntry }> {
  let prevHash = GENESIS_PREV_HASH;
  let seq = 0;
  if (await fileExists(path)) {
    const verdict = await verifyChainFile(path);
    if (!verdict.ok) {
      throw new CliError(
        `${shown}:${verdict.line}: the chain is broken (${verdict.reason}): ${verdict.message}; nothing was appended`,
        EXIT.CHECK_FAILED,
      );
    }
    if (verdict.head) {
      prevHash = verdict.head.hash;
      seq = verdict.head.seq + 1;
    }
  }
  const unsigned = { ...fields, prevHash };
  const candidate = {
    ...unsigned,
    hash: computeEntryHash(unsigned, sha256Hex),
  };
  const parsed = auditChainEntrySchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `invalid entry: ${formatIssuePath(issue.path)}: ${issue.message}`,
    );
  }
  const line = `${JSON.stringify(candidate)}\n`;
  // Trailing blank lines would end up inside the chain: the entry goes right after the last one.
  const exists = await fileExists(path);
  const end = exists ? await contentEnd(path) : 0;
  if (exists) await truncate(path, end);
  await appendFile(path, end > 0 ? `\n${line}` : line);
  return { seq, entry: parsed.data };
}
