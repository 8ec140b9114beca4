/** `2026-10-01`: a calendar day, not a moment (a runbook's review date). */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const DAY_MS = 24 * 3600_000;

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/**
 * `3 hours ago`, `in 2 days`, `just now`: how long ago a time was, in the largest unit
 * that fits, the way Backstage's catalog shows times. A calendar day (`2026-10-01`) is
 * counted in whole days from today (`today`, `yesterday`, `last month`). `now` is a
 * parameter so that tests run on a frozen clock. An invalid time is returned as it was
 * given.
 */
export function formatRelativeTime(
  iso: string,
  now: number = Date.now(),
  locale?: string,
): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const rtf = new Intl.RelativeTimeFormat(locale ?? 'en', { numeric: 'auto' });
  if (DATE_ONLY.test(iso)) {
    const days = Math.round((time - Date.parse(dayOf(now))) / DAY_MS);
    return Math.abs(days) < 7
      ? rtf.format(days, 'day')
      : formatRelativeTime(`${iso}T00:00:00.000Z`, Date.parse(dayOf(now)));
  }
  const diff = time - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return 'just now';
}

/** The UTC day of a moment, as `YYYY-MM-DD`. */
function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The exact time in the viewer's own zone, with the zone named:
 * `Nov 20, 2026, 10:00 AM UTC`; a calendar day as the day itself (`Oct 1, 2026`), in no
 * zone. `timeZone` is for tests; the browser's zone otherwise.
 */
export function formatExactTime(
  iso: string,
  options: { locale?: string; timeZone?: string } = {},
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (DATE_ONLY.test(iso)) {
    return new Intl.DateTimeFormat(options.locale ?? 'en', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    }).format(date);
  }
  return new Intl.DateTimeFormat(options.locale ?? 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: options.timeZone,
  })
    .format(date)
    .concat(` ${zoneName(date, options)}`);
}

function zoneName(
  date: Date,
  options: { locale?: string; timeZone?: string },
): string {
  const part = new Intl.DateTimeFormat(options.locale ?? 'en', {
    timeZoneName: 'short',
    timeZone: options.timeZone,
  })
    .formatToParts(date)
    .find(p => p.type === 'timeZoneName');
  return part?.value ?? '';
}
