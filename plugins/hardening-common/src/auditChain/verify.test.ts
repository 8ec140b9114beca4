import { createHash } from 'node:crypto';
import { AuditChainEntry } from './entry';
import {
  canonicalEntryContent,
  computeEntryHash,
  GENESIS_PREV_HASH,
} from './hashing';
import { ChainVerifier, verifyChain } from './verify';

const sha256Hex = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

const actions = ['verify', 'migrate', 'build', 'canary', 'promote'] as const;

/** A valid chain of `length` entries continuing from `prevHash`. */
function chain(
  length: number,
  prevHash = GENESIS_PREV_HASH,
  tag = 'a',
): AuditChainEntry[] {
  const entries: AuditChainEntry[] = [];
  for (let i = 0; i < length; i++) {
    const entry = {
      action: actions[i % actions.length],
      timestamp: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
      actor: 'release-bot',
      details: { step: i, run: tag },
      prevHash: entries[i - 1]?.hash ?? prevHash,
    };
    entries.push({ ...entry, hash: computeEntryHash(entry, sha256Hex) });
  }
  return entries;
}

/** `entry` with new content and a correct hash for it. */
function rehash(entry: AuditChainEntry, change: object): AuditChainEntry {
  const changed = { ...entry, ...change };
  return { ...changed, hash: computeEntryHash(changed, sha256Hex) };
}

describe('verifyChain', () => {
  const entries = chain(6);

  it('accepts an intact chain and returns its head', () => {
    expect(verifyChain(entries, sha256Hex)).toEqual({
      ok: true,
      length: 6,
      head: { seq: 5, hash: entries[5].hash },
    });
    expect(verifyChain([], sha256Hex)).toEqual({
      ok: true,
      length: 0,
      head: null,
    });
  });

  it('accepts entries that were re-serialised with other key order, spacing and escapes', () => {
    const lines = entries.map(e => JSON.stringify(e));
    lines[2] = JSON.stringify(
      Object.fromEntries(Object.entries(entries[2]).reverse()),
      null,
      2,
    ).replace('release-bot', 'release\\u002dbot');
    expect(lines[2]).not.toBe(JSON.stringify(entries[2]));
    expect(
      verifyChain(
        lines.map(l => JSON.parse(l)),
        sha256Hex,
      ),
    ).toMatchObject({ ok: true, length: 6 });
  });

  it('requires the first entry to start at genesis', () => {
    const orphan = chain(3, 'f'.repeat(64));
    expect(verifyChain(orphan, sha256Hex)).toMatchObject({
      ok: false,
      index: 0,
      seq: 0,
      reason: 'prev-hash-mismatch',
      expected: GENESIS_PREV_HASH,
      actual: 'f'.repeat(64),
    });
  });

  it('names an edited entry', () => {
    const edited = [...entries];
    edited[3] = { ...edited[3], details: { step: 3, run: 'b' } };
    const result = verifyChain(edited, sha256Hex);
    expect(result).toMatchObject({
      ok: false,
      index: 3,
      seq: 3,
      reason: 'hash-mismatch',
      expected: computeEntryHash(edited[3], sha256Hex),
      actual: entries[3].hash,
    });
    expect(result.ok || result.message).toMatch(/changed after it was written/);
  });

  it('names an edited timestamp', () => {
    const edited = [...entries];
    edited[1] = { ...edited[1], timestamp: '2026-11-20T09:00:00Z' };
    expect(verifyChain(edited, sha256Hex)).toMatchObject({
      index: 1,
      reason: 'hash-mismatch',
    });
  });

  it('names the entry after an edited and re-hashed entry', () => {
    const edited = [...entries];
    edited[2] = rehash(edited[2], { actor: 'mallory' });
    expect(verifyChain(edited, sha256Hex)).toMatchObject({
      ok: false,
      index: 3,
      reason: 'prev-hash-mismatch',
      expected: edited[2].hash,
      actual: entries[2].hash,
    });
  });

  it('names the entry after a removed one', () => {
    const removed = entries.filter((_, i) => i !== 2);
    const result = verifyChain(removed, sha256Hex);
    expect(result).toMatchObject({
      ok: false,
      index: 2,
      seq: 2,
      reason: 'prev-hash-mismatch',
      expected: entries[1].hash,
      actual: entries[2].hash,
    });
    expect(result.ok || result.message).toMatch(/removed/);
  });

  it('names swapped entries as reordered', () => {
    const swapped = [...entries];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    expect(verifyChain(swapped, sha256Hex)).toMatchObject({
      ok: false,
      index: 2,
      reason: 'reordered',
      relatedIndex: 3,
      expected: entries[1].hash,
      actual: entries[2].hash,
    });
  });

  it('names an entry moved to the front as reordered', () => {
    const moved = [entries[4], ...entries.filter((_, i) => i !== 4)];
    expect(verifyChain(moved, sha256Hex)).toMatchObject({
      index: 0,
      reason: 'reordered',
      relatedIndex: 1,
    });
  });

  it('names a duplicated entry, next to its copy or further away', () => {
    const twice = [...entries.slice(0, 3), entries[2], ...entries.slice(3)];
    expect(verifyChain(twice, sha256Hex)).toMatchObject({
      ok: false,
      index: 3,
      reason: 'duplicate-entry',
      relatedIndex: 2,
    });
    const again = [...entries, entries[1]];
    expect(verifyChain(again, sha256Hex)).toMatchObject({
      index: 6,
      seq: 6,
      reason: 'duplicate-entry',
      relatedIndex: 1,
    });
  });

  it('names a forked history: two entries continuing from the same one', () => {
    const fork = chain(2, entries[2].hash, 'other');
    const forked = [...entries.slice(0, 4), ...fork];
    const result = verifyChain(forked, sha256Hex);
    expect(result).toMatchObject({
      ok: false,
      index: 4,
      seq: 4,
      reason: 'forked',
      relatedIndex: 3,
      expected: entries[3].hash,
      actual: entries[2].hash,
    });
    expect(result.ok || result.message).toMatch(/seq 3/);

    const secondGenesis = [...entries.slice(0, 3), ...chain(1)];
    secondGenesis[3] = rehash(secondGenesis[3], { actor: 'other-bot' });
    expect(verifyChain(secondGenesis, sha256Hex)).toMatchObject({
      index: 3,
      reason: 'forked',
      relatedIndex: 0,
    });
  });

  it('verifies a continuation from a stored entry', () => {
    const more = chain(3, entries[5].hash, 'next');
    expect(
      verifyChain(more, sha256Hex, {
        start: { seq: 5, hash: entries[5].hash },
      }),
    ).toEqual({ ok: true, length: 3, head: { seq: 8, hash: more[2].hash } });
    expect(
      verifyChain(more, sha256Hex, {
        start: { seq: 4, hash: entries[4].hash },
      }),
    ).toMatchObject({ index: 0, seq: 5, reason: 'prev-hash-mismatch' });
  });

  it('checks the end of the chain against an expected head', () => {
    const head = { seq: 5, hash: entries[5].hash };
    expect(
      verifyChain(entries, sha256Hex, { expectedHead: head }),
    ).toMatchObject({ ok: true });
    const result = verifyChain(entries.slice(0, 4), sha256Hex, {
      expectedHead: head,
    });
    expect(result).toMatchObject({
      ok: false,
      index: 3,
      seq: 3,
      reason: 'head-mismatch',
      expected: entries[5].hash,
      actual: entries[3].hash,
    });
    expect(result.ok || result.message).toMatch(/recorded head is seq 5/);
  });
});

