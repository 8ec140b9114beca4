import { createHash } from 'node:crypto';
import {
  canonicalEntryContent,
  computeEntryHash,
  GENESIS_PREV_HASH,
} from './hashing';

const sha256Hex = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

// The worked example of docs/audit-chain.md, computed independently with
// `printf '%s\n%s' "$prevHash" "$canonical" | sha256sum` and Python's hashlib.
const first = {
  action: 'build',
  timestamp: '2026-11-20T10:00:00Z',
  actor: 'release-bot',
  details: { image: 'payments-api:1.4.0', durationMs: 84000 },
  prevHash: GENESIS_PREV_HASH,
  hash: '52116c0b1001d5134f6863366383ab0687259841c0e0267f0c7e79e03fccadbe',
};
const second = {
  action: 'canary',
  timestamp: '2026-11-20T10:05:00+01:00',
  actor: 'release-bot',
  details: { trafficPercent: 5, note: 'café ✓' },
  prevHash: first.hash,
  hash: 'e7bbf80ddfddedcb176aa3ef278a65cad167a7d82d13e74b2ca58f8a9b75af0c',
};

describe('audit chain hashing', () => {
  it('hashes prevHash, a line feed and the canonical JSON of the entry without its hash', () => {
    expect(canonicalEntryContent(first)).toBe(
      `{"action":"build","actor":"release-bot","details":{"durationMs":84000,"image":"payments-api:1.4.0"},"prevHash":"${GENESIS_PREV_HASH}","timestamp":"2026-11-20T10:00:00Z"}`,
    );
    expect(computeEntryHash(first, sha256Hex)).toBe(first.hash);
    expect(computeEntryHash(second, sha256Hex)).toBe(second.hash);
  });

  it('gives the same hash for any serialisation of the same content', () => {
    const reserialised = JSON.parse(
      `{ "hash": "x", "prevHash": "${GENESIS_PREV_HASH}", ` +
        `"details": { "image": "payments-\\u0061pi:1.4.0", "durationMs": 8.4e4 }, ` +
        `"actor": "release-bot", "timestamp": "2026-11-20T10:00:00Z", "action": "build" }`,
    );
    expect(computeEntryHash(reserialised, sha256Hex)).toBe(first.hash);
  });

  it('covers every field but hash, including the timestamp and extra fields', () => {
    expect(
      computeEntryHash(
        { ...first, timestamp: '2026-11-20T10:00:01Z' },
        sha256Hex,
      ),
    ).not.toBe(first.hash);
    expect(
      computeEntryHash({ ...first, release: '1.4.0' }, sha256Hex),
    ).not.toBe(first.hash);
    expect(computeEntryHash({ ...first, hash: 'anything' }, sha256Hex)).toBe(
      first.hash,
    );
  });
});
