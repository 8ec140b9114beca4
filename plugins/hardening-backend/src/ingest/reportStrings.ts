import { createHash } from 'node:crypto';

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
 * `<scope>::<name>`. An identity longer than the schema allows keeps its start
 * and ends with a digest of the whole, so two long identities that share a
 * prefix stay distinct and the same test gets the same id in every report.
 */
export function makeTestId(scope: string, name: string): string {
  const id = `${scope}::${name}`;
  if (id.length <= MAX_TEST_ID_LENGTH) {
    return id;
  }
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 16);
  return `${clampString(id, MAX_TEST_ID_LENGTH - digest.length - 1)}#${digest}`;
}

/**
 * The id of the `ordinal`-th distinct test (2, 3, …) that shares the id `testId` in one
 * report: `<testId>#<ordinal>`, the id cut first when the whole would be longer than the
 * schema allows. The first such test keeps `testId` itself.
 */
export function ordinalTestId(testId: string, ordinal: number): string {
  const suffix = `#${ordinal}`;
  return `${clampString(testId, MAX_TEST_ID_LENGTH - suffix.length)}${suffix}`;
}
