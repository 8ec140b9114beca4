import {
  formatSignedNote,
  MAX_NOTE_BYTES,
  MAX_NOTE_SIGNATURES,
  NoteError,
  NoteVerifier,
  openSignedNote,
  parseNoteSignatureLine,
  parseSignedNote,
  signatureLine,
  signNote,
} from './signedNote';
import {
  ED25519_NOTE_TYPE,
  formatSignerKey,
  noteSigner,
  noteVerifier,
  parseSignerKey,
  parseVerifierKey,
} from './keys';
import { fromBase64, toBase64 } from './bytes';
import { nodeVerify, testSeed } from './__testUtils__/nodeEd25519';
import {
  ENOCH_SIG_LINE,
  ENOCH_VKEY,
  PETER_NOTE,
  PETER_SIG_LINE,
  PETER_SKEY,
  PETER_TEXT,
  PETER_VKEY,
} from './__testUtils__/peterNeumann';

const peter = noteVerifier(PETER_VKEY);
const enoch = noteVerifier(ENOCH_VKEY);
const note = (text: string, ...lines: string[]) =>
  `${text}\n${lines.map(line => `${line}\n`).join('')}`;

/** A signature line of a key no verifier knows, with a syntactically valid signature. */
const unknownLine = (name: string, keyId: number) =>
  signatureLine(name, keyId, new Uint8Array(64).fill(7));

describe('signed notes: the Go reference example', () => {
  it('signs the example text byte for byte like the Go implementation', () => {
    expect(signNote(PETER_TEXT, [noteSigner(PETER_SKEY)])).toBe(PETER_NOTE);
  });

  it('opens the example note and its signature verifies with node:crypto', () => {
    const opened = openSignedNote(PETER_NOTE, [peter]);
    expect(opened.text).toBe(PETER_TEXT);
    expect(opened.verified).toHaveLength(1);
    expect(opened.verified[0]).toMatchObject({
      name: 'PeterNeumann',
      keyId: 0xc74f20a3,
      line: PETER_SIG_LINE,
    });
    expect(opened.unknown).toEqual([]);
    expect(
      nodeVerify(
        parseVerifierKey(PETER_VKEY).publicKey,
        new Uint8Array(Buffer.from(PETER_TEXT, 'utf8')),
        opened.verified[0].signature,
      ),
    ).toBe(true);
  });

  it('verifies the known keys and ignores the others', () => {
    const both = note(PETER_TEXT, PETER_SIG_LINE, ENOCH_SIG_LINE);
    const onlyPeter = openSignedNote(both, [peter]);
    expect(onlyPeter.verified.map(s => s.name)).toEqual(['PeterNeumann']);
    expect(onlyPeter.unknown.map(s => [s.name, s.keyId])).toEqual([
      ['EnochRoot', 0xaf0cfe78],
    ]);
    const all = openSignedNote(both, [peter, enoch]);
    expect(all.verified.map(s => s.name)).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
    expect(all.unknown).toEqual([]);
    expect(() => openSignedNote(both, [])).toThrow(/No known key/);
  });
});

