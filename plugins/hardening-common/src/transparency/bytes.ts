/**
 * Byte helpers that run the same in Node and in the browser (no `Buffer`).
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Concatenation of byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Whether two byte arrays hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Bytes of lower-case hex; `undefined` for anything else (upper case, odd length). */
export function fromHex(hex: string): Uint8Array | undefined {
  if (!HEX.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

/** Standard base64 with padding (RFC 4648 section 4). */
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard, padded base64 (RFC 4648 section 4) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Bytes of standard, padded base64; `undefined` for anything else: URL-safe
 * letters, missing padding, whitespace, or non-canonical trailing bits.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  // Canonical only: "AB==" and "AC==" decode alike, just one is the encoding.
  return toBase64(out) === text ? out : undefined;
}

/** Big-endian uint32 of the first four bytes. */
export function readUint32(bytes: Uint8Array, at = 0): number {
  return (
    ((bytes[at] << 24) |
      (bytes[at + 1] << 16) |
      (bytes[at + 2] << 8) |
      bytes[at + 3]) >>>
    0
  );
}

/** Four big-endian bytes of a uint32. */
export function uint32Bytes(value: number): Uint8Array {
  return new Uint8Array([
    (value >>> 24) & 0xff,
    (value >>> 16) & 0xff,
    (value >>> 8) & 0xff,
    value & 0xff,
  ]);
}

/** Eight big-endian bytes of a non-negative integer up to 2^53 - 1. */
export function uint64Bytes(value: number): Uint8Array {
  const out = new Uint8Array(8);
  const high = Math.floor(value / 2 ** 32);
  const low = value >>> 0;
  out.set(uint32Bytes(high), 0);
  out.set(uint32Bytes(low), 4);
  return out;
}

/**
 * The big-endian uint64 of eight bytes, or `undefined` when it exceeds
 * `Number.MAX_SAFE_INTEGER`.
 */
export function readUint64(bytes: Uint8Array, at = 0): number | undefined {
  const high = readUint32(bytes, at);
  const low = readUint32(bytes, at + 4);
  if (high > 0x1fffff) return undefined;
  return high * 2 ** 32 + low;
}
