const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];

const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';

/** `2026-11-20`, `2026/11/20`, `20 November 2026`, `Nov 20, 2026`. */
const DATE_FORMS: ReadonlyArray<{
  pattern: RegExp;
  parts: (m: RegExpExecArray) => [string, string, string];
}> = [
  {
    pattern: /(\d{4})[-/](\d{1,2})[-/](\d{1,2})/,
    parts: m => [m[1], m[2], m[3]],
  },
  {
    pattern: new RegExp(
      `(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})`,
      'i',
    ),
    parts: m => [m[3], String(MONTHS.indexOf(m[2].toLowerCase()) + 1), m[1]],
  },
  {
    pattern: new RegExp(
      `${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`,
      'i',
    ),
    parts: m => [m[3], String(MONTHS.indexOf(m[1].toLowerCase()) + 1), m[2]],
  },
];

/**
 * The first date in a text as `YYYY-MM-DD`, or undefined. Dates that do not exist
 * (`2026-02-30`) are ignored.
 */
export function findDate(text: string): string | undefined {
  let best: { index: number; date: string } | undefined;
  for (const form of DATE_FORMS) {
    const m = form.pattern.exec(text);
    if (!m || (best && best.index <= m.index)) continue;
    const [y, mo, d] = form.parts(m).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (
      date.getUTCFullYear() !== y ||
      date.getUTCMonth() !== mo - 1 ||
      date.getUTCDate() !== d
    ) {
      continue;
    }
    best = { index: m.index, date: date.toISOString().slice(0, 10) };
  }
  return best?.date;
}

/** "Last updated: …", "Last reviewed …", "Updated on …" lines. */
const LAST_UPDATED =
  /\b(?:last[\s_-]*(?:updated|reviewed|review|modified|revised|edited)|updated[\s_-]*on)\b[\s*_]*(?:on\b|[:：=–—-])?(.*)$/i;

/** "Next review: …", "Review by …", "Review due …" lines. */
const NEXT_REVIEW =
  /\b(?:next[\s_-]*review(?:[\s_-]*(?:date|due|on|by))?|review[\s_-]*(?:by|due|before))\b[\s*_]*(?:on\b|[:：=–—-])?(.*)$/i;

/** Finds the last-updated and next-review dates in one line of plain text. */
export function reviewDatesIn(line: string): {
  lastUpdated?: string;
  nextReview?: string;
} {
  const result: { lastUpdated?: string; nextReview?: string } = {};
  const next = NEXT_REVIEW.exec(line);
  if (next) {
    result.nextReview = findDate(next[1]);
  }
  const last = LAST_UPDATED.exec(line);
  if (last) {
    // "Last updated 2026-01-02, next review 2026-04-02": the date before "next review".
    const upTo = next && next.index > last.index ? next.index : line.length;
    result.lastUpdated = findDate(line.slice(last.index, upTo));
  }
  return result;
}

const DAY_MS = 86_400_000;

/**
 * Whether a runbook is stale on `today` (a date-time; compared by UTC day): its next
 * review is before today, or it names no next review and was last updated more than
 * `staleAfterDays` ago.
 */
export function runbookStaleness(
  dates: { lastUpdated?: string; nextReview?: string },
  today: Date,
  staleAfterDays: number,
): { stale: boolean; staleReason?: string } {
  const day = today.toISOString().slice(0, 10);
  if (dates.nextReview) {
    return dates.nextReview < day
      ? {
          stale: true,
          staleReason: `Its next review was due on ${dates.nextReview}`,
        }
      : { stale: false };
  }
  if (dates.lastUpdated) {
    const age = Math.floor(
      (Date.parse(day) - Date.parse(dates.lastUpdated)) / DAY_MS,
    );
    if (age > staleAfterDays) {
      return {
        stale: true,
        staleReason: `It was last updated on ${dates.lastUpdated}, ${age} days ago, and names no next review (stale after ${staleAfterDays} days)`,
      };
    }
  }
  return { stale: false };
}
