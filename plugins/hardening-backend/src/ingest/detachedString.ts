/** Any UTF-16 code unit above U+00FF, surrogates included. */
export const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** Room for most strings that {@link detachedString} copies. */
const scratch = Buffer.allocUnsafe(4096);

/**
 * Strings up to this length are copied into the scratch buffer code unit by code
 * unit, which for short strings costs less than the call into `Buffer.write`.
 */
const SHORT_STRING = 128;

/**
 * A flat copy of `value` that refers to no other string. Strings cut from the parser's
 * input (and concatenations of them) keep the whole input chunk they came from alive;
 * a copy kept for the length of a report must not.
 */
export function detachedString(value: string): string {
  const length = value.length;
  if (length <= SHORT_STRING) {
    let i = 0;
    while (i < length) {
      const code = value.charCodeAt(i);
      if (code > 0xff) break;
      scratch[i] = code;
      i += 1;
    }
    if (i === length) {
      return scratch.toString('latin1', 0, length);
    }
  }
  const encoding = BEYOND_LATIN1.test(value) ? 'utf16le' : 'latin1';
  if (2 * length > scratch.length) {
    return Buffer.from(value, encoding).toString(encoding);
  }
  return scratch.toString(encoding, 0, scratch.write(value, 0, encoding));
}
