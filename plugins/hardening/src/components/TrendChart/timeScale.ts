const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Tick steps, shortest first: below a day they fall on round hours, from a day on midnights. */
const STEPS = [
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
  91 * DAY,
  182 * DAY,
  364 * DAY,
];

/** Where the time axis starts and ends, in epoch milliseconds. */
export type TimeDomain = [number, number];

/** How far a zone is ahead of UTC at `time`, in milliseconds (the browser's zone without one). */
export function zoneOffset(time: number, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(time));
  const part = (type: string) =>
    Number(parts.find(p => p.type === type)?.value ?? 0);
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
  );
  return local - Math.floor(time / MINUTE) * MINUTE;
}

/** The first tick at or after `time` for `step`, in the zone's local time. */
function alignUp(time: number, step: number, timeZone?: string): number {
  const offset = zoneOffset(time, timeZone);
  const unit = step < DAY ? step : DAY;
  const local = Math.ceil((time + offset) / unit) * unit;
  return local - zoneOffset(local - offset, timeZone);
}

/**
 * Ticks for a time axis over `domain`: at most `maxTicks`, a round step apart (round
 * hours, local midnights, weeks), so that dates are easy to read. The step is returned
 * too, for the tick format.
 */
export function timeTicks(
  domain: TimeDomain,
  options: { maxTicks?: number; timeZone?: string } = {},
): { ticks: number[]; step: number } {
  const [start, end] = domain;
  const maxTicks = options.maxTicks ?? 6;
  const span = Math.max(end - start, 1);
  const step =
    STEPS.find(s => Math.floor(span / s) + 1 <= maxTicks) ??
    STEPS[STEPS.length - 1];
  const ticks: number[] = [];
  for (
    let tick = alignUp(start, step, options.timeZone);
    tick <= end && ticks.length < maxTicks;
    tick =
      step < DAY
        ? tick + step
        : // days differ in length across daylight-saving changes: realign on midnight
          alignUp(tick + step - 2 * HOUR, step, options.timeZone)
  ) {
    ticks.push(tick);
  }
  return { ticks, step };
}

/** `Nov 20`, `Nov 20, 10:00` below a day's step, with the year when the axis spans two. */
export function formatTick(
  time: number,
  options: { step: number; domain: TimeDomain; timeZone?: string },
): string {
  const { step, domain, timeZone } = options;
  const year = (t: number) =>
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(t);
  const withYear = year(domain[0]) !== year(domain[1]);
  return new Intl.DateTimeFormat('en', {
    month: 'short',
    day: 'numeric',
    year: withYear ? 'numeric' : undefined,
    hour: step < DAY ? '2-digit' : undefined,
    minute: step < DAY ? '2-digit' : undefined,
    hourCycle: 'h23',
    timeZone,
  }).format(time);
}
