/** One limit a chart draws: whose it is (`M3.4`) and its value. */
export type ChartLimit = { owner: string; value: number };

/** A horizontal line drawn for one or more limits of the same value. */
export type LimitLine = {
  value: number;
  /** `M3.4 p95 ≤ 100 ms`; equal limits share a line: `M3.2, M3.3 p95 ≤ 400 ms`. */
  label: string;
  /** The line's dash pattern, repeated in front of its label. */
  dash: string;
};

/** Dash patterns of the limit lines, none of them solid like the measured series. */
const LIMIT_DASHES = ['6 4', '2 3', '10 3 2 3', '1 5'];

/**
 * The lines for `limits`, highest first: limits of the same value share one line and
 * one label naming every owner, so that equal limits never draw two labels in one place.
 */
export function limitLines(
  limits: readonly ChartLimit[],
  measure: string,
  format: (value: number) => string,
): LimitLine[] {
  const owners = new Map<number, string[]>();
  for (const limit of limits) {
    owners.set(limit.value, [...(owners.get(limit.value) ?? []), limit.owner]);
  }
  return [...owners.entries()]
    .sort(([a], [b]) => b - a)
    .map(([value, names], index) => ({
      value,
      label: `${names.join(', ')} ${measure} ≤ ${format(value)}`,
      dash: LIMIT_DASHES[index % LIMIT_DASHES.length],
    }));
}

/**
 * Moves label positions (pixels, top to bottom, in any order) apart until each is at
 * least `gap` from the next, keeping them between `min` and `max` while there is room:
 * close limits get stacked labels instead of overlapping ones. Returns the positions
 * in the order given.
 */
export function staggerLabels(
  positions: readonly number[],
  options: { gap: number; min: number; max: number },
): number[] {
  const { gap, min, max } = options;
  const order = positions
    .map((_, i) => i)
    .sort((a, b) => positions[a] - positions[b]);
  const placed = order.map(i => Math.min(Math.max(positions[i], min), max));
  for (let i = 1; i < placed.length; i++) {
    placed[i] = Math.max(placed[i], placed[i - 1] + gap);
  }
  if (placed.length > 0 && placed[placed.length - 1] > max) {
    placed[placed.length - 1] = max;
    for (let i = placed.length - 2; i >= 0; i--) {
      placed[i] = Math.min(placed[i], placed[i + 1] - gap);
    }
  }
  const result: number[] = new Array(positions.length);
  order.forEach((index, rank) => {
    result[index] = placed[rank];
  });
  return result;
}

/** Pixels per character of a 12 px label, to reserve room for the longest one. */
const CHAR_WIDTH = 6.6;

/** Where a label starts, right of the plot: a leader, then a swatch of the line's dash. */
export const LABEL_SWATCH = { leader: 6, width: 18, gap: 4 };

/** The right margin a chart needs for its limit labels. */
export function limitLabelsWidth(lines: readonly LimitLine[]): number {
  if (lines.length === 0) return 0;
  const longest = Math.max(...lines.map(line => line.label.length));
  return Math.ceil(
    LABEL_SWATCH.leader +
      LABEL_SWATCH.width +
      LABEL_SWATCH.gap +
      longest * CHAR_WIDTH +
      8,
  );
}
