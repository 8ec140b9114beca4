import type { SaxesTagPlain } from 'saxes';
import { roundMs } from '../foldAttempts';

/** Plain decimal seconds, as every JUnit writer uses: `1`, `0.25`, `1.5e-3`. */
const SECONDS = /^\s*(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The `time` attribute (seconds) in milliseconds, or undefined when it is absent
 * or not a plain non-negative number (`1,234.5`, `NaN`, `-1`, `2s`).
 */
export function parseJunitTime(value: string | undefined): number | undefined {
  if (value === undefined || !SECONDS.test(value)) {
    return undefined;
  }
  const seconds = Number(value);
  if (!Number.isFinite(seconds)) {
    return undefined;
  }
  return roundMs(seconds * 1000);
}

/** Names tools give the root element or the first suite by default. */
const TOOL_BY_SUITE_NAME: ReadonlyArray<[RegExp, string]> = [
  [/^jest tests$/i, 'jest'],
  [/^vitest tests$/i, 'vitest'],
  [/^mocha tests$/i, 'mocha'],
  [/^pytest(?: tests)?$/i, 'pytest'],
];

/** Best-effort tool name from a `<testsuites>`/`<testsuite>` name. */
export function toolFromSuiteName(
  name: string | undefined,
): string | undefined {
  if (!name) {
    return undefined;
  }
  for (const [pattern, tool] of TOOL_BY_SUITE_NAME) {
    if (pattern.test(name.trim())) {
      return tool;
    }
  }
  return undefined;
}

/** Surefire names its schema on the root `<testsuite>`. */
export function toolFromSchemaLocation(
  location: string | undefined,
): string | undefined {
  return location && /surefire/i.test(location) ? 'maven-surefire' : undefined;
}

/**
 * gotestsum writes a `go.version` property on every suite; Surefire writes the system
 * properties of the test JVM, its own `surefire.*` ones among them.
 */
export function toolFromProperty(name: string | undefined): string | undefined {
  if (name === 'go.version') return 'gotestsum';
  return name?.startsWith('surefire.') ? 'maven-surefire' : undefined;
}

/**
 * Tools that never write a retry as a `<testcase>` of its own: Surefire writes reruns
 * as `<flakyFailure>` / `<rerunFailure>` children of the one `<testcase>`, and
 * jest-junit and vitest write one `<testcase>` per test with its final outcome. In
 * their reports a repeated name is always another test.
 */
const TOOLS_WITHOUT_RETRY_TESTCASES: ReadonlySet<string> = new Set([
  'maven-surefire',
  'jest',
  'vitest',
]);

/** Whether a repeated `<testcase>` of a report by `tool` may be a retry. */
export function writesRetriesAsTestcases(tool: string | undefined): boolean {
  return tool === undefined || !TOOLS_WITHOUT_RETRY_TESTCASES.has(tool);
}

/** A string attribute of a tag; saxes keeps them in a prototype-less object. */
export function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const value: unknown = tag.attributes[name];
  return typeof value === 'string' ? value : undefined;
}

/** `undefined` for an absent or empty value. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
