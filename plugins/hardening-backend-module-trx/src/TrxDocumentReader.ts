import { InputError } from '@backstage/errors';
import type {
  HardeningTestReportLimits,
  HardeningTestResult,
  HardeningTestResultSink,
} from '@hardening/backstage-plugin-hardening-node';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import {
  baseName,
  OUTCOME_WORDS,
  parseTrxDuration,
  TRX_OUTCOMES,
} from './trxValues';

/** Characters kept of a `<Message>` or `<StackTrace>` (the stored message keeps 4096). */
const MAX_CAPTURE = 4096;
/** Characters kept of a name, class name or assembly path. */
const MAX_NAME = 2048;

/** Test frameworks by `TestMethod/@adapterTypeName`, for the report's tool. */
const ADAPTERS: ReadonlyArray<[RegExp, string]> = [
  [/mstest/i, 'mstest'],
  [/xunit/i, 'xunit'],
  [/nunit/i, 'nunit'],
];

/** A `UnitTestResult` being read. */
type OpenResult = {
  testId?: string;
  name: string;
  outcome: string;
  durationMs?: number;
  /** Rows of a data-driven test (or tests of an ordered test) closed inside it. */
  inner: number;
  message?: string;
  stackTrace?: string;
};

/** A result kept until `<TestDefinitions>` (written after `<Results>`) names its class. */
type KeptResult = { testId?: string; result: HardeningTestResult };

type Definition = { className?: string; storage?: string };

