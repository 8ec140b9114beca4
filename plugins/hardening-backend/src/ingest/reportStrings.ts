import { createHash, type Hash } from 'node:crypto';

/** Length limits of `testCaseResultSchema`, applied while parsing. */
export const MAX_TEST_ID_LENGTH = 1024;
export const MAX_NAME_LENGTH = 1024;
export const MAX_FILE_LENGTH = 2048;
export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_SUITE_PATH_ENTRIES = 64;
export const MAX_TOOL_LENGTH = 256;

/** The name given to a test case that has none (the schema wants a non-empty name). */
export const UNNAMED_TEST = '(unnamed)';

/**
 * Cuts `value` to at most `max` UTF-16 code units without leaving half a
 * surrogate pair at the end.
 */
export function clampString(value: string, max: number): string {
  if (value.length <= max) {
    return value;
  }
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  return value.slice(0, end);
}

/** Clamps each entry and the number of entries of a suite path. */
export function clampSuitePath(path: readonly string[]): string[] {
  return path
    .slice(0, MAX_SUITE_PATH_ENTRIES)
    .map(entry => clampString(entry, MAX_NAME_LENGTH));
}

/**
 * `#` and the first 16 hex digits of the SHA-256 of what `hash` was given: how an id
 * too long to keep whole ends.
 */
export function digestSuffix(hash: Hash): string {
  return `#${hash.digest('hex').slice(0, 16)}`;
}

/** The start of `text`, cut so that it and `ending` fit in a test id, then `ending`. */
export function clampedTestId(text: string, ending: string): string {
  return `${clampString(text, MAX_TEST_ID_LENGTH - ending.length)}${ending}`;
}

/**
 * `<scope>::<name>`. An identity longer than the schema allows keeps its start
 * and ends with a digest of the whole, so two long identities that share a
 * prefix stay distinct and the same test gets the same id in every report.
 * (`TestIdScope` makes the same ids for scopes built one suite at a time.)
 */
export function makeTestId(scope: string, name: string): string {
  const id = `${scope}::${name}`;
  if (id.length <= MAX_TEST_ID_LENGTH) {
    return id;
  }
  return clampedTestId(id, digestSuffix(createHash('sha256').update(id)));
}

/**
 * The id of the `ordinal`-th distinct test (2, 3, …) that shares the id `testId` in one
 * report: `<testId>#<ordinal>`. When that would be longer than the schema allows, the
 * start of `testId`, a digest of the whole `testId`, then the ordinal:
 * `<start>#<digest>#<ordinal>`. Either way the ids of two different `testId`s never
 * coincide (but for a digest collision), which keeps numbering repeats linear. The
 * first such test keeps `testId` itself.
 */
export function ordinalTestId(testId: string, ordinal: number): string {
  const suffix = `#${ordinal}`;
  if (testId.length + suffix.length <= MAX_TEST_ID_LENGTH) {
    return `${testId}${suffix}`;
  }
  const digest = digestSuffix(createHash('sha256').update(testId));
  return clampedTestId(testId, `${digest}${suffix}`);
}
