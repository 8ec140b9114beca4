import type { ParsedTestReport } from '@hardening/backstage-plugin-hardening-common';
import type { HardeningTestResultSink } from '@hardening/backstage-plugin-hardening-node';
import type { FoldedTestReport } from '../foldAttempts';
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_TESTS,
  TestResultCollector,
} from '../formats/TestResultCollector';
import { DEFAULT_MAX_TEST_TEXT_BYTES } from '../testTextBudget';
import { JunitDocumentReader, type JunitLimits } from './JunitDocumentReader';
import { Utf8ChunkDecoder } from './utf8Chunks';

/** Limits that keep a hostile report from exhausting the backend. */
export type JunitParseOptions = {
  /** Most `<testcase>` elements accepted (reruns count each time). Default 500 000. */
  maxTestcases?: number;
  /** Deepest element nesting accepted, the root being 1. Default 64. */
  maxDepth?: number;
  /**
   * Most bytes of text the report's tests may store (`TestTextBudget`). Default
   * 128 MiB (`hardening.ingest.maxTestTextBytes`).
   */
  maxTestTextBytes?: number;
};

export const DEFAULT_MAX_TESTCASES = DEFAULT_MAX_TESTS;
export { DEFAULT_MAX_DEPTH };

/** What the JUnit format's `parse` does: reads the document into `sink`. */
export async function readJunitXml(
  source: AsyncIterable<Uint8Array | string>,
  sink: HardeningTestResultSink,
  limits: JunitLimits,
): Promise<void> {
  const reader = new JunitDocumentReader(limits, sink);
  const decoder = new Utf8ChunkDecoder('JUnit report');
  for await (const chunk of source) {
    reader.write(
      typeof chunk === 'string'
        ? decoder.acceptString(chunk)
        : decoder.decode(chunk),
    );
  }
  reader.write(decoder.end());
  reader.close();
}

/**
 * Parses a JUnit XML report as it streams in, never holding the whole document,
 * into a compact folded form whose cases are built only when iterated (see
 * {@link FoldedTestReport}); what uploads are stored from.
 *
 * Counts come from the `<testcase>` elements only. Every way the input can be
 * wrong (invalid UTF-8, malformed or truncated XML, a DTD, too deep, too many
 * test cases, more test text than the budget, an unknown root) is an `InputError`
 * that says where.
 */
export async function parseJunitXmlFolded(
  source: AsyncIterable<Buffer | string>,
  options: JunitParseOptions = {},
): Promise<FoldedTestReport> {
  const maxTestcases = options.maxTestcases ?? DEFAULT_MAX_TESTCASES;
  const sink = new TestResultCollector('junit', 'JUnit report', {
    maxTests: maxTestcases,
    maxTestTextBytes: options.maxTestTextBytes ?? DEFAULT_MAX_TEST_TEXT_BYTES,
  });
  await readJunitXml(source, sink, {
    maxTestcases,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
  });
  return sink.report();
}

/** {@link parseJunitXmlFolded} with every case built, as an array. */
export async function parseJunitXml(
  source: AsyncIterable<Buffer | string>,
  options: JunitParseOptions = {},
): Promise<ParsedTestReport> {
  const { cases, ...report } = await parseJunitXmlFolded(source, options);
  return { ...report, cases: Array.from(cases) };
}
