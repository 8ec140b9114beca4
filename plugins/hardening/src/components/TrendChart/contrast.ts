/** A colour as red, green, blue in 0–255 and alpha in 0–1. */
type Rgba = [number, number, number, number];

function parseColour(colour: string): Rgba {
  const value = colour.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(value)?.[1];
  if (hex) {
    const full =
      hex.length <= 4
        ? hex
            .split('')
            .map(c => c + c)
            .join('')
        : hex;
    const channel = (i: number) => parseInt(full.slice(i * 2, i * 2 + 2), 16);
    const alpha = full.length === 8 ? channel(3) / 255 : 1;
    return [channel(0), channel(1), channel(2), alpha];
  }
  const fn = /^rgba?\(([^)]+)\)$/.exec(value)?.[1];
  if (fn) {
    const [r, g, b, a] = fn
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [r, g, b, a ?? 1];
  }
  throw new Error(`Cannot read the colour ${colour}`);
}

/** `colour` painted over the opaque `background`, as an opaque colour. */
function composite(colour: Rgba, background: Rgba): Rgba {
  const alpha = colour[3];
  const mix = (i: number) => colour[i] * alpha + background[i] * (1 - alpha);
  return [mix(0), mix(1), mix(2), 1];
}

/** WCAG 2 relative luminance of an opaque colour. */
function luminance([r, g, b]: Rgba): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * The WCAG 2 contrast ratio (1 to 21) of `foreground` over `background`: hex (`#fff`,
 * `#424242`, `#00000080`) or `rgb()`/`rgba()`; a translucent foreground is painted over
 * the background first, as a browser does. Text needs 4.5, graphics 3.
 */
export function contrastRatio(foreground: string, background: string): number {
  const back = parseColour(background);
  const front = composite(parseColour(foreground), back);
  const [light, dark] = [luminance(front), luminance(back)].sort(
    (a, b) => b - a,
  );
  return (light + 0.05) / (dark + 0.05);
}
