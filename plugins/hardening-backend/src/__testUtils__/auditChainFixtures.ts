import { createHash } from 'node:crypto';
import {
  AuditChainAction,
  AuditChainEntry,
  computeEntryHash,
  GENESIS_PREV_HASH,
} from '@hardening/backstage-plugin-hardening-common';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';

const ACTIONS: AuditChainAction[] = [
  'verify',
  'migrate',
  'build',
  'canary',
  'promote',
];

/**
 * A valid release audit chain of `length` entries continuing from `prevHash` (genesis
 * by default). `run` goes into every entry, so two runs give two different chains.
 */
export function buildAuditChain(
  length: number,
  options: { prevHash?: string; run?: string; firstStep?: number } = {},
): AuditChainEntry[] {
  const { run = 'r1', firstStep = 0 } = options;
  const entries: AuditChainEntry[] = [];
  let prevHash = options.prevHash ?? GENESIS_PREV_HASH;
  for (let i = 0; i < length; i++) {
    const step = firstStep + i;
    const content = {
      action: ACTIONS[step % ACTIONS.length],
      timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, step)).toISOString(),
      actor: 'release-bot',
      details: { step, run },
      prevHash,
    };
    const entry = { ...content, hash: computeEntryHash(content, sha256Hex) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

/** A chain as a JSONL upload body. */
export function toJsonl(entries: readonly object[]): string {
  return `${entries.map(e => JSON.stringify(e)).join('\n')}\n`;
}

/** SHA-256 of an upload body, as the routes compute it. */
export function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
