import { canonicalJsonWithout } from './canonicalJson';
import { AuditChainLink } from './entry';

/**
 * The `prevHash` of the first entry of every chain: 64 zeros.
 *
 * @public
 */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/**
 * Where a chain starts before its first entry: seq -1 with the genesis hash, so that
 * the first entry has seq 0.
 *
 * @public
 */
export const GENESIS_LINK: AuditChainLink = {
  seq: -1,
  hash: GENESIS_PREV_HASH,
};

/**
 * A synchronous SHA-256 of a string's UTF-8 bytes, as 64 lower-case hex digits. The
 * backend passes one built on `node:crypto`; a browser or CLI can pass any other
 * implementation, so this package does not depend on one.
 *
 * @public
 */
export type Sha256Hex = (text: string) => string;

/**
 * The hashed content of an entry: the entry without its `hash` field, as RFC 8785 (JCS)
 * canonical JSON. This is also what the backend stores.
 *
 * Object keys are sorted by UTF-16 code units, there is no whitespace, strings use
 * the shortest JSON escapes and numbers are serialised like ECMAScript does (so
 * integers above 2^53 lose precision; write them as strings). Re-serialising an entry
 * (other key order, indentation, escapes) therefore gives the same canonical text;
 * changing any value does not.
 *
 * @public
 */
export function canonicalEntryContent(
  entry: Readonly<Record<string, unknown>>,
): string {
  const text = canonicalJsonWithout(entry, 'hash');
  if (text === undefined) {
    throw new TypeError('An audit chain entry must be a JSON object');
  }
  return text;
}

/**
 * The hash rule of release audit chains, the only one:
 *
 * ```
 * hash = sha256_hex( prevHash + "\n" + JCS(entry without its "hash" field) )
 * ```
 *
 * where `prevHash` is the entry's own `prevHash` field (64 zeros for the first entry),
 * `"\n"` is one line feed, JCS is RFC 8785 canonical JSON (see
 * {@link canonicalEntryContent}) and the SHA-256 is over the UTF-8 bytes, written as
 * lower-case hex. Every field but `hash`, including `timestamp`, `prevHash` and any
 * extra field, is covered.
 *
 * @public
 */
export function computeEntryHash(
  entry: { readonly prevHash: string; readonly [field: string]: unknown },
  sha256Hex: Sha256Hex,
): string {
  return hashCanonicalContent(
    entry.prevHash,
    canonicalEntryContent(entry),
    sha256Hex,
  );
}

/**
 * The same rule as {@link computeEntryHash}, for content that is already canonical
 * (as the backend stores it): `sha256_hex(prevHash + "\n" + content)`.
 *
 * @public
 */
export function hashCanonicalContent(
  prevHash: string,
  content: string,
  sha256Hex: Sha256Hex,
): string {
  return sha256Hex(`${prevHash}\n${content}`);
}
