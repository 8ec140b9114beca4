import { clampString } from './ingest/reportStrings';

/** Default length of a value quoted in a log line. */
export const MAX_LOGGED_VALUE_LENGTH = 200;

/**
 * A value someone else wrote (a catalog annotation, an uploaded name) as a log line may
 * show it: cut to `max` characters (`…` after the quotes says it was cut) and quoted with
 * `JSON.stringify`, so newlines and control characters cannot start a forged log line.
 */
export function quoteForLog(
  value: string,
  max = MAX_LOGGED_VALUE_LENGTH,
): string {
  const quoted = JSON.stringify(clampString(value, max));
  return value.length > max ? `${quoted}…` : quoted;
}
