import { InvalidArgumentError } from 'commander';

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** An integer option within bounds. */
export function integerIn(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) {
      throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    }
    const n = Number(value);
    if (n < min || n > max) {
      throw new InvalidArgumentError(`expected ${min} to ${max}, got ${n}`);
    }
    return n;
  };
}