describe('signed notes: unknown and failing keys', () => {
  it('ignores lines of the same name with another key id, and of the same key id with another name', () => {
    const opened = openSignedNote(
      note(
        PETER_TEXT,
        unknownLine('PeterNeumann', 0xc74f20a4),
        PETER_SIG_LINE,
        unknownLine('PeterNeuman', 0xc74f20a3),
        unknownLine('witness.example', 0),
      ),
      [peter],
    );
    expect(opened.verified).toHaveLength(1);
    expect(opened.unknown.map(s => s.name)).toEqual([
      'PeterNeumann',
      'PeterNeuman',
      'witness.example',
    ]);
  });

  it('refuses the whole note when a known key’s signature does not verify', () => {
    const [dash, name, sig] = PETER_SIG_LINE.split(' ');
    const longer = `${dash} ${name} ${sig.slice(0, 40)}ABCD${sig.slice(40)}`;
    expect(() => openSignedNote(note(PETER_TEXT, longer), [peter])).toThrow(
      /does not verify/,
    );
    // Even next to a valid signature of another known key.
    expect(() =>
      openSignedNote(note(PETER_TEXT, ENOCH_SIG_LINE, longer), [peter, enoch]),
    ).toThrow(/does not verify/);
    // A verifier of the same name and key id but another public key.
    const impostor: NoteVerifier = {
      ...noteVerifier(
        parseSignerKey(formatSignerKey('x', ED25519_NOTE_TYPE, testSeed(9)))
          .verifierKey,
      ),
      name: 'PeterNeumann',
      keyId: 0xc74f20a3,
    };
    expect(() => openSignedNote(PETER_NOTE, [impostor])).toThrow(
      /does not verify/,
    );
  });

  it('refuses a note no known key signed, and one signed by another key', () => {
    expect(() => openSignedNote(PETER_NOTE, [])).toThrow(NoteError);
    expect(() => openSignedNote(PETER_NOTE, [enoch])).toThrow(/No known key/);
    const other = formatSignerKey(
      'PeterNeumann',
      ED25519_NOTE_TYPE,
      testSeed(5),
    );
    const otherNote = signNote(PETER_TEXT, [noteSigner(other)]);
    expect(() => openSignedNote(otherNote, [peter])).toThrow(/No known key/);
  });

  it('refuses a changed text: the signature of another checkpoint or origin', () => {
    for (const changed of [
      PETER_NOTE.replace('cryptography', 'cryptographY'),
      PETER_NOTE.replace('If you', 'if you'),
      `x${PETER_NOTE}`,
      PETER_NOTE.replace('problem is.\n', 'problem is.\n\n'),
    ]) {
      expect(() => openSignedNote(changed, [peter])).toThrow(NoteError);
    }
  });

  it('signs and opens texts with non-ASCII letters and inner blank lines', () => {
    const signer = noteSigner(
      formatSignerKey('log.example/hardening', ED25519_NOTE_TYPE, testSeed(6)),
    );
    const verifier = noteVerifier(
      parseSignerKey(
        formatSignerKey(
          'log.example/hardening',
          ED25519_NOTE_TYPE,
          testSeed(6),
        ),
      ).verifierKey,
    );
    for (const text of ['café — ✓\n', 'a\n\nb\n', 'one line\n']) {
      const signed = signNote(text, [signer]);
      expect(openSignedNote(signed, [verifier]).text).toBe(text);
    }
    expect(() => signNote('no final newline', [signer])).toThrow(NoteError);
    expect(() => signNote('a\ttab\n', [signer])).toThrow(NoteError);
    expect(() => signNote('a\r\n', [signer])).toThrow(NoteError);
    expect(() => formatSignedNote('no final newline', [])).toThrow(NoteError);
  });
});

