import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Where a log file ends now: a later {@link linesSince} reads what comes after. */
export function logEnd(file: string): number {
  return statSync(file).size;
}

/** The colour codes the backends write into their log files too. */
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/** The lines of the log file after byte `from`, without colour codes. */
export function linesSince(file: string, from: number): string[] {
  const size = statSync(file).size;
  const buffer = Buffer.alloc(Math.max(0, size - from));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').replace(ANSI_COLOUR, '').split('\n');
}

/** How many of `lines` contain every one of `texts`. */
export function countLines(
  lines: readonly string[],
  ...texts: string[]
): number {
  return lines.filter(line => texts.every(t => line.includes(t))).length;
}

/** How many audit events `eventId` succeeded in `lines` (the auditor logs each once so). */
export function succeededAuditEvents(
  lines: readonly string[],
  eventId: string,
): number {
  return countLines(lines, `eventId="${eventId}"`, 'status="succeeded"');
}
