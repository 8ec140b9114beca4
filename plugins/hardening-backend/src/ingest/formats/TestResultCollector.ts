import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  type TestCaseStatus,
  testCaseStatusSchema,
} from '@hardening/backstage-plugin-hardening-common';
import type {
  HardeningTestReportLimits,
  HardeningTestResult,
  HardeningTestResultPlacement,
  HardeningTestResultSink,
} from '@hardening/backstage-plugin-hardening-node';
import {
  AttemptFolder,
  buildFoldedReport,
  type FoldedTestReport,
  roundMs,
  type TestAttempt,
} from '../foldAttempts';
import {
  clampedTestId,
  clampString,
  clampSuitePath,
  digestSuffix,
  makeTestId,
  MAX_FILE_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SUITE_PATH_ENTRIES,
  MAX_TEST_ID_LENGTH,
  MAX_TOOL_LENGTH,
  UNNAMED_TEST,
} from '../reportStrings';
import { TestTextBudget } from '../testTextBudget';

export const DEFAULT_MAX_TESTS = 500_000;
export const DEFAULT_MAX_DEPTH = 64;

const STATUSES: ReadonlySet<string> = new Set(testCaseStatusSchema.options);

/** `value` cut to `max`, or undefined when absent or empty. */
function clampOptional(
  value: string | undefined,
  max: number,
): string | undefined {
  return typeof value === 'string' && value !== ''
    ? clampString(value, max)
    : undefined;
}

/** A suite path within the schema's limits; the same array when it already is. */
function boundedSuitePath(
  path: readonly string[] | undefined,
): readonly string[] {
  if (path === undefined) return [];
  if (
    path.length <= MAX_SUITE_PATH_ENTRIES &&
    path.every(
      entry => typeof entry === 'string' && entry.length <= MAX_NAME_LENGTH,
    )
  ) {
    return path;
  }
  return clampSuitePath(path.map(String));
}

/** A given test id, with a digest of the whole when it is too long to keep. */
function boundedTestId(testId: string): string {
  return testId.length <= MAX_TEST_ID_LENGTH
    ? testId
    : clampedTestId(testId, digestSuffix(createHash('sha256').update(testId)));
}

/**
 * A result as the {@link AttemptFolder} takes it: defaults filled in, text clamped to the
 * schema's limits, a status the model knows. A parser bug (an unknown status) is a
 * `TypeError`, not the uploader's fault.
 */
export function toAttempt(result: HardeningTestResult): TestAttempt {
  if (!STATUSES.has(result.status)) {
    throw new TypeError(`Unknown test status "${String(result.status)}"`);
  }
  const status: TestCaseStatus = result.status;
  const rawName =
    typeof result.name === 'string' && result.name !== ''
      ? result.name
      : UNNAMED_TEST;
  const suitePath = boundedSuitePath(result.suitePath);
  const classname = clampOptional(result.classname, MAX_NAME_LENGTH);
  const duration = result.durationMs;
  const attempts = result.attempts;
  const message = result.message?.trim();
  return {
    testId:
      result.testId !== undefined && result.testId !== ''
        ? boundedTestId(result.testId)
        : makeTestId(result.classname ?? suitePath.join(' > '), rawName),
    name: clampString(rawName, MAX_NAME_LENGTH),
    classname,
    suitePath,
    file: clampOptional(result.file, MAX_FILE_LENGTH),
    status,
    durationMs:
      typeof duration === 'number' && Number.isFinite(duration) && duration >= 0
        ? roundMs(duration)
        : undefined,
    attempts:
      typeof attempts === 'number' &&
      Number.isSafeInteger(attempts) &&
      attempts >= 1
        ? attempts
        : 1,
    flaky: status === 'passed' && result.flaky === true,
    message: clampOptional(message, MAX_MESSAGE_LENGTH),
  };
}

/**
 * The sink every test-report format adds its tests to: it bounds the report (at most
 * `maxTests` appearances, at most `maxTestTextBytes` of text, see {@link TestTextBudget}),
 * folds retries ({@link AttemptFolder}) and makes the report that is stored.
 */
export class TestResultCollector implements HardeningTestResultSink {
  readonly #format: string;
  readonly #title: string;
  readonly #maxTests: number;
  readonly #folder: AttemptFolder;
  #where: () => string = () => '';
  #tests = 0;
  #tool: string | undefined;

  /** `format` is stored with the report; `title` names it in refusals (`TRX report`). */
  constructor(
    format: string,
    title: string,
    limits: Pick<HardeningTestReportLimits, 'maxTests' | 'maxTestTextBytes'>,
  ) {
    this.#format = format;
    this.#title = title;
    this.#maxTests = limits.maxTests;
    this.#folder = new AttemptFolder(
      new TestTextBudget(limits.maxTestTextBytes, title, () => this.#where()),
    );
  }

  add(
    result: HardeningTestResult,
    placement: HardeningTestResultPlacement = {},
  ): void {
    this.#tests += 1;
    if (this.#tests > this.#maxTests) {
      const where = this.#where();
      throw new InputError(
        `Invalid ${this.#title}${
          where ? ` at ${where}` : ''
        }: it has more than ${this.#maxTests} tests.`,
      );
    }
    const suite = placement.suite ?? 0;
    this.#folder.add(
      toAttempt(result),
      Number.isSafeInteger(suite) && suite >= 0 ? suite : 0,
      placement.mayBeRetry ?? true,
    );
  }

  setTool(tool: string): void {
    const trimmed = tool.trim();
    this.#tool =
      trimmed === '' ? undefined : clampString(trimmed, MAX_TOOL_LENGTH);
  }

  describePosition(where: () => string): void {
    this.#where = where;
  }

  /** The report as stored: its cases are built from the folder when iterated. */
  report(): FoldedTestReport {
    return buildFoldedReport(this.#format, this.#tool, this.#folder);
  }
}
