import { hash } from 'node:crypto';

/** Lines of the message kept (those before the first frame, non-empty). */
const MESSAGE_LINES = 5;
/** Stack frames kept, from the top. */
const TOP_FRAMES = 3;
/** Characters of the normalised message kept. */
const MAX_MESSAGE_CHARS = 1000;
/**
 * Characters of each line looked at. Some masks (temp paths) cost time quadratic in a
 * line's length on hostile text (64,000 characters of `/a/a…`: 9.3 s); the start of a line
 * tells its cause, and the bound keeps the worst line under a millisecond.
 */
const MAX_LINE_CHARS = 500;

/** The lines of some text, each cut to {@link MAX_LINE_CHARS}. */
const boundedLines = (text: string) =>
  text.split(/\r?\n/).map(line => line.slice(0, MAX_LINE_CHARS));

/**
 * A line that looks like a stack frame: JavaScript, Java, Kotlin and C# (`at …`),
 * Python (`File "…", line N`), Ruby (`from x.rb:12:in …`, `x.rb:12:in …`), Go
 * (`/src/x.go:12 +0x1d`) and Rust/other `file.ext:line:col` locations on their own.
 */
const FRAME_PATTERNS = [
  /^at\s+\S/,
  /^File "[^"]+", line \d+/,
  /^(?:from\s+)?\S+:\d+:in\s/,
  /^\S+\.go:\d+(?:\s+\+0x[0-9a-f]+)?$/i,
  /^\S+\.[A-Za-z]{1,5}:\d+(?::\d+)?$/,
];

export function isFrameLine(line: string): boolean {
  const trimmed = line.trim();
  return FRAME_PATTERNS.some(p => p.test(trimmed));
}

/**
 * What varies between occurrences of one cause, replaced by placeholders; order matters
 * (a timestamp before its numbers, a UUID before its hex runs).
 */
const MASKS: Array<[RegExp, string]> = [
  // ISO 8601 timestamps and dates: 2026-12-08T10:11:12.345Z, 2026-12-08 10:11:12+01:00
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g,
    '<ts>',
  ],
  // UUIDs
  [
    /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    '<uuid>',
  ],
  // Temporary paths: /tmp/…, /private/var/folders/…/T/…, CI temp dirs (…/_temp/…, …/tmp/…
  // after a root), Windows …\Temp\… and %TEMP%-like paths.
  [
    /(?:\/private)?\/var\/folders\/[^\s'"`()]*?\/T\/[^\s'"`():,]*|(?:\/[^\s'"`():,/]+)*\/(?:tmp|_temp|temp)\/[^\s'"`():,]*/gi,
    '<tmp>',
  ],
  [/\b[A-Za-z]:\\(?:[^\s'"`\\():,]+\\)*?Temp\\[^\s'"`():,]*/gi, '<tmp>'],
  // Ports: of localhost, an IPv4 or [IPv6] address, or the host of a URL
  [
    /((?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\]|:\/\/[\w.-]+)):\d{1,5}\b/gi,
    '$1:<port>',
  ],
  // IPv4 addresses
  [/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>'],
  // Hex ids: 0x… and runs of 7+ hex digits with a digit in them (commits, object ids)
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>'],
  // Numbers not inside a word (sha256, utf8, e2e stay; 42, 12ms, 1.5s, id_7 are masked)
  [/(?<![A-Za-z\d.])\d+(?:\.\d+)*/g, '<n>'],
];

export function maskVariableParts(text: string): string {
  let masked = text;
  for (const [pattern, replacement] of MASKS) {
    masked = masked.replace(pattern, replacement);
  }
  return masked.replace(/\s+/g, ' ').trim();
}

/**
 * A frame's location without the checkout it was run in: the path from the last
 * `node_modules/`, `site-packages/` or `dist-packages/` on, else its last two segments.
 */
function shortenPaths(frame: string): string {
  return frame.replace(
    /(?:[A-Za-z]:)?[\\/]?(?:[^\s'"()\\/]+[\\/])+[^\s'"()\\/]+/g,
    path => {
      const parts = path.split(/[\\/]/).filter(p => p !== '');
      const vendored = Math.max(
        parts.lastIndexOf('node_modules'),
        parts.lastIndexOf('site-packages'),
        parts.lastIndexOf('dist-packages'),
      );
      return (vendored >= 0 ? parts.slice(vendored) : parts.slice(-2)).join(
        '/',
      );
    },
  );
}

export type FailureText = {
  message?: string | null;
  stack?: string | null;
};

/**
 * The normalised text failures are clustered by: the message (its lines before the first
 * stack frame, at most {@link MESSAGE_LINES}, whitespace collapsed) and the top
 * {@link TOP_FRAMES} frames of the stack (or of the message, when a report puts the stack
 * there), with timestamps, UUIDs, temp paths, ports, IPs, hex ids and numbers masked and
 * frame paths shortened so that checkouts in different directories agree.
 */
export function normaliseFailure({ message, stack }: FailureText): string {
  const messageLines = boundedLines(message ?? '');
  const firstFrame = messageLines.findIndex(isFrameLine);
  const head = (
    firstFrame < 0 ? messageLines : messageLines.slice(0, firstFrame)
  )
    .map(l => l.trim())
    .filter(l => l !== '')
    .slice(0, MESSAGE_LINES);
  const frameSource =
    stack && stack.trim() !== '' ? boundedLines(stack) : messageLines;
  const frames = frameSource
    .filter(isFrameLine)
    .slice(0, TOP_FRAMES)
    .map(f => shortenPaths(maskVariableParts(f)));
  const text = head
    .map(maskVariableParts)
    .join('\n')
    .slice(0, MAX_MESSAGE_CHARS);
  return [text, ...frames].join('\n');
}

/** The cluster key stored with a failure: SHA-256 (hex) of its normalised text. */
export function failureClusterKey(failure: FailureText): string {
  return hash('sha256', normaliseFailure(failure), 'hex');
}

/**
 * The cluster key of a triage failure: its message (else its symptom, else its title)
 * and its stack.
 */
export function triageClusterKey(failure: {
  title?: string;
  symptom?: string;
  message?: string;
  stack?: string;
}): string {
  return failureClusterKey({
    message: failure.message ?? failure.symptom ?? failure.title,
    stack: failure.stack,
  });
}
