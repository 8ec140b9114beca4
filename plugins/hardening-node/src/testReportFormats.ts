import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { TestCaseStatus } from '@hardening/backstage-plugin-hardening-common';

/**
 * One appearance of a test in a report, in the model every test-report format is read
 * into (the one the stored `TestCaseResult`s come from).
 *
 * The backend clamps what it stores (ids 1024, names 1024, files 2048 and messages 4096
 * UTF-16 code units, 64 suite-path entries) and counts the text against
 * `hardening.ingest.maxTestTextBytes`, so a parser need not.
 *
 * @public
 */
export type HardeningTestResult = {
  /**
   * The test's identity across reports, for its history. Default: `<classname>::<name>`,
   * or `<suitePath joined by " > ">::<name>` without a classname.
   */
  testId?: string;
  name: string;
  classname?: string;
  /** The suites the test is listed in, outermost first. */
  suitePath?: readonly string[];
  file?: string;
  status: TestCaseStatus;
  durationMs?: number;
  /** Runs this one appearance already stands for (e.g. reruns written inside it). Default 1. */
  attempts?: number;
  /** Passed after failing, within this one appearance. Default false. */
  flaky?: boolean;
  /** Why it failed, errored or was skipped: a message, a stack trace. */
  message?: string;
};

/**
 * Where an appearance was listed, which decides whether it may be a retry of an earlier
 * one (see the backend's docs/extension-points.md).
 *
 * @public
 */
export type HardeningTestResultPlacement = {
  /**
   * A number for the suite the appearance was listed in, growing as suites open in
   * document order (0, the default: no suite). A retry is only looked for in the same
   * suite.
   */
  suite?: number;
  /**
   * `false` makes the appearance a test of its own whatever came before, for formats that
   * never write a retry as an appearance of its own. Default `true`: an appearance with
   * the `testId` of an earlier test of the same suite that failed on every attempt so far
   * is a retry of it, and folded into it.
   */
  mayBeRetry?: boolean;
};

/**
 * Where a parser hands the tests it reads, one by one, as it streams the report.
 *
 * @public
 */
export interface HardeningTestResultSink {
  /**
   * Adds the next appearance of a test. Throws an `InputError` (400) once the report has
   * more tests than `limits.maxTests` or more text than `limits.maxTestTextBytes`; let it
   * propagate.
   */
  add(
    result: HardeningTestResult,
    placement?: HardeningTestResultPlacement,
  ): void;
  /** The tool that wrote the report (e.g. `vstest`), shown beside the report. */
  setTool(tool: string): void;
  /** Where the parser is (e.g. `line 3, column 7`), named by the sink's refusals. */
  describePosition(where: () => string): void;
}

/**
 * The limits of one upload, from the backend's settings; a parser must keep to them.
 *
 * @public
 */
export type HardeningTestReportLimits = {
  /** Most test appearances accepted (500 000). */
  maxTests: number;
  /** Deepest element or value nesting accepted, the root being 1 (64). */
  maxDepth: number;
  /** `hardening.ingest.maxTestTextBytes`: the sink enforces it. */
  maxTestTextBytes: number;
};

/**
 * What a parser is given for one upload.
 *
 * @public
 */
export type HardeningTestReportParseInput = {
  /**
   * The body, as it arrives; reading past the format's size limit throws a 413. Read it
   * once, either here or through `text`.
   */
  body: AsyncIterable<Uint8Array>;
  /** The whole body as UTF-8 text, for formats that cannot be streamed (JSON). */
  text(): Promise<string>;
  sink: HardeningTestResultSink;
  limits: HardeningTestReportLimits;
};

/**
 * A test-report format the upload route `POST /entities/{kind}/{namespace}/{name}/test-reports`
 * accepts.
 *
 * @public
 */
export type HardeningTestReportFormat = {
  /**
   * Stored with each report and accepted as `?format=`: lower-case letters, digits and
   * `-`, at most 32, starting with a letter (e.g. `trx`). Unique among the formats.
   */
  id: string;
  /** The document's name in refusals, e.g. `TRX report`. */
  title: string;
  /** Media types the format is sent as (e.g. `application/xml`). */
  contentTypes: readonly string[];
  /**
   * Whether the first bytes of a body (at most 4 KiB, decoded as UTF-8) are of this
   * format. Asked only when more than one format takes the request's content type; the
   * first format (built-in ones first) that says yes reads the body, else the first
   * format for the content type does.
   */
  sniff?(head: string): boolean;
  /**
   * Largest body accepted, in bytes; `hardening.ingest.maxUploadBytes` caps it.
   * Default: that setting.
   */
  maxBytes?: number;
  /**
   * Reads the body and adds its tests to the sink. Bad input is an `InputError` from
   * `@backstage/errors` (a 400); nothing is stored unless it resolves.
   */
  parse(input: HardeningTestReportParseInput): Promise<void>;
};

/**
 * Adds test-report formats to the Hardening backend.
 *
 * @public
 */
export interface HardeningTestReportFormatsExtensionPoint {
  addTestReportFormat(
    ...formats: Array<HardeningTestReportFormat | HardeningTestReportFormat[]>
  ): void;
}

/**
 * The extension point for test-report formats; the built-in JUnit and CTRF formats are
 * registered through the same registry.
 *
 * @public
 */
export const hardeningTestReportFormatsExtensionPoint =
  createExtensionPoint<HardeningTestReportFormatsExtensionPoint>({
    id: 'hardening.testReportFormats',
  });
