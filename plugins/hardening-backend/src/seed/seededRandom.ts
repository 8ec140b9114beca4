import { createHash } from 'node:crypto';

/** A deterministic pseudo-random source: the same seed always gives the same sequence. */
export type SeededRandom = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** Lower-case hex of the given length (e.g. a commit SHA). */
  hex(length: number): string;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
};

/**
 * mulberry32 seeded from the SHA-256 of a string. Not for cryptography: only for
 * seeding demo and benchmark data reproducibly.
 */
export function createSeededRandom(seed: string): SeededRandom {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: probability => next() < probability,
    hex: length =>
      Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join(
        '',
      ),
    pick: items => items[int(0, items.length - 1)],
  };
}