describe('ChainVerifier', () => {
  it('verifies a stream in order and stops at the first break', () => {
    const entries = chain(50);
    entries[20] = { ...entries[20], actor: 'mallory' };
    const verifier = new ChainVerifier(sha256Hex, { historyWindow: 8 });
    let pushed = 0;
    for (const entry of entries) {
      verifier.push(entry);
      pushed++;
      if (verifier.done) break;
    }
    expect(pushed).toBe(21);
    expect(verifier.finish()).toMatchObject({
      index: 20,
      reason: 'hash-mismatch',
    });
  });

  it('still finds a break beyond its history window, at the same entry', () => {
    const entries = chain(40);
    const verifier = new ChainVerifier(sha256Hex, { historyWindow: 8 });
    [...entries, entries[3]].forEach(e => verifier.push(e));
    expect(verifier.finish()).toMatchObject({
      ok: false,
      index: 40,
      seq: 40,
      reason: 'prev-hash-mismatch',
    });

    const near = new ChainVerifier(sha256Hex, { historyWindow: 8 });
    [...entries, entries[36]].forEach(e => near.push(e));
    expect(near.finish()).toMatchObject({
      index: 40,
      reason: 'duplicate-entry',
      relatedIndex: 36,
    });
  });

  it('remembers between historyWindow and twice as many recent entries', () => {
    const entries = chain(40);
    // Window 8: entries 0–7, 8–15, … are generations; after 40 entries the last two
    // (24–31 and 32–39) are remembered.
    const repeat = (index: number) => {
      const verifier = new ChainVerifier(sha256Hex, { historyWindow: 8 });
      [...entries, entries[index]].forEach(e => verifier.push(e));
      return verifier.finish();
    };
    expect(repeat(39)).toMatchObject({
      reason: 'duplicate-entry',
      relatedIndex: 39,
    });
    expect(repeat(24)).toMatchObject({
      reason: 'duplicate-entry',
      relatedIndex: 24,
    });
    expect(repeat(23)).toMatchObject({
      index: 40,
      reason: 'prev-hash-mismatch',
    });
  });

  it('verifies stored canonical content as it is, without re-serialising it', () => {
    const entries = chain(4);
    const stored = entries.map(e => ({
      link: { prevHash: e.prevHash, hash: e.hash },
      content: canonicalEntryContent(e),
    }));
    const intact = new ChainVerifier(sha256Hex);
    stored.forEach(s => intact.pushCanonical(s.link, s.content));
    expect(intact.finish()).toEqual({
      ok: true,
      length: 4,
      head: { seq: 3, hash: entries[3].hash },
    });

    const reformatted = new ChainVerifier(sha256Hex);
    stored.forEach((s, i) =>
      reformatted.pushCanonical(
        s.link,
        i === 2 ? JSON.stringify(JSON.parse(s.content), null, 1) : s.content,
      ),
    );
    expect(reformatted.finish()).toMatchObject({
      index: 2,
      reason: 'hash-mismatch',
    });
  });

  it('labels entries with the seq the caller gives', () => {
    const entries = chain(5);
    const verifier = new ChainVerifier(sha256Hex);
    [0, 1, 2, 4].forEach(i => verifier.push(entries[i], i));
    expect(verifier.finish()).toMatchObject({
      index: 3,
      seq: 4,
      reason: 'prev-hash-mismatch',
      expected: entries[2].hash,
    });
  });
});
