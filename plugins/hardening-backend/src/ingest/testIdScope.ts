import { createHash, type Hash } from 'node:crypto';
import {
  clampedTestId,
  digestSuffix,
  MAX_TEST_ID_LENGTH,
} from './reportStrings';

/**
 * The scope of the ids `<scope>::<name>` of the tests listed in one suite, when that
 * scope is the path of suite names joined by ` > ` (JUnit test cases without a
 * classname). Built one suite at a time, {@link TestIdScope.child}, so that a scope
 * many long suite names deep is never joined or hashed again for each test case:
 * a test case costs its own name, and each suite its own name, once.
 *
 * `scope.id(name)` is exactly `makeTestId(<the joined path>, name)`.
 */
export class TestIdScope {
  /** The scope of test cases outside any suite: the empty path. */
  static readonly root = new TestIdScope(undefined, '', 0);

  readonly #parent: TestIdScope | undefined;
  /** What this scope adds to its parent's: `' > ' + name`, or `name` under the root. */
  readonly #piece: string;
  /** The length of the whole scope. */
  readonly #length: number;
  /** The scope, or its first `MAX_TEST_ID_LENGTH` code units when longer. */
  #head: string | undefined;
  /** SHA-256 state after the whole scope; only ever copied. */
  #hash: Hash | undefined;

  private constructor(
    parent: TestIdScope | undefined,
    piece: string,
    length: number,
  ) {
    this.#parent = parent;
    this.#piece = piece;
    this.#length = length;
  }

  /** The scope of a suite named `name` inside this one. */
  child(name: string): TestIdScope {
    const piece = this.#parent ? ` > ${name}` : name;
    return new TestIdScope(this, piece, this.#length + piece.length);
  }

  /** The id of the test named `name` in this scope. */
  id(name: string): string {
    const id = `${this.#startOf()}::${name}`;
    if (this.#length + 2 + name.length <= MAX_TEST_ID_LENGTH) {
      return id;
    }
    const hash = this.#hashState().copy().update('::').update(name);
    return clampedTestId(id, digestSuffix(hash));
  }

  /**
   * The scope cut to a test id's length: all of it that any id needs (a long id keeps
   * less of its start than that, and `clampedTestId` cuts it between surrogates).
   */
  #startOf(): string {
    if (this.#head === undefined) {
      const parent = this.#parent;
      if (!parent) {
        this.#head = this.#piece;
      } else if (parent.#length >= MAX_TEST_ID_LENGTH) {
        this.#head = parent.#startOf();
      } else {
        this.#head = `${parent.#startOf()}${this.#piece}`.slice(
          0,
          MAX_TEST_ID_LENGTH,
        );
      }
    }
    return this.#head;
  }

  #hashState(): Hash {
    if (this.#hash === undefined) {
      this.#hash = this.#parent
        ? this.#parent.#hashState().copy().update(this.#piece)
        : createHash('sha256');
    }
    return this.#hash;
  }
}
