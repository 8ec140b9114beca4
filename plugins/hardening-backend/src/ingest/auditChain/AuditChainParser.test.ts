import { InputError } from '@backstage/errors';
import { parseAuditChainJsonl } from './AuditChainParser';

const zeros = '0'.repeat(64);
const line = (fields: object = {}) =>
  JSON.stringify({
    action: 'build',
    timestamp: '2026-11-20T10:00:00Z',
    prevHash: zeros,
    hash: 'a'.repeat(64),
    ...fields,
  });

async function* chunks(...parts: (string | Buffer)[]) {
  for (const part of parts) yield part;
}

const parse = (text: string, options = {}) =>
  parseAuditChainJsonl(chunks(Buffer.from(text, 'utf8')), options);

describe('parseAuditChainJsonl', () => {
  it('reads one entry per line, with LF or CRLF and a trailing newline', async () => {
    const entries = await parse(
      `${line()}\r\n${line({ action: 'promote', release: 'r7' })}\n\n`,
    );
    expect(entries).toHaveLength(2);
    expect(entries[1]).toEqual({
      action: 'promote',
      timestamp: '2026-11-20T10:00:00Z',
      prevHash: zeros,
      hash: 'a'.repeat(64),
      release: 'r7',
    });
  });

  it('reads lines and multi-byte characters split across chunks', async () => {
    const text = `${line({ actor: 'zoë' })}\n${line()}`;
    const bytes = Buffer.from(text, 'utf8');
    const split = text.indexOf('ë') + 1; // inside the two bytes of ë
    const entries = await parseAuditChainJsonl(
      chunks(bytes.subarray(0, split), bytes.subarray(split)),
    );
    expect(entries.map(e => e.actor)).toEqual(['zoë', undefined]);
  });

  it.each([
    ['not JSON', `${line()}\n{"action":`, /^Line 2 .* not valid JSON/],
    [
      'not an object',
      `${line()}\n${line()}\n[1]`,
      /^Line 3 .* not a JSON object/,
    ],
    [
      'an invalid field',
      `${line()}\n${line({ prevHash: 'xyz' })}`,
      /^Line 2 .* not a valid entry: prevHash: must be a SHA-256 digest/,
    ],
    [
      'an unknown action',
      line({ action: 'deploy' }),
      /^Line 1 .* not a valid entry: action:/,
    ],
    [
      'a blank line between entries',
      `${line()}\n\n${line()}\n`,
      /^Line 2 of the audit chain is blank/,
    ],
    ['nothing', '\n\n', /empty/],
  ])('refuses %s and names the line', async (_name, text, message) => {
    const error = await parse(text).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });

  it('refuses invalid UTF-8', async () => {
    await expect(
      parseAuditChainJsonl(chunks(Buffer.from([0x7b, 0xff, 0x7d]))),
    ).rejects.toThrow(/Invalid UTF-8 in audit chain at byte offset 1/);
  });

  it('limits the number of entries and the length of a line', async () => {
    await expect(
      parse([line(), line(), line()].join('\n'), { maxLines: 2 }),
    ).rejects.toThrow('The audit chain has more than 2 entries');
    await expect(
      parse(`${line()}\n${line({ actor: 'x'.repeat(300) })}`, {
        maxLineBytes: 256,
      }),
    ).rejects.toThrow('Line 2 of the audit chain is longer than 256 bytes');
    // A line that never ends is refused before it is held in full.
    const endless = (async function* unending() {
      yield line();
      yield '\n{"action":"';
      for (;;) yield 'x'.repeat(100);
    })();
    await expect(
      parseAuditChainJsonl(endless, { maxLineBytes: 1000 }),
    ).rejects.toThrow('Line 2 of the audit chain is longer than 1000 bytes');
  });

  it('keeps the parsed object as sent, including a __proto__ field', async () => {
    const [entry] = await parse(
      `{"action":"build","timestamp":"2026-11-20T10:00:00Z","prevHash":"${zeros}","hash":"${'a'.repeat(
        64,
      )}","__proto__":{"x":1}}`,
    );
    expect(Object.keys(entry)).toContain('__proto__');
    expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
  });
});
