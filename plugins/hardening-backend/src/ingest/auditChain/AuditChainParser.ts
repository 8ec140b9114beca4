import { InputError } from '@backstage/errors';
import {
  AuditChainEntry,
  auditChainEntrySchema,
} from '@hardening/backstage-plugin-hardening-common';
import { Utf8ChunkDecoder } from '../junit/utf8Chunks';

/** Limits that keep a hostile upload from exhausting the backend. */
export type AuditChainParseOptions = {
  /** Most entries (lines) accepted. Default 1 000 000. */
  maxLines?: number;
  /** Longest line accepted, in UTF-8 bytes without the line break. Default 64 KiB. */
  maxLineBytes?: number;
};

export const DEFAULT_MAX_CHAIN_LINES = 1_000_000;
export const DEFAULT_MAX_CHAIN_LINE_BYTES = 64 * 1024;

class JsonlChainReader {
  readonly entries: AuditChainEntry[] = [];
  private partial = '';
  private line = 0;
  private firstBlankLine?: number;

  constructor(
    private readonly maxLines: number,
    private readonly maxLineBytes: number,
  ) {}

  write(text: string) {
    let from = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const piece = text.slice(from, newline);
      this.completeLine(this.partial ? this.partial + piece : piece);
      this.partial = '';
      from = newline + 1;
      newline = text.indexOf('\n', from);
    }
    this.partial += text.slice(from);
    // A string is never longer in UTF-16 units than in UTF-8 bytes.
    if (this.partial.length > this.maxLineBytes) {
      throw this.tooLong(this.line + 1);
    }
  }

  close(): AuditChainEntry[] {
    if (this.partial) {
      this.completeLine(this.partial);
      this.partial = '';
    }
    if (this.entries.length === 0) {
      throw new InputError(
        'The audit chain is empty: send one JSON entry per line',
      );
    }
    return this.entries;
  }

  private completeLine(raw: string) {
    const lineNumber = ++this.line;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNumber === 1 && text.startsWith('\uFEFF')) {
      text = text.slice(1);
    }
    if (text.trim() === '') {
      this.firstBlankLine ??= lineNumber;
      return;
    }
    if (this.firstBlankLine !== undefined) {
      throw new InputError(
        `Line ${this.firstBlankLine} of the audit chain is blank: entries must be on consecutive lines`,
      );
    }
    if (Buffer.byteLength(text, 'utf8') > this.maxLineBytes) {
      throw this.tooLong(lineNumber);
    }
    if (this.entries.length >= this.maxLines) {
      throw new InputError(
        `The audit chain has more than ${this.maxLines} entries`,
      );
    }
    this.entries.push(parseEntry(text, lineNumber));
  }

  private tooLong(lineNumber: number) {
    return new InputError(
      `Line ${lineNumber} of the audit chain is longer than ${this.maxLineBytes} bytes`,
    );
  }
}

/**
 * Reads a release audit chain in JSON Lines as it streams in: one JSON object per line,
 * each validated against `auditChainEntrySchema`. Lines end in LF or CRLF; blank lines
 * are allowed only at the end, so that entry `n` is always line `n`. Every error is an
 * `InputError` that names the line.
 *
 * The entries are returned exactly as parsed (extra fields included, nothing coerced),
 * because their hash covers every field.
 */
export async function parseAuditChainJsonl(
  source: AsyncIterable<Buffer | string>,
  options: AuditChainParseOptions = {},
): Promise<AuditChainEntry[]> {
  const reader = new JsonlChainReader(
    options.maxLines ?? DEFAULT_MAX_CHAIN_LINES,
    options.maxLineBytes ?? DEFAULT_MAX_CHAIN_LINE_BYTES,
  );
  const decoder = new Utf8ChunkDecoder('audit chain');
  for await (const chunk of source) {
    reader.write(
      typeof chunk === 'string'
        ? decoder.acceptString(chunk)
        : decoder.decode(chunk),
    );
  }
  reader.write(decoder.end());
  return reader.close();
}

function parseEntry(text: string, lineNumber: number): AuditChainEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `Line ${lineNumber} of the audit chain is not valid JSON: ${
        (error as Error).message
      }`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(
      `Line ${lineNumber} of the audit chain is not a JSON object`,
    );
  }
  const checked = auditChainEntrySchema.safeParse(json);
  if (!checked.success) {
    throw new InputError(
      `Line ${lineNumber} of the audit chain is not a valid entry: ${checked.error.issues
        .map(i => `${i.path.join('.') || '(entry)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  // The parsed object, not zod's copy: the hash is over exactly what was sent.
  return json as AuditChainEntry;
}
