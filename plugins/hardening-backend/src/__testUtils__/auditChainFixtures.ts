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

/** The tables audit chain uploads write to, children first. */
export const AUDIT_CHAIN_TABLES = [
  'audit_chain_heads',
  'audit_chain_entries',
  'audit_chain_tree_tiles',
  'audit_chain_checkpoints',
  'audit_chain_cosignatures',
  'evidence_reports',
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
  // Only its hash is linked to.
  let prev = options.prevHash
    ? ({ hash: options.prevHash } as AuditChainEntry)
    : undefined;
  for (let i = 0; i < length; i++) {
    const step = firstStep + i;
    prev = nextEntry(prev, {
      action: ACTIONS[step % ACTIONS.length],
      timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, step)).toISOString(),
      actor: 'release-bot',
      details: { step, run },
    });
    entries.push(prev);
  }
  return entries;
}

/**
 * One entry with these fields on top of `prev` (genesis when absent), hashed with the
 * chain's rule: what any script could write, e.g. a forged `freeze`.
 */
export function nextEntry(
  prev: AuditChainEntry | undefined,
  fields: {
    action: AuditChainAction;
    timestamp: string;
    actor?: string;
    details?: Record<string, unknown>;
  },
): AuditChainEntry {
  const content = { ...fields, prevHash: prev?.hash ?? GENESIS_PREV_HASH };
  return { ...content, hash: computeEntryHash(content, sha256Hex) };
}

/** A chain as a JSONL upload body. */
export function toJsonl(entries: readonly object[]): string {
  return `${entries.map(e => JSON.stringify(e)).join('\n')}\n`;
}

/** SHA-256 of an upload body, as the routes compute it. */
export function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