function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const value: unknown = tag.attributes[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The local name of an element (`t:UnitTestResult` is `UnitTestResult`). */
function localName(tag: { name: string }): string {
  const colon = tag.name.indexOf(':');
  return colon < 0 ? tag.name : tag.name.slice(colon + 1);
}

function cut(value: string | undefined, max: number): string | undefined {
  return value === undefined ? undefined : value.slice(0, max);
}

/**
 * Reads a TRX document (`<TestRun>`, the Visual Studio test results schema) handed to it
 * as text, piece by piece. Each `UnitTestResult` is a test, except one with
 * `<InnerResults>`: a data-driven test (or an ordered test) is the rows inside it, each
 * a test of its own. TRX names a test's class in `<TestDefinitions>`, which `dotnet test`
 * writes after `<Results>`, so the results are kept, small, until the document ends
 * (their text counted against the report's text limit), then handed to the sink in
 * document order. A test run more than once (the same test, and the same row, again) is
 * a retry when every earlier run failed: the sink folds it.
 */
export class TrxDocumentReader {
  readonly #parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  readonly #limits: HardeningTestReportLimits;
  readonly #sink: HardeningTestResultSink;
  /** Local names of the open elements. */
  readonly #open: string[] = [];
  readonly #results: OpenResult[] = [];
  readonly #kept: KeptResult[] = [];
  readonly #definitions = new Map<string, Definition>();
  #definition: Definition | undefined;
  #tool: string | undefined;
  /** Text bytes kept so far (2 per UTF-16 unit, an upper bound). */
  #keptBytes = 0;
  #capture: 'message' | 'stackTrace' | undefined;
  readonly #onText = (text: string) => this.#append(text);

  constructor(
    limits: HardeningTestReportLimits,
    sink: HardeningTestResultSink,
  ) {
    this.#limits = limits;
    this.#sink = sink;
    const parser = this.#parser;
    parser.on('error', err => {
      const reason = err.message.replace(/^\d+:\d+: /, '');
      throw this.#error(
        /^unclosed tag/.test(reason)
          ? 'the document ends before its elements are closed (truncated report?).'
          : reason,
      );
    });
    parser.on('doctype', () => {
      throw new InputError(
        `DTDs are not accepted in TRX reports (DOCTYPE ending at line ${parser.line}).`,
      );
    });
    parser.on('opentagstart', () => {
      if (this.#open.length + 1 > limits.maxDepth) {
        throw this.#error(
          `elements are nested deeper than ${limits.maxDepth} levels.`,
        );
      }
    });
    parser.on('opentag', tag => this.#opened(tag));
    parser.on('closetag', tag => this.#closed(localName(tag)));
    parser.on('cdata', this.#onText);
  }

  write(text: string): void {
    if (text.length > 0) this.#parser.write(text);
  }

  /** Ends the document and hands the tests to the sink. */
  close(): void {
    this.#parser.close();
    let index = 0;
    this.#sink.describePosition(() => `UnitTestResult ${index + 1}`);
    this.#sink.setTool(this.#tool ?? 'vstest');
    for (const { testId, result } of this.#kept) {
      const definition = testId ? this.#definitions.get(testId) : undefined;
      this.#sink.add({
        ...result,
        classname: definition?.className,
        suitePath: definition?.storage ? [baseName(definition.storage)] : [],
      });
      index += 1;
    }
  }

  #error(reason: string): InputError {
    const { line, column } = this.#parser;
    return new InputError(
      `Invalid TRX at line ${line}, column ${column}: ${reason}`,
    );
  }

  #parent(): string | undefined {
    return this.#open[this.#open.length - 1];
  }

  #opened(tag: SaxesTagPlain): void {
    const name = localName(tag);
    const parent = this.#parent();
    if (parent === undefined && name !== 'TestRun') {
      throw this.#error(
        `the root element must be <TestRun>, not <${name.slice(0, 100)}>.`,
      );
    }
    if (
      name === 'UnitTestResult' &&
      (parent === 'Results' || parent === 'InnerResults')
    ) {
      this.#openResult(tag);
    } else if (name === 'UnitTest' && parent === 'TestDefinitions') {
      this.#openDefinition(tag);
    } else if (name === 'TestMethod' && parent === 'UnitTest') {
      this.#readTestMethod(tag);
    } else if (
      (name === 'Message' || name === 'StackTrace') &&
      parent === 'ErrorInfo' &&
      this.#results.length > 0
    ) {
      this.#capture = name === 'Message' ? 'message' : 'stackTrace';
      this.#parser.on('text', this.#onText);
    }
    this.#open.push(name);
  }

  #openResult(tag: SaxesTagPlain): void {
    const enclosing = this.#results[this.#results.length - 1];
    const outcome = attr(tag, 'outcome');
    if (outcome === undefined) {
      throw this.#error('a <UnitTestResult> has no outcome.');
    }
    if (!TRX_OUTCOMES.has(outcome)) {
      throw this.#error(
        `unknown outcome "${outcome.slice(0, 100)}"; one of ${[
          ...TRX_OUTCOMES.keys(),
        ].join(', ')}.`,
      );
    }
    const row = attr(tag, 'dataRowInfo');
    const name =
      attr(tag, 'testName') ??
      (enclosing
        ? `${enclosing.name} (row ${row ?? enclosing.inner + 1})`
        : undefined);
    if (name === undefined) {
      throw this.#error('a <UnitTestResult> has no testName.');
    }
    this.#results.push({
      testId: attr(tag, 'testId') ?? enclosing?.testId,
      name: name.slice(0, MAX_NAME),
      outcome,
      durationMs: parseTrxDuration(attr(tag, 'duration')),
      inner: 0,
    });
  }

  #openDefinition(tag: SaxesTagPlain): void {
    const id = attr(tag, 'id');
    this.#definition = undefined;
    if (id === undefined) return;
    if (this.#definitions.size >= this.#limits.maxTests) {
      throw this.#error(
        `the report defines more than ${this.#limits.maxTests} tests.`,
      );
    }
    const storage = cut(attr(tag, 'storage'), MAX_NAME);
    this.#definition = { storage };
    this.#keep(id.length + (storage?.length ?? 0));
    this.#definitions.set(id, this.#definition);
  }

  #readTestMethod(tag: SaxesTagPlain): void {
    if (!this.#definition) return;
    const className = cut(attr(tag, 'className'), MAX_NAME);
    this.#definition.className = className;
    this.#keep(className?.length ?? 0);
    const adapter = attr(tag, 'adapterTypeName');
    if (this.#tool === undefined && adapter !== undefined) {
      const framework = ADAPTERS.find(([pattern]) => pattern.test(adapter));
      if (framework) this.#tool = `vstest (${framework[1]})`;
    }
  }

  #append(text: string): void {
    const result = this.#results[this.#results.length - 1];
    if (!this.#capture || !result) return;
    const sofar = result[this.#capture] ?? '';
    if (sofar.length < MAX_CAPTURE) {
      result[this.#capture] = (sofar + text).slice(0, MAX_CAPTURE);
    }
  }

  #closed(name: string): void {
    this.#open.pop();
    if (name === 'Message' || name === 'StackTrace') {
      if (this.#capture) {
        this.#parser.off('text');
        this.#capture = undefined;
      }
    } else if (name === 'UnitTest') {
      this.#definition = undefined;
    } else if (
      name === 'UnitTestResult' &&
      (this.#parent() === 'Results' || this.#parent() === 'InnerResults')
    ) {
      this.#closeResult();
    }
  }

  #closeResult(): void {
    const result = this.#results.pop()!;
    const enclosing = this.#results[this.#results.length - 1];
    if (enclosing) enclosing.inner += 1;
    // A data-driven test is its rows: they were kept as they closed.
    if (result.inner > 0) return;
    if (this.#kept.length >= this.#limits.maxTests) {
      throw this.#error(
        `the report has more than ${this.#limits.maxTests} test results.`,
      );
    }
    const status = TRX_OUTCOMES.get(result.outcome)!;
    const details = [result.message?.trim(), result.stackTrace?.trim()]
      .filter(part => part)
      .join('\n');
    const message =
      status === 'passed'
        ? undefined
        : details || OUTCOME_WORDS.get(result.outcome);
    this.#keep(
      (result.testId?.length ?? 0) +
        result.name.length +
        (message?.length ?? 0),
    );
    this.#kept.push({
      testId: result.testId,
      result: {
        name: result.name,
        status,
        durationMs: result.durationMs,
        message,
      },
    });
  }

  /** Counts kept text against the report's text limit. */
  #keep(units: number): void {
    this.#keptBytes += 2 * units;
    if (this.#keptBytes > this.#limits.maxTestTextBytes) {
      throw this.#error(
        `the report keeps more than ${
          this.#limits.maxTestTextBytes
        } bytes of test text (hardening.ingest.maxTestTextBytes).`,
      );
    }
  }
}
