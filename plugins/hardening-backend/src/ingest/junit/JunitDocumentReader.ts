import { InputError } from '@backstage/errors';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { HardeningTestResultSink } from '@hardening/backstage-plugin-hardening-node';
import {
  clampString,
  MAX_FILE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SUITE_PATH_ENTRIES,
  MAX_TOOL_LENGTH,
} from '../reportStrings';
import { TestIdScope } from '../testIdScope';
import {
  attr,
  nonEmpty,
  toolFromProperty,
  toolFromSchemaLocation,
  toolFromSuiteName,
  writesRetriesAsTestcases,
} from './junitAttributes';
import {
  type CaseChildKind,
  caseChildKind,
  JunitTestCase,
} from './junitTestCase';

/** What an open element is to us. Everything we do not read is `other`. */
type Kind =
  | 'testsuites'
  | 'testsuite'
  | 'testcase'
  | 'properties'
  | CaseChildKind
  | 'other';

/**
 * An open `<testsuite>`; `number` counts the suites opened so far, this one included;
 * `scope` is the scope of the ids of its test cases that have no telling classname.
 */
type Suite = {
  name: string;
  file?: string;
  number: number;
  scope: TestIdScope;
};

export type JunitLimits = {
  maxTestcases: number;
  maxDepth: number;
};

/**
 * Reads a JUnit XML document handed to it as text, piece by piece, without
 * keeping it: only the open elements and the test case being read; each test case goes
 * to the sink as it closes (with the number of its `<testsuite>`, so that retries are
 * looked for in the same suite only).
 */
export class JunitDocumentReader {
  readonly #parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  readonly #limits: JunitLimits;
  readonly #kinds: Kind[] = [];
  readonly #suites: Suite[] = [];
  #suitePath: readonly string[] | undefined = [];
  #case: JunitTestCase | undefined;
  #testcases = 0;
  #suitesOpened = 0;
  #tool: string | undefined;
  readonly #sink: HardeningTestResultSink;
  readonly #onText = (text: string) => this.#case?.appendText(text);

