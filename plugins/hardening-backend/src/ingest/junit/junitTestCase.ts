import type { TestCaseStatus } from '@hardening/backstage-plugin-hardening-common';
import type { SaxesTagPlain } from 'saxes';
import type { TestAttempt } from '../foldAttempts';
import {
  clampString,
  makeTestId,
  MAX_FILE_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  UNNAMED_TEST,
} from '../reportStrings';
import { TestIdScope } from '../testIdScope';
import { attr, nonEmpty, parseJunitTime } from './junitAttributes';

/**
 * Classnames that do not tell tests apart: node:test writes `classname="test"` for every
 * test, so two tests with one name in different `describe` blocks would look like one
 * (and like a flaky rerun). For these the suite path is part of the test's identity.
 */
const GENERIC_CLASSNAMES = new Set(['test']);

/** Children of `<testcase>` that decide its outcome. */
export type CaseChildKind = 'failure' | 'error' | 'skipped' | 'rerun';

const CASE_CHILD_KINDS: ReadonlyMap<string, CaseChildKind> = new Map<
  string,
  CaseChildKind
>([
  ['failure', 'failure'],
  ['error', 'error'],
  ['skipped', 'skipped'],
  // Maven Surefire (and Playwright with includeRetries): failed, then passed.
  ['flakyFailure', 'rerun'],
  ['flakyError', 'rerun'],
  // ... and failed on every rerun, next to a <failure>/<error>.
  ['rerunFailure', 'rerun'],
  ['rerunError', 'rerun'],
]);

/** The kind of a `<testcase>` child, or undefined for children we skip. */
export function caseChildKind(name: string): CaseChildKind | undefined {
  return CASE_CHILD_KINDS.get(name);
}

/**
 * One `<testcase>` element while it is being read. Holds no text but the
 * message of its first `<failure>`/`<error>`, capped.
 */
export class JunitTestCase {
  readonly #name: string;
  /** Unclamped name and scope, for the testId (which hashes overlong ones). */
  readonly #rawName: string;
  readonly #rawScope: string | TestIdScope;
  readonly #classname?: string;
  readonly #file?: string;
  readonly #suitePath: readonly string[];
  readonly #durationMs?: number;
  #outcome?: 'failed' | 'error';
  #skipped = false;
  #reruns = 0;
  /** From `<failure>`/`<error>`; wins over `#rerunMessage`. */
  #message?: string;
  /** From the `message` attribute of a flaky/rerun child. */
  #rerunMessage?: string;
  /** Text of the `<failure>`/`<error>` being read, when it has no message attribute. */
  #captured?: string;
  #capturedFull = false;

  /**
   * `suiteScope` is the scope of the ids of the test cases in the suite (its path
   * joined by ` > `), for those without a telling classname.
   */
  constructor(
    tag: SaxesTagPlain,
    suitePath: readonly string[],
    suiteFile: string | undefined,
    suiteScope: TestIdScope,
  ) {
    this.#rawName = nonEmpty(attr(tag, 'name')) ?? UNNAMED_TEST;
    this.#name = clampString(this.#rawName, MAX_NAME_LENGTH);
    const classname = nonEmpty(attr(tag, 'classname'));
    if (classname === undefined) {
      this.#rawScope = suiteScope;
    } else if (GENERIC_CLASSNAMES.has(classname)) {
      this.#rawScope = suiteScope.child(classname);
    } else {
      this.#rawScope = classname;
    }
    this.#classname =
      classname === undefined
        ? undefined
        : clampString(classname, MAX_NAME_LENGTH);
    const file = nonEmpty(attr(tag, 'file')) ?? suiteFile;
    this.#file =
      file === undefined ? undefined : clampString(file, MAX_FILE_LENGTH);
    this.#suitePath = suitePath;
    this.#durationMs = parseJunitTime(attr(tag, 'time'));
  }

  /**
   * Records an outcome child. Returns true when its text is wanted as the
   * message; the caller then passes that text to `appendText` until the child
   * closes.
   */
  openChild(kind: CaseChildKind, tag: SaxesTagPlain): boolean {
    const message = nonEmpty(attr(tag, 'message'));
    if (kind === 'skipped') {
      this.#skipped = true;
    } else if (kind === 'rerun') {
      this.#reruns += 1;
      if (message !== undefined) {
        this.#rerunMessage ??= clampString(message.trim(), MAX_MESSAGE_LENGTH);
      }
    } else {
      this.#outcome ??= kind === 'failure' ? 'failed' : 'error';
      if (this.#message === undefined) {
        if (message !== undefined) {
          this.#message = clampString(message.trim(), MAX_MESSAGE_LENGTH);
        } else {
          this.#captured = '';
          return true;
        }
      }
    }
    return false;
  }

  get capturing(): boolean {
    return this.#captured !== undefined;
  }

  /** Text of the child being captured; keeps at most the message limit. */
  appendText(text: string): void {
    if (this.#captured === undefined || this.#capturedFull) {
      return;
    }
    const piece = this.#captured === '' ? text.trimStart() : text;
    const room = MAX_MESSAGE_LENGTH - this.#captured.length;
    if (piece.length > room) {
      // Never leaves half a surrogate pair, nor appends the other half later.
      this.#captured += clampString(piece, room);
      this.#capturedFull = true;
    } else {
      this.#captured += piece;
    }
  }

  /** Ends the capture started by `openChild`. */
  closeChild(): void {
    if (this.#captured === undefined) {
      return;
    }
    const text = this.#captured.trimEnd();
    this.#captured = undefined;
    if (text !== '') {
      this.#message = text;
    }
  }

  finish(): TestAttempt {
    let status: TestCaseStatus = 'passed';
    if (this.#outcome) {
      status = this.#outcome;
    } else if (this.#skipped) {
      status = 'skipped';
    }
    return {
      testId:
        typeof this.#rawScope === 'string'
          ? makeTestId(this.#rawScope, this.#rawName)
          : this.#rawScope.id(this.#rawName),
      name: this.#name,
      classname: this.#classname,
      suitePath: this.#suitePath,
      file: this.#file,
      status,
      durationMs: this.#durationMs,
      attempts: 1 + this.#reruns,
      flaky: status === 'passed' && this.#reruns > 0,
      message: this.#message ?? this.#rerunMessage,
    };
  }
}
