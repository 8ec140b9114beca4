import {
  concatBytes,
  fromBase64,
  readUint32,
  toBase64,
  uint32Bytes,
  utf8,
} from './bytes';

/**
 * Signed notes as C2SP `signed-note` defines them: a text ending in a newline, a blank
 * line, then one or more lines `— <key name> <base64(4-byte key id || signature)>`.
 */

/** Why a note could not be read or opened. */
export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

/** Notes larger than this are refused before they are parsed. */
export const MAX_NOTE_BYTES = 16 * 1024;
/** The spec asks verifiers to accept at least 16 signatures; more than this is refused. */
export const MAX_NOTE_SIGNATURES = 32;

const EM_DASH = '\u2014';
const SIGNATURE_LINE = new RegExp(`^${EM_DASH} (\\S+) (\\S+)$`);
/** ASCII control characters other than newline. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
/** Unicode spaces a key name may not contain (besides "+"). */
const SPACE = /[\s\u0085\u180e\u200b]/u;

/** One signature line of a note. */
export type NoteSignature = {
  /** The key name of the line. */
  name: string;
  /** The big-endian uint32 of the first four signature bytes. */
  keyId: number;
  /** The signature bytes after the key id. */
  signature: Uint8Array;
  /** The whole line, without its newline. */
  line: string;
};

/** A parsed (not yet verified) note. */
export type ParsedNote = {
  /** The note text, with its final newline. */
  text: string;
  signatures: NoteSignature[];
};

/** A key notes are verified with: its name and id pick the lines it checks. */
export type NoteVerifier = {
  name: string;
  keyId: number;
  /** Whether `signature` (the bytes after the key id) signs the note text. */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
};

/** A key that signs note texts. */
export type NoteSigner = {
  name: string;
  keyId: number;
  /** The signature bytes (without the key id) over the note text. */
  sign(text: Uint8Array): Uint8Array;
};

/** Whether a key name is one C2SP allows: non-empty, no Unicode space, no "+". */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !SPACE.test(name) && !name.includes('+');
}

/**
 * Splits a signed note into its text and signature lines, checking the format but no
 * signature. Throws {@link NoteError} on any deviation: too large, control characters,
 * no blank line before the signatures, a line that is not a signature line, bad base64,
 * a signature shorter than its key id, no signature or more than
 * {@link MAX_NOTE_SIGNATURES}.
 */
export function parseSignedNote(note: string): ParsedNote {
  if (utf8(note).length > MAX_NOTE_BYTES) {
    throw new NoteError(`The note is larger than ${MAX_NOTE_BYTES} bytes`);
  }
  if (CONTROL.test(note)) {
    throw new NoteError(
      'The note contains a control character other than newline',
    );
  }
  if (
    /[\ud800-\udfff]/.test(note.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
  ) {
    throw new NoteError('The note is not valid UTF-8');
  }
  if (!note.endsWith('\n')) {
    throw new NoteError('The note does not end with a newline');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    throw new NoteError(
      'The note has no blank line between its text and its signatures',
    );
  }
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2, -1);
  if (block.length === 0) {
    throw new NoteError('The note has no signature line');
  }
  const lines = block.split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new NoteError(
      `The note has ${lines.length} signature lines; at most ${MAX_NOTE_SIGNATURES} are read`,
    );
  }
  const signatures = lines.map((line, i) => parseSignatureLine(line, i + 1));
  return { text, signatures };
}

/**
 * Reads one signature line on its own (e.g. a cosignature line listed apart from its
 * note), with the checks {@link parseSignedNote} applies to each; {@link NoteError}
 * otherwise.
 */
export function parseNoteSignatureLine(line: string): NoteSignature {
  return parseSignatureLine(line, 1);
}

function parseSignatureLine(line: string, n: number): NoteSignature {
  const match = SIGNATURE_LINE.exec(line);
  if (!match) {
    throw new NoteError(
      `Signature line ${n} is not "${EM_DASH} <key name> <base64 signature>"`,
    );
  }
  const [, name, encoded] = match;
  if (!isValidKeyName(name)) {
    throw new NoteError(`Signature line ${n} has an invalid key name`);
  }
  const bytes = fromBase64(encoded);
  if (!bytes) {
    throw new NoteError(`Signature line ${n} is not standard padded base64`);
  }
  if (bytes.length < 5) {
    throw new NoteError(
      `Signature line ${n} is too short to hold a key id and a signature`,
    );
  }
  return {
    name,
    keyId: readUint32(bytes),
    signature: bytes.slice(4),
    line,
  };
}

/** A note whose signatures were checked. */
export type OpenedNote = {
  text: string;
  /** Lines of known keys whose signatures verified, in note order. */
  verified: Array<NoteSignature & { verifier: NoteVerifier }>;
  /** Lines of unknown keys, ignored as C2SP requires. */
  unknown: NoteSignature[];
};

/**
 * Parses a note and checks its signatures with the known keys: a line whose name and
 * key id both match a known key must verify (else the whole note is refused), lines of
 * unknown keys are ignored, and at least one known key must have signed. Throws
 * {@link NoteError} otherwise.
 */
export function openSignedNote(
  note: string,
  verifiers: readonly NoteVerifier[],
): OpenedNote {
  const parsed = parseSignedNote(note);
  const textBytes = utf8(parsed.text);
  const verified: OpenedNote['verified'] = [];
  const unknown: NoteSignature[] = [];
  for (const signature of parsed.signatures) {
    const verifier = verifiers.find(
      v => v.name === signature.name && v.keyId === signature.keyId,
    );
    if (!verifier) {
      unknown.push(signature);
      continue;
    }
    if (!verifier.verify(textBytes, signature.signature)) {
      throw new NoteError(
        `The signature of ${signature.name} does not verify: the note was changed or signed by another key`,
      );
    }
    verified.push({ ...signature, verifier });
  }
  if (verified.length === 0) {
    throw new NoteError(
      `No known key signed the note (known: ${
        verifiers.map(v => v.name).join(', ') || 'none'
      })`,
    );
  }
  return { text: parsed.text, verified, unknown };
}

/** The signature line a signer adds to a note text. */
export function signatureLine(
  name: string,
  keyId: number,
  signature: Uint8Array,
): string {
  return `${EM_DASH} ${name} ${toBase64(
    concatBytes(uint32Bytes(keyId), signature),
  )}`;
}

/** Signs a note text with each signer: the signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]) {
  const bytes = utf8(text);
  return formatSignedNote(
    text,
    signers.map(s => signatureLine(s.name, s.keyId, s.sign(bytes))),
  );
}

/** A note text, a blank line and signature lines: the signed note. */
export function formatSignedNote(text: string, lines: readonly string[]) {
  if (!text.endsWith('\n')) {
    throw new NoteError('A note text must end with a newline');
  }
  if (CONTROL.test(text)) {
    throw new NoteError(
      'A note text must not contain control characters other than newline',
    );
  }
  return `${text}\n${lines.map(line => `${line}\n`).join('')}`;
}
