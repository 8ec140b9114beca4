import { InputError } from '@backstage/errors';
import type {
  ParsedTestReport,
  TestCaseStatus,
} from '@hardening/backstage-plugin-hardening-common';
import type { z } from 'zod';
import type { HardeningTestResultSink } from '@hardening/backstage-plugin-hardening-node';
import { type FoldedTestReport, roundMs } from '../foldAttempts';
import {
  DEFAULT_MAX_TESTS,
  TestResultCollector,
} from '../formats/TestResultCollector';
import { DEFAULT_MAX_TEST_TEXT_BYTES } from '../testTextBudget';
import {
  clampString,
  clampSuitePath,
  makeTestId,
  MAX_FILE_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TOOL_LENGTH,
} from '../reportStrings';
import { type CtrfTest, ctrfReportSchema } from './ctrfSchema';

export type CtrfParseOptions = {
  /** Most entries accepted in `results.tests`. Default 500 000. */
  maxTestcases?: number;
  /**
   * Most bytes of text the report's tests may store (`TestTextBudget`). Default
   * 128 MiB (`hardening.ingest.maxTestTextBytes`).
   */
  maxTestTextBytes?: number;
};

const STATUS: Record<CtrfTest['status'], TestCaseStatus> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  pending: 'skipped',
  other: 'error',
};

const MAX_LISTED_ISSUES = 10;

function describeIssues(issues: z.ZodError['issues']): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map(issue => {
    const path = issue.path.map(String).join('.') || '(root)';
    return `${path}: ${issue.message}`;
  });
  const more = issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function toAttempt(test: CtrfTest) {
  const status = STATUS[test.status];
  const retries = test.retries ?? 0;
  // Flaky means failed, then passed: only a test whose final status is passed.
  const flaky = status === 'passed' && (test.flaky === true || retries > 0);
  const suitePath =
    test.suite === undefined
      ? []
      : clampSuitePath(
          typeof test.suite === 'string' ? [test.suite] : test.suite,
        );
  const scope =
    typeof test.suite === 'string'
      ? test.suite
      : test.suite?.join(' > ') ?? test.filePath ?? '';
  const message =
    status === 'failed' || status === 'error' || flaky
      ? test.message ?? test.trace
      : undefined;
  return {
    testId: makeTestId(scope, test.name),
    name: clampString(test.name, MAX_NAME_LENGTH),
    suitePath,
    file:
      test.filePath === undefined || test.filePath === ''
        ? undefined
        : clampString(test.filePath, MAX_FILE_LENGTH),
    status,
    durationMs:
      test.duration === undefined ? undefined : roundMs(test.duration),
    attempts: Math.max(retries + 1, flaky ? 2 : 1),
    flaky,
    message:
      message === undefined || message.trim() === ''
        ? undefined
        : clampString(message.trim(), MAX_MESSAGE_LENGTH),
  };
}

/**
 * Parses a CTRF (Common Test Report Format) report that was already read as JSON.
 * Counts come from `results.tests`, never from `results.summary`. Each entry is a
 * test (its `retries` are attempts of it), except an entry that repeats the suite (or
 * file) and name of an earlier entry that failed on every attempt so far, as a merged
 * rerun report lists it: that is a retry, folded into the earlier one. See
 * {@link AttemptFolder}.
 *
 * The cases are built only when iterated (see {@link FoldedTestReport}), from a compact
 * form that keeps nothing of `json`: what uploads are stored from.
 */
export function parseCtrfJsonFolded(
  json: unknown,
  options: CtrfParseOptions = {},
): FoldedTestReport {
  const maxTestcases = options.maxTestcases ?? DEFAULT_MAX_TESTS;
  const sink = new TestResultCollector('ctrf', 'CTRF report', {
    maxTests: maxTestcases,
    maxTestTextBytes: options.maxTestTextBytes ?? DEFAULT_MAX_TEST_TEXT_BYTES,
  });
  readCtrfJson(json, sink, maxTestcases);
  return sink.report();
}

/** What the CTRF format's `parse` does once the body is JSON: adds its tests to `sink`. */
export function readCtrfJson(
  json: unknown,
  sink: HardeningTestResultSink,
  maxTestcases: number,
): void {
  const tests = (json as { results?: { tests?: unknown } } | null)?.results
    ?.tests;
  if (Array.isArray(tests) && tests.length > maxTestcases) {
    throw new InputError(
      `Invalid CTRF report: it has more than ${maxTestcases} tests.`,
    );
  }
  const parsed = ctrfReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `Invalid CTRF report: ${describeIssues(parsed.error.issues)}`,
    );
  }
  const { results } = parsed.data;
  let index = 0;
  sink.describePosition(() => `results.tests.${index}`);
  for (const test of results.tests) {
    sink.add(toAttempt(test));
    index += 1;
  }
  const tool = results.tool.name.trim();
  if (tool !== '') sink.setTool(clampString(tool, MAX_TOOL_LENGTH));
}

/** {@link parseCtrfJsonFolded} with every case built, as an array. */
export function parseCtrfJson(
  json: unknown,
  options: CtrfParseOptions = {},
): ParsedTestReport {
  const { cases, ...report } = parseCtrfJsonFolded(json, options);
  return { ...report, cases: Array.from(cases) };
}
