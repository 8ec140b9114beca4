import { auditChainEntrySchema } from './entry';

const valid = {
  action: 'promote',
  timestamp: '2026-11-20T10:00:00+01:00',
  actor: 'release-bot',
  details: { version: '1.4.0' },
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

describe('auditChainEntrySchema', () => {
  it('accepts an entry and keeps fields it does not know', () => {
    const parsed = auditChainEntrySchema.parse({ ...valid, release: 'r42' });
    expect(parsed).toEqual({ ...valid, release: 'r42' });
  });

  it.each([
    ['an unknown action', { action: 'deploy' }],
    ['a date without time', { timestamp: '2026-11-20' }],
    ['an upper-case hash', { hash: 'A'.repeat(64) }],
    ['a short prevHash', { prevHash: '0'.repeat(63) }],
    ['details that are not an object', { details: ['x'] }],
    ['an empty actor', { actor: '' }],
  ])('refuses %s', (_name, change) => {
    expect(
      auditChainEntrySchema.safeParse({ ...valid, ...change }).success,
    ).toBe(false);
  });
});
