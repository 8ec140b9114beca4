/** What {@link IntMap.get} gives for a key it does not hold. */
export const ABSENT = -0x80000000;

/**
 * A map from non-negative integers below 2^30 to 32-bit integers, in one typed array
 * (open addressing, linear probing, at most half full): a lookup reads one place in
 * memory where a `Map` of 100,000 entries reads several, and the garbage collector
 * sees one object. Keys should be well mixed (hashes): neighbouring keys share slots.
 */
export class IntMap {
  /** Pairs of (key + 1, value); key 0 marks an empty slot. */
  #slots = new Int32Array(2 * 1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The value of `key`, or {@link ABSENT}. */
  get(key: number): number {
    const slots = this.#slots;
    const mask = (slots.length >>> 1) - 1;
    for (let slot = key & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[2 * slot];
      if (stored === 0) return ABSENT;
      if (stored === key + 1) return slots[2 * slot + 1];
    }
  }

  set(key: number, value: number): void {
    if (2 * (this.#size + 1) > this.#slots.length >>> 1) {
      this.#grow();
    }
    if (IntMap.#put(this.#slots, key, value)) {
      this.#size += 1;
    }
  }

  /** Stores `key`'s value in `slots`; true when the key is new. */
  static #put(slots: Int32Array, key: number, value: number): boolean {
    const mask = (slots.length >>> 1) - 1;
    for (let slot = key & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[2 * slot];
      if (stored === 0 || stored === key + 1) {
        slots[2 * slot] = key + 1;
        slots[2 * slot + 1] = value;
        return stored === 0;
      }
    }
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Int32Array(2 * old.length);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0) IntMap.#put(slots, old[i] - 1, old[i + 1]);
    }
    this.#slots = slots;
  }
}
