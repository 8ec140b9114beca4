type NumberArray = Float64Array | Int32Array;

/**
 * Numbers appended one by one into a typed array that doubles when full: a few bytes
 * an entry, where a plain array of numbers costs a pointer each and more.
 */
export class NumberList {
  readonly #make: (length: number) => NumberArray;
  #items: NumberArray;
  #length = 0;

  /** `make` gives an empty typed array of the kind to keep (Float64Array, Int32Array). */
  constructor(make: (length: number) => NumberArray) {
    this.#make = make;
    this.#items = make(1024);
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#items.length) {
      const grown = this.#make(this.#items.length * 2);
      grown.set(this.#items);
      this.#items = grown;
    }
    this.#items[this.#length] = value;
    this.#length += 1;
  }

  /** Replaces the entry at `index`, which must be below `length`. */
  set(index: number, value: number): void {
    this.#items[index] = value;
  }

  /** The entry at `index`, which must be below `length`. */
  at(index: number): number {
    return this.#items[index];
  }
}