describe('signed notes: hostile inputs are refused', () => {
  const [, , peterSig] = PETER_SIG_LINE.split(' ');
  const withSig = (line: string) => note(PETER_TEXT, line);

  it.each([
    ['only the text', PETER_TEXT],
    ['a blank line but no signature line', `${PETER_TEXT}\n`],
    ['no final newline', PETER_NOTE.slice(0, -1)],
    ['no blank line', `${PETER_TEXT}${PETER_SIG_LINE}\n`],
    ['an empty note', ''],
    ['a hyphen instead of the em dash', withSig(`- PeterNeumann ${peterSig}`)],
    [
      'an en dash instead of the em dash',
      withSig(`\u2013 PeterNeumann ${peterSig}`),
    ],
    ['no dash', withSig(`PeterNeumann ${peterSig}`)],
    ['two spaces', withSig(`—  PeterNeumann ${peterSig}`)],
    ['a trailing space', withSig(`${PETER_SIG_LINE} `)],
    ['a key name with a space', withSig(`— Peter Neumann ${peterSig}`)],
    ['a key name with "+"', withSig(`— Peter+Neumann ${peterSig}`)],
    [
      'a key name with a no-break space',
      withSig(`— Peter\u00a0Neumann ${peterSig}`),
    ],
    [
      'URL-safe base64',
      withSig(`— PeterNeumann ${peterSig.replace('/', '_')}`),
    ],
    [
      'base64 without padding',
      withSig(`— PeterNeumann ${peterSig.slice(0, -1)}`),
    ],
    [
      'base64 with non-canonical trailing bits',
      withSig(`— PeterNeumann ${peterSig.replace(/M=$/, 'N=')}`),
    ],
    [
      'a signature of only a key id',
      withSig(
        `— PeterNeumann ${toBase64(new Uint8Array([0xc7, 0x4f, 0x20, 0xa3]))}`,
      ),
    ],
    ['a signature shorter than a key id', withSig('— PeterNeumann AAAA')],
    ['a line that is not a signature', `${PETER_NOTE}Unexpected line.\n`],
    ['a NUL in the text', `\u0000${PETER_NOTE}`],
    ['a control character in the text', `\u0001${PETER_NOTE}`],
    ['a tab in the text', PETER_NOTE.replace('If you', 'If\tyou')],
    ['a carriage return', PETER_NOTE.replace('problem,\n', 'problem,\r\n')],
    ['CRLF signature lines', `${PETER_TEXT}\r\n${PETER_SIG_LINE}\r\n`],
    ['an escape character', PETER_NOTE.replace('If', '\u001b[31mIf')],
    ['a lone surrogate (not UTF-8)', `\ud800${PETER_NOTE}`],
  ])('%s', (_what, hostile) => {
    expect(() => parseSignedNote(hostile)).toThrow(NoteError);
    expect(() => openSignedNote(hostile, [peter, enoch])).toThrow(NoteError);
  });

  it('reads the lines before the last blank line as text, as the spec does', () => {
    const hostile = note(PETER_TEXT, PETER_SIG_LINE, '', ENOCH_SIG_LINE);
    const parsed = parseSignedNote(hostile);
    expect(parsed.text).toBe(`${PETER_TEXT}\n${PETER_SIG_LINE}\n`);
    expect(parsed.signatures.map(s => s.name)).toEqual(['EnochRoot']);
    // Enoch signed the example text, not that one.
    expect(() => openSignedNote(hostile, [peter, enoch])).toThrow(
      /does not verify/,
    );
    expect(() => openSignedNote(hostile, [peter])).toThrow(/No known key/);
  });

  it('accepts 16 and 32 signature lines and refuses 33, 100 and 101', () => {
    expect(MAX_NOTE_SIGNATURES).toBeGreaterThanOrEqual(16);
    const lines = (count: number) => [
      PETER_SIG_LINE,
      ...Array.from({ length: count - 1 }, (_, i) => unknownLine(`w${i}`, i)),
    ];
    for (const count of [1, 16, 32]) {
      const opened = openSignedNote(note(PETER_TEXT, ...lines(count)), [peter]);
      expect(opened.verified).toHaveLength(1);
      expect(opened.unknown).toHaveLength(count - 1);
    }
    for (const count of [MAX_NOTE_SIGNATURES + 1, 100, 101]) {
      const hostile = note(PETER_TEXT, ...lines(count));
      expect(() => parseSignedNote(hostile)).toThrow(/signature lines/);
      expect(() => openSignedNote(hostile, [peter])).toThrow(NoteError);
    }
    // The same valid line repeated is also counted.
    const repeated = note(PETER_TEXT, ...Array(101).fill(PETER_SIG_LINE));
    expect(() => openSignedNote(repeated, [peter])).toThrow(/signature lines/);
  });

  it('refuses notes larger than the limit before reading them', () => {
    const signer = noteSigner(PETER_SKEY);
    const line = 'x'.repeat(99);
    const fits = `${Array(150).fill(line).join('\n')}\n`;
    expect(openSignedNote(signNote(fits, [signer]), [peter]).text).toBe(fits);
    const tooLarge = `${'y'.repeat(MAX_NOTE_BYTES)}\n`;
    expect(() => parseSignedNote(signNote(tooLarge, [signer]))).toThrow(
      /larger than/,
    );
    // Counted in UTF-8 bytes, not in characters.
    const multiByte = `${'é'.repeat(MAX_NOTE_BYTES / 2)}\n`;
    expect(() => parseSignedNote(signNote(multiByte, [signer]))).toThrow(
      /larger than/,
    );
  });

  it('splits a note into its text and signature lines', () => {
    const parsed = parseSignedNote(
      note(PETER_TEXT, PETER_SIG_LINE, ENOCH_SIG_LINE),
    );
    expect(parsed.text).toBe(PETER_TEXT);
    expect(parsed.signatures.map(s => s.line)).toEqual([
      PETER_SIG_LINE,
      ENOCH_SIG_LINE,
    ]);
    const bytes = fromBase64(peterSig)!;
    expect(parsed.signatures[0].keyId).toBe(0xc74f20a3);
    expect(parsed.signatures[0].signature).toEqual(bytes.slice(4));
  });

  it('reads one signature line on its own as it reads it in a note, and refuses what it refuses there', () => {
    expect(parseNoteSignatureLine(PETER_SIG_LINE)).toEqual(
      parseSignedNote(note(PETER_TEXT, PETER_SIG_LINE)).signatures[0],
    );
    for (const bad of [
      PETER_SIG_LINE.replace('\u2014', '-'),
      `${PETER_SIG_LINE}!`,
      '\u2014 name AAAA',
    ]) {
      expect(() => parseNoteSignatureLine(bad)).toThrow(NoteError);
    }
  });
});
