import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON, with a fast path for plain JSON data.
 *
 * The `canonicalize` package is the reference: it serialises any value, one member at
 * a time. Audit chain entries are plain JSON data (strings, finite numbers, booleans,
 * null, arrays and plain objects), and for those the same text comes out of
 * `JSON.stringify` once every object's keys are in UTF-16 code unit order:
 * `JSON.stringify` writes strings with the escapes JCS requires and numbers as
 * ECMAScript does (JCS's rule too, -0 as 0), and it writes an object's keys in the
 * order they were added unless a key is an array index ("0", "17"), which always
 * comes first. So the fast path copies the value with its keys added in sorted order
 * and stringifies the copy in one call.
 *
 * It leaves everything else to `canonicalize`, which then gives the result or the
 * error: keys starting with a digit (array indices among them) and `__proto__`,
 * lone surrogates, NaN and infinities, `undefined`, functions, symbols, bigints,
 * objects other than plain objects and arrays (dates, boxed primitives, class
 * instances), anything with a `toJSON` method, and nesting deeper than
 * {@link MAX_FAST_DEPTH} (so cycles too).
 */

const UNSUPPORTED = Symbol('not plain JSON data');
type Unsupported = typeof UNSUPPORTED;

/** Deeper values go to the `canonicalize` package, which does not recurse. */
export const MAX_FAST_DEPTH = 64;

/** Objects with more keys are sorted by `Array.prototype.sort` instead of by insertion. */
const INSERTION_SORT_MAX = 16;

/** `String.prototype.isWellFormed` (ES2024): false when the string has a lone surrogate. */
const isWellFormed = (text: string) =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

const hasToJson = (value: object) =>
  typeof (value as { toJSON?: unknown }).toJSON === 'function';

/**
 * Whether `JSON.stringify` writes the key where it was added and JCS writes it as
 * `JSON.stringify` does: not an array index (those start with a digit), not the
 * `__proto__` accessor, no lone surrogate.
 */
function isFastKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return (
    !(first >= 0x30 && first <= 0x39) &&
    key !== '__proto__' &&
    isWellFormed(key)
  );
}

/** The object's own enumerable keys in UTF-16 code unit order, or UNSUPPORTED. */
function sortedKeys(object: object): string[] | Unsupported {
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    if (!isFastKey(keys[i])) return UNSUPPORTED;
  }
  if (keys.length > INSERTION_SORT_MAX) {
    // The default comparator orders strings by UTF-16 code units.
    return keys.sort();
  }
  // `<` on strings compares UTF-16 code units too.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i;
    while (j > 0 && keys[j - 1] > key) {
      keys[j] = keys[j - 1];
      j--;
    }
    keys[j] = key;
  }
  return keys;
}

/**
 * A copy of a plain object with its keys added in code unit order (without `omit`),
 * or UNSUPPORTED.
 */
function sortedObjectCopy(
  object: Readonly<Record<string, unknown>>,
  omit: string | undefined,
  depth: number,
): Record<string, unknown> | Unsupported {
  const keys = sortedKeys(object);
  if (keys === UNSUPPORTED) return UNSUPPORTED;
  const copy: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === omit) continue;
    const member = sortedCopy(object[key], depth + 1);
    if (member === UNSUPPORTED) return UNSUPPORTED;
    copy[key] = member;
  }
  return copy;
}

/** Not an array, its prototype Object.prototype or null, no `toJSON` method. */
function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) &&
    !Array.isArray(value) &&
    !hasToJson(value)
  );
}

/** `value` with every object's keys in code unit order, or UNSUPPORTED. */
function sortedCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return isWellFormed(value) ? value : UNSUPPORTED;
    case 'number':
      return Number.isFinite(value) ? value : UNSUPPORTED;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return UNSUPPORTED;
  }
  if (value === null) return null;
  if (depth >= MAX_FAST_DEPTH) return UNSUPPORTED;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || hasToJson(value)) {
      return UNSUPPORTED;
    }
    const array: readonly unknown[] = value;
    const copy: unknown[] = [];
    for (let i = 0; i < array.length; i++) {
      const element = sortedCopy(array[i], depth + 1);
      if (element === UNSUPPORTED) return UNSUPPORTED;
      copy.push(element);
    }
    return copy;
  }
  return isPlainObject(value)
    ? sortedObjectCopy(value, undefined, depth)
    : UNSUPPORTED;
}

/**
 * The fast path alone: the canonical JSON of `value`, or undefined when `value` holds
 * anything but plain JSON data (see the top of this file).
 */
export function canonicalPlainJson(value: unknown): string | undefined {
  const copy = sortedCopy(value, 0);
  return copy === UNSUPPORTED ? undefined : JSON.stringify(copy);
}

/**
 * The canonical JSON of `value`: exactly what the `canonicalize` package returns
 * (undefined for a value JSON has no text for), and the same errors.
 */
export function canonicalJson(value: unknown): string | undefined {
  return canonicalPlainJson(value) ?? canonicalize(value);
}

/**
 * The canonical JSON of an object without one of its properties: the same as
 * `canonicalize` of `{ ...object }` without `omit`, without copying the object first.
 */
export function canonicalJsonWithout(
  object: Readonly<Record<string, unknown>>,
  omit: string,
): string | undefined {
  if (isPlainObject(object)) {
    const copy = sortedObjectCopy(object, omit, 0);
    if (copy !== UNSUPPORTED) return JSON.stringify(copy);
  }
  const { [omit]: _omitted, ...rest } = object;
  return canonicalize(rest);
}
