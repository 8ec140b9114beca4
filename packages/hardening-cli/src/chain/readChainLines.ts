import {
  AuditChainEntry,
  auditChainEntrySchema,
  formatIssuePath,
} from '@hardening/backstage-plugin-hardening-common';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One line of a JSONL chain file: an entry, or why the line is not one. */
export type ChainLine =
  | { line: number; entry: AuditChainEntry }
  | { line: number; problem: string };

/**
 * The entries of a JSONL chain file, one per line (LF or CRLF), read as a stream. Blank
 * lines are allowed only at the end, as the backend allows them; a line that is not JSON
 * or not an entry is yielded as a problem naming what is wrong.
 */
export async function* readChainLines(path: string): AsyncGenerator<ChainLine> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let number = 0;
  let firstBlank: number | undefined;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') {
      firstBlank ??= number;
      continue;
    }
    if (firstBlank !== undefined) {
      yield {
        line: firstBlank,
        problem:
          'blank line inside the chain (blank lines may only end the file)',
      };
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line: number, problem: `not JSON: ${(error as Error).message}` };
      return;
    }
    const parsed = auditChainEntrySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      yield {
        line: number,
        problem: `not an audit chain entry: ${formatIssuePath(issue.path)}: ${
          issue.message
        }`,
      };
      return;
    }
    yield { line: number, entry: parsed.data };
  }
}
