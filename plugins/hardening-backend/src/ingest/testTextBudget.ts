import { InputError } from '@backstage/errors';
import { BEYOND_LATIN1 } from './detachedString';

/** The setting that sets {@link TestTextBudget}'s limit. */
export const MAX_TEST_TEXT_BYTES_SETTING = 'hardening.ingest.maxTestTextBytes';

/**
 * Default for `hardening.ingest.maxTestTextBytes`: 128 MiB, twice the default upload
 * limit. The real-world reports in `src/ingest/__fixtures__` store 47–220 bytes of
 * text per test, so even 500,000 tests of the widest of them (110 MB) stay under it.
 */
export const DEFAULT_MAX_TEST_TEXT_BYTES = 128 * 1024 * 1024;

/**
 * The bytes `value` is held in (0 for none): one per character when all of them are
 * Latin-1, else two per UTF-16 code unit, as V8 and the `AttemptSpool` keep strings.
 */
export function textBytes(value: string | undefined): number {
  if (value === undefined) return 0;
  return BEYOND_LATIN1.test(value) ? 2 * value.length : value.length;
}

/**
 * The text one test report may store: the bytes ({@link textBytes}) of its tests' ids,
 * names, classnames, suite paths, files and messages, summed over the tests as they are
 * added. It bounds what a report makes the backend hold, in memory while it is parsed
 * and in the database once stored, whatever its shape: a suite name is written once
 * in a JUnit file but stored in the suite path (and often the id) of every test under
 * it, so a small upload could otherwise make the backend hold gigabytes.
 *
 * Once the sum passes the limit, `spend` throws an `InputError` (400) that says how
 * far the report got and what to change; the report is then refused whole.
 */
export class TestTextBudget {
  readonly maxBytes: number;
  readonly #report: string;
  readonly #where: () => string;
  #spent = 0;
  #tests = 0;

  /**
   * `report` names the upload in the refusal (`JUnit report`); `where` tells where in
   * it the parser is (`line 12, column 3`), or nothing.
   */
  constructor(
    maxBytes: number = DEFAULT_MAX_TEST_TEXT_BYTES,
    report = 'test report',
    where: () => string = () => '',
  ) {
    this.maxBytes = maxBytes;
    this.#report = report;
    this.#where = where;
  }

  /** Bytes counted so far. */
  get spent(): number {
    return this.#spent;
  }

  /** Counts the text of the next test (`newTest`) or more text of one already counted. */
  spend(bytes: number, newTest: boolean): void {
    this.#spent += bytes;
    if (newTest) this.#tests += 1;
    if (this.#spent > this.maxBytes) {
      throw this.#refusal();
    }
  }

  #refusal(): InputError {
    const where = this.#where();
    return new InputError(
      `The ${this.#report} would store more than ${
        this.maxBytes
      } bytes of test text ` +
        `(${MAX_TEST_TEXT_BYTES_SETTING}): the ids, names, classnames, suite paths, files ` +
        `and messages of its first ${this.#tests} tests take ${
          this.#spent
        } bytes` +
        `${
          where ? ` (reached at ${where})` : ''
        }. A suite's name is stored once for ` +
        `every test under it, in its suite path and in the ids of tests without a ` +
        `classname: shorten long suite, class or test names, split the report into ` +
        `smaller uploads, or raise ${MAX_TEST_TEXT_BYTES_SETTING}.`,
    );
  }
}