  constructor(limits: JunitLimits, sink: HardeningTestResultSink) {
    this.#limits = limits;
    this.#sink = sink;
    const parser = this.#parser;
    sink.describePosition(() => `line ${parser.line}, column ${parser.column}`);
    parser.on('error', err => {
      const reason = err.message.replace(/^\d+:\d+: /, '');
      const unclosed = /^unclosed tag: (.*)$/.exec(reason);
      throw this.#error(
        unclosed
          ? `the document ends before <${clampString(
              unclosed[1],
              100,
            )}> is closed (truncated report?).`
          : reason,
      );
    });
    parser.on('doctype', () => {
      throw new InputError(
        `DTDs are not accepted in JUnit reports (DOCTYPE ending at line ${parser.line}).`,
      );
    });
    parser.on('opentagstart', () => {
      if (this.#kinds.length + 1 > this.#limits.maxDepth) {
        throw this.#error(
          `elements are nested deeper than ${this.#limits.maxDepth} levels.`,
        );
      }
    });
    parser.on('opentag', tag => this.#open(tag));
    parser.on('closetag', () => this.#close());
    // saxes buffers a CDATA section whole whether or not anyone listens.
    parser.on('cdata', this.#onText);
  }

  write(text: string): void {
    if (text.length > 0) {
      this.#parser.write(text);
    }
  }

  /** Ends the document; an unfinished document is an error. */
  close(): void {
    this.#parser.close();
  }

  #error(reason: string): InputError {
    const { line, column } = this.#parser;
    return new InputError(
      `Invalid JUnit XML at line ${line}, column ${column}: ${reason}`,
    );
  }

  #hint(tool: string | undefined): void {
    if (this.#tool === undefined && tool !== undefined) {
      this.#tool = clampString(tool, MAX_TOOL_LENGTH);
      this.#sink.setTool(this.#tool);
    }
  }

  #open(tag: SaxesTagPlain): void {
    const parent = this.#kinds[this.#kinds.length - 1];
    let kind: Kind = 'other';
    if (parent === undefined) {
      kind = this.#openRoot(tag);
    } else if (parent === 'testsuites' || parent === 'testsuite') {
      if (tag.name === 'testsuite') {
        kind = 'testsuite';
        this.#openSuite(tag);
      } else if (tag.name === 'testcase') {
        kind = 'testcase';
        this.#openCase(tag);
      } else if (tag.name === 'properties') {
        kind = 'properties';
      }
    } else if (parent === 'testcase' && this.#case) {
      const child = caseChildKind(tag.name);
      if (child) {
        kind = child;
        if (this.#case.openChild(child, tag)) {
          // Only now does saxes keep text for us; <system-out> never gets here.
          this.#parser.on('text', this.#onText);
        }
      }
    } else if (parent === 'properties' && tag.name === 'property') {
      this.#hint(toolFromProperty(attr(tag, 'name')));
    }
    this.#kinds.push(kind);
  }

  #openRoot(tag: SaxesTagPlain): Kind {
    if (tag.name === 'testsuites') {
      this.#hint(toolFromSuiteName(attr(tag, 'name')));
      return 'testsuites';
    }
    if (tag.name === 'testsuite') {
      this.#hint(
        toolFromSchemaLocation(attr(tag, 'xsi:noNamespaceSchemaLocation')),
      );
      this.#openSuite(tag);
      return 'testsuite';
    }
    throw this.#error(
      `the root element must be <testsuites> or <testsuite>, not <${clampString(
        tag.name,
        100,
      )}>.`,
    );
  }

  #openSuite(tag: SaxesTagPlain): void {
    const name = attr(tag, 'name') ?? '';
    this.#hint(toolFromSuiteName(name));
    const file = nonEmpty(attr(tag, 'file'));
    const clamped = clampString(name, MAX_NAME_LENGTH);
    const parentScope = this.#currentSuite()?.scope ?? TestIdScope.root;
    this.#suitesOpened += 1;
    this.#suites.push({
      number: this.#suitesOpened,
      name: clamped,
      file: file === undefined ? undefined : clampString(file, MAX_FILE_LENGTH),
      // The scope is the suite path, which keeps the outermost suites only.
      scope:
        this.#suites.length < MAX_SUITE_PATH_ENTRIES
          ? parentScope.child(clamped)
          : parentScope,
    });
    this.#suitePath = undefined;
  }

  /** The innermost open suite. */
  #currentSuite(): Suite | undefined {
    return this.#suites[this.#suites.length - 1];
  }

  /** The names of the open suites; one shared array until the suites change. */
  #currentSuitePath(): readonly string[] {
    if (this.#suitePath === undefined) {
      this.#suitePath = this.#suites
        .slice(0, MAX_SUITE_PATH_ENTRIES)
        .map(suite => suite.name);
    }
    return this.#suitePath;
  }

  #openCase(tag: SaxesTagPlain): void {
    this.#testcases += 1;
    if (this.#testcases > this.#limits.maxTestcases) {
      throw this.#error(
        `the report has more than ${this.#limits.maxTestcases} test cases.`,
      );
    }
    const suite = this.#currentSuite();
    this.#case = new JunitTestCase(
      tag,
      this.#currentSuitePath(),
      // mocha-junit-reporter puts `file` on the suite only.
      suite?.file,
      suite?.scope ?? TestIdScope.root,
    );
  }

  #close(): void {
    const kind = this.#kinds.pop();
    if (kind === 'testsuite') {
      this.#suites.pop();
      this.#suitePath = undefined;
    } else if (kind === 'testcase' && this.#case) {
      // Retries are looked for in the same <testsuite> only (0: under the root).
      this.#sink.add(this.#case.finish(), {
        suite: this.#currentSuite()?.number ?? 0,
        mayBeRetry: writesRetriesAsTestcases(this.#tool),
      });
      this.#case = undefined;
    } else if ((kind === 'failure' || kind === 'error') && this.#case) {
      if (this.#case.capturing) {
        this.#parser.off('text');
        this.#case.closeChild();
      }
    }
  }
}
