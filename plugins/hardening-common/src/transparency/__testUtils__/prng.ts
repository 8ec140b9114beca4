/** A small seeded PRNG (mulberry32) so random tests replay identically. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    /** An integer in [min, max]. */
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    /** n random bytes. */
    bytes: (n: number) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}

/** `count` random leaves of 0..40 bytes. */
export function randomLeaves(seed: number, count: number): Uint8Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random.bytes(random.int(0, 40)));
}
